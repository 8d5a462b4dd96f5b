"""``anahp-sync`` as a process: exit codes, JSON output, one-sentence errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anahp_desktop.demo.emulator import SinhaEmulator
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.source_db import SourceDb


@pytest.fixture
def config(tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator) -> Path:
    return write_config(
        tmp_path / "config.toml",
        source_db.url,
        f"sqlite:///{tmp_path / 'state.sqlite'}",
        emulator.url,
    )


def assert_one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: ")


def test_sync_json_exit_0_then_status_and_log(
    config: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(12)
    result = run_cli("--config", str(config), "sync", "--json", env=secret_env())
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (
        summary["delivered"],
        summary["rejected"],
        summary["pending"],
        summary["batches"],
        summary["failures"],
    ) == (12, 0, 0, 2, 0)

    status = run_cli("--config", str(config), "status", "--json", env=secret_env())
    assert status.code == 0
    report = json.loads(status.stdout)
    assert report["pending"] == 0 and report["last_success"]["delivered"] == 12

    log = run_cli("--config", str(config), "log", "--json", "--status", "success", env=secret_env())
    rows = json.loads(log.stdout)
    assert len(rows) == 2 and {r["trigger"] for r in rows} == {"cli"}


def test_sync_exit_1_when_a_batch_stays_pending(
    config: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(5)
    emulator.script = ["503"] * 5
    result = run_cli("--config", str(config), "sync", "--json", env=secret_env())
    assert result.code == 1
    summary = json.loads(result.stdout)
    assert summary["pending"] == 5 and summary["status"] == "failed"
    assert run_cli("--config", str(config), "sync", "--json", env=secret_env()).code == 0


def test_exit_2_on_configuration_errors_with_one_sentence(config: Path, tmp_path: Path) -> None:
    missing_secret = run_cli("--config", str(config), "sync", env={"SINHA_API_PASSWORD": "x"})
    assert missing_secret.code == 2
    assert_one_sentence(missing_secret.stderr)
    assert "ANAHP_PSEUDONYM_KEY" in missing_secret.stderr

    broken = tmp_path / "broken.toml"
    broken.write_text("[sync]\nbatch_size = -1\n")
    bad = run_cli("--config", str(broken), "sync", env=secret_env())
    assert bad.code == 2
    assert_one_sentence(bad.stderr)


def test_wrong_sinha_password_is_exit_2(config: Path, source_db: SourceDb) -> None:
    source_db.add_valid(1)
    env = secret_env() | {"SINHA_API_PASSWORD": "wrong"}
    result = run_cli("--config", str(config), "sync", env=env)
    assert result.code == 2
    assert "SINHA refused the user name or password" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_secrets_set_without_a_keyring_says_what_to_do() -> None:
    result = run_cli(
        "secrets",
        "set",
        "sinha-password",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )
    # no terminal: getpass reads the (empty) stdin
    assert result.code == 2
    assert_one_sentence(result.stderr)


def test_version() -> None:
    from anahp_desktop import __version__

    result = run_cli("--version")
    assert result.code == 0 and __version__ in result.stdout


def test_portuguese_messages(config: Path) -> None:
    result = run_cli(
        "--lang", "pt_BR", "--config", str(config), "sync", env={"SINHA_API_PASSWORD": "x"}
    )
    assert result.code == 2
    assert "Erro:" in result.stderr
