"""``anahp-sync`` and its files: a named settings file must exist, Windows encodings are read,
and the state store is a private local file unless the hospital database is chosen."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from anahp_desktop.demo.emulator import SinhaEmulator
from tests.helpers.cli import run_cli, secret_env
from tests.helpers.fixtures import SINHA_USER
from tests.helpers.source_db import SourceDb


def settings_text(source_db: SourceDb, emulator: SinhaEmulator, state: str | None = None) -> str:
    text = f'[source]\nurl = "{source_db.url}"\n'
    if state is not None:
        text += f'\n[state]\nurl = "{state}"\n'
    return text + (
        f'\n[sinha]\nurl = "{emulator.url}"\nuser = "{SINHA_USER}"\n'
        "\n[sync]\nbatch_size = 10\nmax_in_flight = 1\n"
    )


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize("how", ["--config", "ANAHP_CONFIG"])
def test_a_mistyped_settings_file_is_rc_2_not_a_run_on_defaults(tmp_path: Path, how: str) -> None:
    missing = tmp_path / "confg.toml"
    args = ["--config", str(missing)] if how == "--config" else []
    env = secret_env() | ({"ANAHP_CONFIG": str(missing)} if how == "ANAHP_CONFIG" else {})
    result = run_cli(*args, "sync", env=env)
    assert result.code == 2
    assert result.stderr == f"Error: The settings file {missing} (named by {how}) does not exist.\n"


def test_a_settings_file_saved_by_powershell_5_as_utf16_runs(
    tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(3)
    config = tmp_path / "config.toml"
    text = settings_text(source_db, emulator, f"sqlite:///{tmp_path / 'state.sqlite'}")
    config.write_bytes(text.encode("utf-16"))
    result = run_cli("--config", str(config), "sync", env=secret_env())
    assert result.code == 0, result.stderr


def test_a_settings_file_in_notepad_ansi_is_one_sentence_and_rc_2(
    tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    config = tmp_path / "config.toml"
    text = settings_text(source_db, emulator) + '\n[app]\noperator = "João"\n'
    config.write_bytes(text.encode("cp1252"))
    result = run_cli("--config", str(config), "sync", env=secret_env())
    assert result.code == 2
    assert "Traceback" not in result.stderr and "Unexpected" not in result.stderr
    assert "is not UTF-8 text" in result.stderr and len(result.stderr.splitlines()) == 1
    bom = tmp_path / "bom.toml"
    bom.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert "Invalid statement" not in run_cli("--config", str(bom), "status").stderr


def test_by_default_the_state_store_is_a_private_file_in_the_user_data_folder(
    tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(12)
    config = tmp_path / "config.toml"
    config.write_text(settings_text(source_db, emulator))
    data = tmp_path / "data"
    env = secret_env() | {"XDG_DATA_HOME": str(data), "XDG_STATE_HOME": str(tmp_path / "logs")}
    previous = os.umask(0)  # the worst umask: files would be 0666
    try:
        result = run_cli("--config", str(config), "sync", env=env)
    finally:
        os.umask(previous)
    assert result.code == 0, result.stderr
    state = data / "anahp-sync" / "state.sqlite"
    assert not {t for t in tables(source_db.url) if t.startswith(("sinha_", "operations_log"))}
    assert {"sinha_batches", "operations_log"} <= tables(f"sqlite:///{state}")
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert stat.S_IMODE(state.parent.stat().st_mode) == 0o700
    logs = list((tmp_path / "logs").rglob("anahp-sync.log"))
    assert logs and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in logs)
    assert all(stat.S_IMODE(p.parent.stat().st_mode) == 0o700 for p in logs)


def test_the_hospital_database_holds_the_state_only_when_chosen(
    tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(3)
    config = tmp_path / "config.toml"
    config.write_text(settings_text(source_db, emulator, "source"))
    env = secret_env() | {"XDG_DATA_HOME": str(tmp_path / "data")}
    assert run_cli("--config", str(config), "sync", env=env).code == 0
    assert {"sinha_batches", "operations_log"} <= tables(source_db.url)
    assert not (tmp_path / "data" / "anahp-sync" / "state.sqlite").exists()
