"""``anahp-sync check`` as Nagios, Zabbix or PRTG run it: the right exit code in each state."""

from __future__ import annotations

import json
import re
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


def check(config: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = run_cli("--config", str(config), "check", *args, env=env or secret_env())
    assert result.stdout.count("\n") == 1, result.stdout  # exactly one line
    assert "Traceback" not in result.stderr
    return result.code, result.stdout.strip()


def perf(line: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)=([^;\s]+)", line.split(" | ", 1)[1]))


def test_each_state_has_its_exit_code(
    config: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    source_db.add_valid(4)
    code, line = check(config)
    assert (code, line.split(" - ")[0]) == (2, "ANAHP SYNC CRITICAL")  # never succeeded
    assert perf(line)["pending"] == "4"

    assert run_cli("--config", str(config), "sync", env=secret_env()).code == 0
    code, line = check(config)
    assert (code, line.split(" - ")[0]) == (0, "ANAHP SYNC OK")
    assert perf(line)["pending"] == "0" and perf(line)["last_run_duration"].endswith("s")

    code, line = check(config, "--format", "prtg")
    assert (code, line.split(" - ")[0]) == (0, "0:OK")

    code, line = check(config, "--warn-hours", "0.000001", "--crit-hours", "100")
    assert (code, line.split(" - ")[0]) == (1, "ANAHP SYNC WARNING")
    code, line = check(config, "--warn-hours", "0.000001", "--crit-hours", "0.000002")
    assert (code, line.split(" - ")[0]) == (2, "ANAHP SYNC CRITICAL")

    source_db.add_valid(3)
    emulator_env = secret_env() | {"SINHA_API_PASSWORD": "wrong"}
    assert run_cli("--config", str(config), "sync", env=emulator_env).code == 2
    code, line = check(config)
    assert code == 1
    assert "the last sync failed: SINHA refused the user name or password (HTTP 401)." in line

    status = json.loads(
        run_cli("--config", str(config), "status", "--json", env=secret_env()).stdout
    )
    assert perf(line)["pending"] == str(status["pending"]) == "3"  # the same truth as status


def test_unknown_when_the_state_cannot_be_read_or_the_arguments_are_wrong(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    broken = write_config(
        tmp_path / "broken.toml",
        f"sqlite:///{tmp_path / 'missing-folder' / 'source.sqlite'}",
        f"sqlite:///{tmp_path / 'no-such-dir' / 'state.sqlite'}",
        emulator.url,
    )
    code, line = check(broken)
    assert code == 3 and line.startswith("ANAHP SYNC UNKNOWN - ")
    code, line = check(broken, "--warn-hours", "many")
    assert (code, line) == (3, "ANAHP SYNC UNKNOWN - 'many' is not a number of hours")
    code, line = check(broken, "--warn-hours", "30", "--crit-hours", "10")
    assert (code, line) == (3, "ANAHP SYNC UNKNOWN - --warn-hours must not be above --crit-hours")
