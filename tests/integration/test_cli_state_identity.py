"""A lost or emptied state store is refused, not silently restarted from scratch.

The installation records, beside its settings, the id of the store it uses; an empty
store where it used another one would send every record version again (and, where new
rows shift batch boundaries, count versions twice at SINHA). ``anahp-sync`` answers with
a sentence and rc 2; ``state fresh-start`` says what SINHA would receive, and only
``--yes`` makes the empty store the installation's store.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.state.schema import store_identity
from tests.helpers.cli import CliResult, run_cli, secret_env
from tests.helpers.fixtures import SINHA_USER
from tests.helpers.outcomes import sinha_versions
from tests.helpers.source_db import SourceDb


@pytest.fixture
def installation(tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator) -> Path:
    source_db.add_valid(12)
    config = tmp_path / "cfg" / "config.toml"
    config.parent.mkdir()
    config.write_text(
        f'[source]\nurl = "{source_db.url}"\n\n[sinha]\nurl = "{emulator.url}"\n'
        f'user = "{SINHA_USER}"\n\n[sync]\nbatch_size = 5\nmax_in_flight = 1\n'
    )
    return config


def cli(config: Path, *args: str) -> CliResult:
    env = secret_env() | {"XDG_DATA_HOME": str(config.parent.parent / "data")}
    return run_cli("--config", str(config), *args, env=env)


def state_file(config: Path) -> Path:
    return config.parent.parent / "data" / "anahp-sync" / "state.sqlite"


def store_id(path: Path) -> str:
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        value = conn.execute(select(store_identity.c.store_id)).scalar_one()
    engine.dispose()
    return str(value)


def test_the_installation_records_the_store_it_uses(installation: Path) -> None:
    assert cli(installation, "sync").code == 0
    record = installation.with_name("config.store-identity.json")
    data = json.loads(record.read_text())
    assert data["store_id"] == store_id(state_file(installation))
    assert data["location"] == str(state_file(installation))
    assert stat.S_IMODE(record.stat().st_mode) == 0o600


def test_a_lost_store_is_refused_with_a_sentence_and_nothing_is_sent_again(
    installation: Path, emulator: SinhaEmulator
) -> None:
    assert cli(installation, "sync").code == 0
    posts = emulator.state.posts
    state_file(installation).unlink()  # deleted, or a disk image restored without it
    for command in ("sync", "status"):
        refused = cli(installation, command)
        assert refused.code == 2, refused.stdout + refused.stderr
        assert "is empty, but this installation used another one" in refused.stderr
        assert "anahp-sync state fresh-start" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert emulator.state.posts == posts


def test_fresh_start_says_what_sinha_would_receive_and_acts_only_with_yes(
    installation: Path, emulator: SinhaEmulator
) -> None:
    assert cli(installation, "sync").code == 0
    state_file(installation).unlink()
    asked = cli(installation, "state", "fresh-start")
    assert asked.code == 2
    assert "sends the 12 record versions now in the view again" in asked.stdout
    assert "counted a second time" in asked.stdout
    assert "Nothing was changed" in asked.stdout
    assert cli(installation, "sync").code == 2  # still refused
    confirmed = cli(installation, "state", "fresh-start", "--yes")
    assert confirmed.code == 0, confirmed.stderr
    assert cli(installation, "sync").code == 0
    versions = sinha_versions(emulator)
    assert len(versions) == len(set(versions)) == 12  # same batches again: same id_lote


def test_fresh_start_refuses_a_store_that_holds_earlier_runs(installation: Path) -> None:
    assert cli(installation, "sync").code == 0
    result = cli(installation, "state", "fresh-start", "--yes")
    assert result.code == 2
    assert "holds earlier runs" in result.stderr


def test_state_left_in_the_hospital_database_by_an_earlier_version_is_not_ignored(
    installation: Path, emulator: SinhaEmulator
) -> None:
    text = installation.read_text()
    installation.write_text(text.replace("[sinha]", '[state]\nurl = "source"\n\n[sinha]'))
    assert cli(installation, "sync").code == 0
    installation.with_name("config.store-identity.json").unlink()  # as before this version
    installation.write_text(text)  # the default moved to a local file
    refused = cli(installation, "sync")
    assert refused.code == 2
    assert "Earlier runs kept their state in the hospital database" in refused.stderr
    assert 'state.url = "source"' in refused.stderr
    assert emulator.state.posts == 3
