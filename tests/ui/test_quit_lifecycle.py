"""The quit protocol decided without a window: quit, wait for the run, cancel it, stay, close."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from anahp_desktop.ui.quit_lifecycle import (
    QUIT_CANCEL,
    QUIT_STAY,
    QUIT_WAIT,
    CloseStep,
    QuitLifecycle,
)


class Recorder:
    def __init__(self, quitter: QuitLifecycle) -> None:
        self.events: list[str] = []
        quitter.quit_now.connect(lambda: self.events.append("quit"))
        quitter.cancel_run.connect(lambda: self.events.append("cancel"))
        quitter.message.connect(lambda text, _ms: self.events.append(text))


def never_asked() -> str:
    raise AssertionError("nothing runs: nobody should be asked")


def answer(choice: str) -> Callable[[], str]:
    return lambda: choice


def test_quitting_while_idle_quits_at_once_without_asking(qtbot: QtBot) -> None:
    quitter = QuitLifecycle(lambda: False)
    seen = Recorder(quitter)
    quitter.quit_requested(never_asked)
    assert seen.events == ["quit"]


@pytest.mark.parametrize(
    ("choice", "at_once"),
    [
        (QUIT_WAIT, ["The app closes when the sync finishes."]),
        (QUIT_CANCEL, ["cancel"]),
    ],
)
def test_quitting_during_a_run_waits_for_its_end(
    qtbot: QtBot, choice: str, at_once: list[str]
) -> None:
    quitter = QuitLifecycle(lambda: True)
    seen = Recorder(quitter)
    quitter.quit_requested(answer(choice))
    assert seen.events == at_once  # never "quit" while the run goes
    quitter.run_ended()
    assert seen.events == [*at_once, "quit"]


def test_keeping_the_app_open_forgets_the_quit(qtbot: QtBot) -> None:
    quitter = QuitLifecycle(lambda: True)
    seen = Recorder(quitter)
    quitter.quit_requested(answer(QUIT_STAY))
    quitter.run_ended()
    assert seen.events == []


def test_closing_hides_to_the_tray_with_one_hint_or_quits_without_one(qtbot: QtBot) -> None:
    quitter = QuitLifecycle(lambda: False)
    assert quitter.close_requested(use_tray=True) is CloseStep.HIDE_TO_TRAY_WITH_HINT
    assert quitter.close_requested(use_tray=True) is CloseStep.HIDE_TO_TRAY
    assert quitter.close_requested(use_tray=False) is CloseStep.QUIT
    assert quitter.begin_shutdown()
    assert not quitter.begin_shutdown()  # everything is stopped once
    assert quitter.close_requested(use_tray=True) is CloseStep.ACCEPT
