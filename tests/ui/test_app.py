"""The entry point: --version, single instance, and the demo's scripted failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from anahp_desktop import __version__
from anahp_desktop.config import loader
from anahp_desktop.domain.statuses import BatchStatus, Trigger
from anahp_desktop.secrets import SecretName
from anahp_desktop.state import queries
from anahp_desktop.sync.service import SyncService
from anahp_desktop.sync.work_left import Verdict
from anahp_desktop.ui import demo_mode, single_instance
from anahp_desktop.ui.single_instance import InstanceServer
from tests.helpers.fixtures import no_wait_policy

BIN = Path(sys.executable).parent


def test_version_from_the_console_script_and_the_module() -> None:
    for command in (
        [str(BIN / "anahp-desktop"), "--version"],
        [sys.executable, "-m", "anahp_desktop", "--version"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
        assert done.stdout.strip() == f"anahp-desktop {__version__}"


def test_second_launch_brings_the_first_to_the_front(qtbot: QtBot) -> None:
    name = single_instance.server_name(f"test-{os.getpid()}")
    assert not single_instance.notify_running(name)  # nobody there yet
    server = InstanceServer(name)
    try:
        assert server.listening
        with qtbot.waitSignal(server.show_requested, timeout=5000):
            assert single_instance.notify_running(name)
    finally:
        server.close()


def test_a_stale_socket_from_a_crashed_instance_is_taken_over(qtbot: QtBot) -> None:
    name = single_instance.server_name(f"stale-{os.getpid()}")
    first = InstanceServer(name)
    first.close()
    second = InstanceServer(name)
    try:
        assert second.listening
    finally:
        second.close()


def test_demo_has_one_failed_batch_that_a_retry_delivers(tmp_path: Path) -> None:
    context, env = demo_mode.start(tmp_path / "demo", fresh=True, records=2500)
    try:
        assert context.demo and context.config_path == tmp_path / "demo" / "config.toml"
        assert "password" not in context.config_path.read_text(encoding="utf-8").lower()
        assert context.keyring is not context.secrets  # the settings window uses the OS keyring
        assert context.secrets.get(SecretName.SINHA_PASSWORD)  # the demo's own, in memory
        service = SyncService(
            context.settings,
            context.secrets,
            policy=no_wait_policy(context.settings.sync.max_attempts),
        )
        first = service.run(Trigger.MANUAL)
        assert first.status == "failed" and first.delivered > 0
        waiting = queries.retryable_batch_ids(service.store)
        backlog = service.status().batches
        # the failed batch, and those the run had built and never sent
        assert (backlog.failed, backlog.unsent) == (1, len(waiting) - 1)
        assert service.status().verdict is Verdict.FAILED
        (failed,) = service.store.open_batches([BatchStatus.FAILED])
        retry = service.run(Trigger.RETRY, only_batches=[failed.id_lote])
        assert retry.status == "success"
        assert service.status().verdict is Verdict.RECORDS_WAIT  # never "success" yet
        rest = service.run(Trigger.RETRY, only_batches=queries.retryable_batch_ids(service.store))
        assert rest.status == "success" and rest.pending == 0
        assert service.status().verdict is Verdict.NOTHING_LEFT
        service.close()
    finally:
        env.stop()
    # a second launch keeps what the operator saved, with the live emulator's address
    saved = loader.load(context.config_path, env={}).settings.model_copy(deep=True)
    saved.sync.interval_minutes = 42
    loader.save(saved, context.config_path)
    again, env2 = demo_mode.start(tmp_path / "demo")
    try:
        assert again.settings.sync.interval_minutes == 42
        assert again.settings.sinha.url == env2.emulator.url
        assert env2.emulator.script == []  # only a fresh demo scripts a failure
    finally:
        env2.stop()


def test_one_instance_per_settings_file_not_per_machine_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two profiles of one account (another config folder) are two installations."""
    from anahp_desktop.ui.app import _instance_scope, build_parser

    scopes = []
    for profile in ("first", "second"):
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / profile))
        scopes.append(_instance_scope(build_parser().parse_args([])))
    demo = _instance_scope(build_parser().parse_args(["--demo"]))
    named = _instance_scope(build_parser().parse_args(["--config", str(tmp_path / "c.toml")]))
    assert len({*scopes, demo, named}) == 4
    assert named == str((tmp_path / "c.toml").resolve())


@pytest.mark.parametrize(
    ("lang_arg", "file_language", "expected"),
    [
        (["--lang", "pt_BR"], None, "O ANAHP Sync já está aberto"),
        ([], "pt_BR", "O ANAHP Sync já está aberto"),  # the settings file's language
        ([], None, "ANAHP Sync is already running"),
    ],
)
def test_a_second_launch_says_so_in_the_windows_language(
    qtbot: QtBot,
    tmp_path: Path,
    lang_arg: list[str],
    file_language: str | None,
    expected: str,
) -> None:
    config = tmp_path / "config.toml"
    if file_language is not None:
        config.write_text(f'[app]\nlanguage = "{file_language}"\n', encoding="utf-8")
    name = single_instance.server_name(str(config.resolve()))
    # the running app, as far as the second launch can tell: its lock file and its socket
    lock = single_instance.InstanceLock(name)
    assert lock.acquire()
    first = InstanceServer(name)
    try:
        assert first.listening
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LANGUAGE": "en"}
        done = subprocess.run(
            [str(BIN / "anahp-desktop"), "--config", str(config), *lang_arg],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
            check=True,
        )
    finally:
        first.close()
        lock.release()
    assert done.stdout.startswith(expected), done.stdout + done.stderr
