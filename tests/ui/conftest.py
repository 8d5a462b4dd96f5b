"""Fixtures for the desktop app's tests: a real context on SQLite files and the emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from anahp_desktop.config.settings import Settings
from anahp_desktop.secrets import Secrets
from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui import i18n
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.tasks import TaskRunner
from tests.helpers.fixtures import memory_secrets, no_wait_policy

SIGNAL_TIMEOUT_MS = 20_000


def make_context(
    settings: Settings,
    tmp_path: Path,
    secrets: Secrets | None = None,
    keyring: Secrets | None = None,
    max_attempts: int = 3,
) -> AppContext:
    secrets = secrets or memory_secrets()

    def factory(s: Settings, sec: Secrets) -> SyncService:
        return SyncService(s, sec, policy=no_wait_policy(max_attempts))

    return AppContext(
        settings=settings,
        config_path=tmp_path / "config" / "config.toml",
        secrets=secrets,
        keyring=keyring or secrets,
        factory=factory,
    )


@pytest.fixture(autouse=True, scope="session")
def english_catalogue(qapp: QApplication) -> str:
    """The app's English catalogue, as a user with an English system gets it."""
    return i18n.install(qapp, "en")


@pytest.fixture
def ui_context(make_settings: Callable[..., Settings], tmp_path: Path) -> AppContext:
    return make_context(make_settings(app={"minimize_to_tray": False}), tmp_path)


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.wait()


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[Callable[..., MainWindow]]:
    windows: list[MainWindow] = []

    def make(context: AppContext, *, start: bool = True, **_kw: Any) -> MainWindow:
        window = MainWindow(context)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        if start:
            with qtbot.waitSignal(window.overview_loaded, timeout=SIGNAL_TIMEOUT_MS):
                window.start()
        return window

    yield make
    for window in windows:
        window.shutdown()


def wait_idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until the run and every background query finished."""
    qtbot.waitUntil(lambda: not window.controller.running, timeout=SIGNAL_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=SIGNAL_TIMEOUT_MS)
