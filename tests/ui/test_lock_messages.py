"""The window and another copy holding the sync lock: named honestly, never a failure, never a dead pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state.holder import LockHolder
from anahp_desktop.state.sync_lock import RunningSync
from anahp_desktop.ui import i18n, icons
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.presenters import lock_text
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle

HOLDER = """
import sys, time
from sqlalchemy import create_engine
from anahp_desktop.state.store import StateStore
from anahp_desktop.state.sync_lock import SyncLock
SyncLock(StateStore(create_engine(sys.argv[1])), "cli").acquire()
print("held", flush=True)
time.sleep(120)
"""


@contextmanager
def command_line_holder(state_url: str) -> Iterator[subprocess.Popen[str]]:
    """Another process (as `anahp-sync sync` would) holding the lock of the window's store."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, state_url], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        yield proc
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def refresh(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.overview_loaded, timeout=SIGNAL_TIMEOUT_MS):
        window.refresh_overview()


def test_another_copys_run_is_named_a_click_is_refused_without_alarm_and_a_killed_one_is_forgotten(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(5)
    window = make_window(ui_context)  # (creates the state store)
    notes: list[str] = []
    window.tray.notify = lambda title, text, **_kw: notes.append(title)  # type: ignore[method-assign]
    with command_line_holder(source_db.state_url) as proc:
        where = (
            f"on {socket.gethostname()} (process {proc.pid}, started from the command line) since"
        )
        refresh(qtbot, window)
        assert window.dashboard.activity.text().startswith(f"A sync is running {where}")
        with qtbot.waitSignal(window.controller.failed, timeout=SIGNAL_TIMEOUT_MS):
            window.request_sync(Trigger.MANUAL)  # refused: the worker reports it as "failed"
        wait_idle(qtbot, window)
        refused = window.progress_view.headline.text()
        assert refused.startswith(f"A sync is already running {where}")
        assert refused.endswith("; try again when it finishes.")
        assert window.tray.state == icons.IDLE and notes == []  # not a failure
        assert emulator.state.posts == 0
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        refresh(qtbot, window)
        assert str(proc.pid) not in window.dashboard.activity.text()  # gone: never "running"
        with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS) as done:
            window.request_sync(Trigger.MANUAL)
        assert done.args[0].status == "success"
        wait_idle(qtbot, window)
    assert len(set(emulator.state.versions)) == 5


def test_the_holder_sentences_in_portuguese(qapp: QApplication) -> None:
    holder = LockHolder("SALA-TI", 30759, Trigger.SCHEDULED, datetime(2026, 11, 27, 17, 3))
    i18n.install(qapp, "pt_BR")
    try:
        refused = lock_text.already_running(holder)
        running = lock_text.running_elsewhere(RunningSync(holder))
        unnamed = lock_text.already_running(None)
    finally:
        i18n.install(qapp, "en")
    assert refused.startswith(
        "Uma sincronização já está em andamento em SALA-TI (processo 30759, iniciada pelo "
        "agendamento) desde 27/11/2026"
    )
    assert refused.endswith("; tente de novo quando ela terminar.")
    assert running.startswith("Uma sincronização está em andamento em SALA-TI (processo 30759,")
    assert unnamed.startswith("Outra cópia do aplicativo está iniciando uma sincronização")


def test_this_windows_own_finished_run_is_never_shown_as_running_elsewhere() -> None:
    mine = LockHolder(
        socket.gethostname(), os.getpid(), Trigger.MANUAL, datetime(2026, 11, 27, 17, 3)
    )
    assert lock_text.running_elsewhere(RunningSync(mine)) == ""
    assert lock_text.running_elsewhere(None) == ""
