"""The status bar: a message too long for it ends in "…" and is whole in its tooltip."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.window_geometry import MINIMUM_MAIN
from tests.helpers.source_db import SourceDb
from tests.ui.clipping import clipped, status_message_clipped
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, wait_idle


def test_a_failure_too_long_for_the_status_bar_is_elided_and_whole_in_its_tooltip(
    qtbot: QtBot,
    ui_context: AppContext,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_window: Callable[..., MainWindow],
) -> None:
    source_db.add_valid(5)
    emulator.script = ["503", "503", "503"]
    window = make_window(ui_context)
    window.resize(MINIMUM_MAIN)  # a small screen, beside the "no system tray" notice
    with qtbot.waitSignal(window.controller.finished, timeout=SIGNAL_TIMEOUT_MS):
        window.request_sync(Trigger.MANUAL)
    wait_idle(qtbot, window)
    bar = window.statusBar()
    message = bar.currentMessage()
    assert message.startswith("Sync failed at ")
    assert message.endswith(": SINHA had a server error (HTTP 503).")
    assert status_message_clipped(window) is None
    assert [p for p in clipped(window) if "statusMessage" in p or message[:20] in p] == []
    label = bar.message_label  # type: ignore[attr-defined]
    assert label.text().endswith("…") and message.startswith(label.text()[:-1])
    assert label.toolTip() == message
    window.resize(1900, 700)  # room for all of it: no ellipsis, no tooltip
    qtbot.waitUntil(lambda: label.text() == message, timeout=2000)
    assert label.toolTip() == ""
