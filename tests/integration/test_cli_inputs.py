"""Whatever is typed after ``anahp-sync``, and wherever its output goes: a sentence, never
"Unexpected error"; and a run that worked exits 0 even when nobody reads its output."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.source_db import SourceDb


def assert_sentence(result: object, fragment: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.code == 2, stderr  # type: ignore[attr-defined]
    assert fragment in stderr, stderr
    assert "Unexpected error" not in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("limit", ["1e20", "100000000000000000000", "0", "-5", "lots"])
def test_log_limit_out_of_range(limit: str, tmp_path: Path) -> None:
    result = run_cli("log", "--limit", limit)
    assert_sentence(result, f"{limit!r} is not a whole number from 1 to 1000000")


@pytest.mark.parametrize(
    ("faults", "fragment"),
    [
        ("{", "--faults is not a fault setting (Expecting property name"),
        ("[]", "--faults is not a fault setting (faults must be a JSON object"),
        ('{"eror_rate": 0.1}', "unknown fault setting(s): eror_rate"),
        ('{"error_rate": "lots"}', "error_rate must be a number"),
    ],
)
def test_emulator_faults_that_are_not_faults(faults: str, fragment: str) -> None:
    assert_sentence(run_cli("emulator", "--port", "0", "--faults", faults), fragment)


def test_emulator_port_out_of_range_or_busy() -> None:
    assert_sentence(
        run_cli("emulator", "--port", "99999"), "'99999' is not a whole number from 0 to 65535"
    )
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("emulator", "--port", str(port))
    assert_sentence(result, f"cannot listen on 127.0.0.1:{port} (Address already in use)")


def test_demo_folder_that_cannot_be_made() -> None:
    assert_sentence(
        run_cli("demo", "--dir", "/proc/x", "--records", "10"),
        "The demo folder /proc/x cannot be used",
    )


@pytest.fixture
def config(tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator) -> Path:
    source_db.add_valid(5)
    return write_config(
        tmp_path / "config.toml",
        source_db.url,
        f"sqlite:///{tmp_path / 'state.sqlite'}",
        emulator.url,
    )


@pytest.mark.parametrize("stdout", ["closed", "/dev/full"])
def test_a_successful_run_exits_0_whatever_became_of_stdout(config: Path, stdout: str) -> None:
    for command in (["sync"], ["sync", "--json"], ["status"]):
        with open(os.devnull if stdout == "closed" else stdout, "w") as target:
            proc = subprocess.run(
                [sys.executable, "-m", "anahp_desktop.cli.main", "--config", str(config), *command],
                stdout=target,
                stderr=subprocess.PIPE,
                text=True,
                env=dict(os.environ) | secret_env(),
                preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None,
                timeout=60,
            )
        assert proc.returncode == 0, (command, proc.stderr)
        assert "Unexpected" not in proc.stderr and "Exception ignored" not in proc.stderr


def test_a_wrong_sinha_password_is_noticed_even_with_nothing_to_send(config: Path) -> None:
    assert run_cli("--config", str(config), "sync", env=secret_env()).code == 0
    wrong = run_cli(
        "--config", str(config), "sync", env=secret_env() | {"SINHA_API_PASSWORD": "old"}
    )
    assert wrong.code == 2
    assert "SINHA refused the user name or password (HTTP 401)" in wrong.stdout + wrong.stderr


def test_sending_raw_encounter_numbers_is_said_on_every_run(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(3)
    service = make_service(sync={"send_raw_atendimento": True})
    for _ in range(2):
        notices = service.run(Trigger.CLI).notices
        assert any("not pseudonymized (sync.send_raw_atendimento = true)" in n for n in notices)
