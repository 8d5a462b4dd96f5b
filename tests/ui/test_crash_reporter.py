"""Unhandled exceptions: the traceback in the log file, a sentence and the log's place on screen,
the app still usable; "Open log folder" opens the platform log folder."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QObject, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from anahp_desktop import applog
from anahp_desktop.ui import log_folder
from anahp_desktop.ui.crash_reporter import CrashReporter, describe, schedule_debug_error
from anahp_desktop.ui.dialogs.about import AboutDialog
from anahp_desktop.ui.dialogs.unexpected_error import UnexpectedErrorDialog

TIMEOUT_MS = 5000


class UrlRecorder(QObject):
    """Stands in for the desktop's file manager: records what QDesktopServices was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[UrlRecorder]:
    recorder = UrlRecorder()
    # the stub says bytes; PySide6 takes the slot's name as a str (and refuses bytes)
    QDesktopServices.setUrlHandler("file", recorder, "open")  # type: ignore[arg-type]
    yield recorder
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def reporter(qtbot: QtBot) -> Iterator[tuple[CrashReporter, list[str]]]:
    quits: list[str] = []
    applog.setup()
    crash = CrashReporter(on_quit=lambda: quits.append("quit")).install()
    yield crash, quits
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()


def _log_text() -> str:
    return log_folder.log_file().read_text(encoding="utf-8")


def _broken_slot() -> None:
    secret_row = {"atendimento": "ATD-PATIENT-4711"}
    raise ZeroDivisionError(f"bad row {secret_row}")


def test_an_error_in_a_slot_is_logged_and_explained_and_the_app_goes_on(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[str]]
) -> None:
    crash, quits = reporter
    with qtbot.waitSignal(crash.reported, timeout=TIMEOUT_MS) as reported:
        QTimer.singleShot(0, _broken_slot)  # PySide6 hands slot exceptions to sys.excepthook
    qtbot.waitUntil(
        lambda: crash.dialog is not None and crash.dialog.isVisible(), timeout=TIMEOUT_MS
    )
    dialog = crash.dialog
    assert dialog is not None
    report = reported.args[0]
    assert (report.error_type, report.thread) == ("ZeroDivisionError", "MainThread")
    assert report.where.startswith("test_crash_reporter.py, line ")
    assert "ZeroDivisionError in test_crash_reporter.py" in dialog.what.text()
    assert "Nothing was lost" in dialog.what.text()
    assert str(log_folder.log_file()) in dialog.log_label.text()
    assert "ATD-PATIENT-4711" not in dialog.what.text() + dialog.log_label.text()
    log = _log_text()
    assert "Unexpected error in thread MainThread" in log
    assert "Traceback (most recent call last)" in log and "_broken_slot" in log
    # keep working: the dialog closes, the event loop still runs, nothing quit
    dialog.keep_button.click()
    assert not dialog.isVisible() and quits == []
    with qtbot.waitSignal(crash.reported, timeout=TIMEOUT_MS):
        QTimer.singleShot(0, _broken_slot)
    qtbot.waitUntil(
        lambda: crash.dialog is not None and crash.dialog.isVisible(), timeout=TIMEOUT_MS
    )


def test_an_error_in_a_thread_reaches_the_gui_thread_and_repeats_are_counted(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[str]]
) -> None:
    crash, _quits = reporter

    def work() -> None:
        raise ValueError("worker failed")

    with qtbot.waitSignal(crash.reported, timeout=TIMEOUT_MS) as reported:
        thread = threading.Thread(target=work, name="import-worker")
        thread.start()
        thread.join()
    assert reported.args[0].thread == "import-worker"
    qtbot.waitUntil(
        lambda: crash.dialog is not None and crash.dialog.isVisible(), timeout=TIMEOUT_MS
    )
    first = crash.dialog
    assert first is not None
    with qtbot.waitSignal(crash.reported, timeout=TIMEOUT_MS):
        QTimer.singleShot(0, _broken_slot)
    qtbot.waitUntil(lambda: first.repeats == 1, timeout=TIMEOUT_MS)
    assert crash.dialog is first  # one window, not a stack of them
    assert first.repeat_label.text() == "It happened once more since this window opened."
    assert "Unexpected error in thread import-worker" in _log_text()


def test_quit_goes_through_the_app_quit(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[str]]
) -> None:
    crash, quits = reporter
    with qtbot.waitSignal(crash.reported, timeout=TIMEOUT_MS):
        QTimer.singleShot(0, _broken_slot)
    qtbot.waitUntil(
        lambda: crash.dialog is not None and crash.dialog.isVisible(), timeout=TIMEOUT_MS
    )
    assert crash.dialog is not None
    crash.dialog.quit_button.click()
    qtbot.waitUntil(lambda: quits == ["quit"], timeout=TIMEOUT_MS)


def test_open_log_folder_opens_the_platform_log_folder(
    qtbot: QtBot, opened: UrlRecorder, reporter: tuple[CrashReporter, list[str]]
) -> None:
    crash, _quits = reporter
    crash.handle(*_raised())
    qtbot.waitUntil(
        lambda: crash.dialog is not None and crash.dialog.isVisible(), timeout=TIMEOUT_MS
    )
    assert crash.dialog is not None
    crash.dialog.open_button.click()
    assert [Path(url.toLocalFile()) for url in opened.urls] == [applog.log_dir()]


def test_about_shows_where_logs_and_settings_are_and_opens_the_log_folder(
    qtbot: QtBot, opened: UrlRecorder, tmp_path: Path
) -> None:
    about = AboutDialog(config_path=tmp_path / "config.toml")
    qtbot.addWidget(about)
    assert about.version_label.text().startswith("Version ")
    assert about.log_label.text() == str(applog.log_dir())
    about.open_logs_button.click()
    assert [Path(url.toLocalFile()) for url in opened.urls] == [applog.log_dir()]


def test_a_startup_error_is_shown_without_keep_working(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[str]]
) -> None:
    crash, _quits = reporter
    shown: list[UnexpectedErrorDialog] = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnexpectedErrorDialog)
        shown.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_it)
    crash.show_fatal(_raised())
    assert len(shown) == 1 and shown[0].keep_button.isHidden()


def test_keyboard_interrupt_is_not_an_error(
    reporter: tuple[CrashReporter, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    crash, _quits = reporter
    try:
        raise KeyboardInterrupt
    except KeyboardInterrupt:
        info = sys.exc_info()
    crash.handle(info[0], info[1], info[2])  # type: ignore[arg-type]
    assert crash.dialog is None
    assert "KeyboardInterrupt" in capsys.readouterr().err


def test_the_debug_switch_raises_on_request_only(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[str]]
) -> None:
    crash, _quits = reporter
    assert schedule_debug_error({}) is None
    assert schedule_debug_error({"ANAHP_DEBUG_RAISE": "yes"}) is None
    with qtbot.waitSignal(crash.reported, timeout=TIMEOUT_MS) as reported:
        assert schedule_debug_error({"ANAHP_DEBUG_RAISE": "thread"}, delay_ms=0) == "thread"
    assert reported.args[0].thread == "debug-raise"


def test_describe_names_the_apps_frame_not_the_message(tmp_path: Path) -> None:
    exc_type, _exc, tb = _raised()
    report = describe(exc_type, tb, tmp_path / "x.log")
    assert report.error_type == "ZeroDivisionError"
    assert report.where.startswith("test_crash_reporter.py, line ")


def _raised() -> tuple[type[BaseException], BaseException, TracebackType | None]:
    try:
        _broken_slot()
    except ZeroDivisionError as exc:
        return type(exc), exc, exc.__traceback__
    raise AssertionError("unreachable")
