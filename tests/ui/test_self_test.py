"""anahp-desktop --self-test: the engine's checks plus Qt's, the main window opened offscreen."""

from __future__ import annotations

import sys

import pytest
from pytestqt.qtbot import QtBot

from anahp_desktop.ui import self_test


@pytest.fixture(autouse=True)
def _restore_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # run() sets it; give it back afterwards


def test_the_report_has_every_check_and_opens_the_window(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    code = self_test.run()
    lines = capsys.readouterr().out.splitlines()
    assert code == 1  # the tests' keyring refuses every call: the only problem
    problems = [line for line in lines if line.startswith("PROBLEM")]
    assert len(problems) == 1 and "Keyring" in problems[0]
    for name in ("Window modules", "Qt plugins", "Icons", "Window translations", "Main window"):
        assert any(line.startswith(f"ok       {name}: ") for line in lines), name
    window = next(line for line in lines if "Main window" in line)
    assert "opened offscreen in" in window
    assert lines[-1] == "1 problem found."


def test_a_missing_platform_plugin_is_a_problem_with_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(self_test.NATIVE_PLATFORM, sys.platform, "nosuchplatform")
    check = self_test.check_qt_plugins()
    assert not check.ok
    assert check.detail.startswith("the nosuchplatform platform plugin is missing from ")
    assert check.fix == "install the app again"


def test_each_qt_check_passes_here() -> None:
    for check in (
        self_test.check_ui_imports,
        self_test.check_qt_plugins,
        self_test.check_icons,
        self_test.check_qt_translations,
        self_test.check_main_window,
    ):
        result = check()
        assert result.ok, result.line()


def test_without_a_console_the_report_is_shown_in_a_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[list[str], bool]] = []
    monkeypatch.setattr(self_test, "show_report", lambda lines, ok: shown.append((lines, ok)))
    monkeypatch.setattr(sys, "stdout", None)  # a windowed Windows exe
    code = self_test.run()
    monkeypatch.undo()
    assert code == 1 and len(shown) == 1
    lines, ok = shown[0]
    assert not ok and lines[-1] == "1 problem found."


def test_version_without_a_console_is_shown_in_a_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from anahp_desktop import __version__
    from anahp_desktop.ui import app

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(sys, "stdout", None)  # a windowed Windows exe
    code = app.main(["--version"])
    monkeypatch.undo()
    assert code == 0 and shown == [f"anahp-desktop {__version__}"]
