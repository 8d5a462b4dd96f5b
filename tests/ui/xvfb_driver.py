"""Drives the real app like a newcomer clicking through it, and screenshots every view.

Run as ``python -m tests.ui.xvfb_driver OUT_DIR [--secret VALUE] -- [anahp-desktop args]``
on a real X display. It starts ``anahp-desktop`` in-process (the real entry
point: arguments, single instance, translator, style), then, with timers,
syncs, watches progress, filters the log to failures, opens the failed batch,
retries it, saves a password in the settings window and opens the tray menu,
saving a PNG of the whole screen after each step. It writes ``result.json``
in OUT_DIR and quits the app.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

STEP_TIMEOUT_MS = 60_000
POLL_MS = 100


class Driver:
    def __init__(self, out: Path, secret: str) -> None:
        self.out = out
        self.secret = secret
        self.result: dict[str, Any] = {"screenshots": [], "errors": []}
        self.window: Any = None
        self.steps: list[Callable[[], None]] = []
        self.failed_lote = ""
        self.started = time.monotonic()

    # -- plumbing ---------------------------------------------------------------------------

    def shot(self, name: str) -> None:
        QApplication.processEvents()
        screen = QGuiApplication.primaryScreen()
        path = self.out / f"{name}.png"
        screen.grabWindow(0).save(str(path))
        self.result["screenshots"].append(path.name)
        self.result.setdefault("seconds", {})[name] = round(time.monotonic() - self.started, 1)

    def wait_for(
        self, condition: Callable[[], bool], then: Callable[[], None], waited: int = 0
    ) -> None:
        try:
            done = condition()
        except Exception:  # the app is still starting
            done = False
        if done:
            QTimer.singleShot(400, lambda: self.run(then))
            return
        if waited > STEP_TIMEOUT_MS:
            self.fail(f"timed out waiting in {getattr(then, '__name__', then)}")
            return
        QTimer.singleShot(POLL_MS, lambda: self.wait_for(condition, then, waited + POLL_MS))

    def run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception:
            self.fail(traceback.format_exc())

    def fail(self, message: str) -> None:
        self.result["errors"].append(message)
        self.finish()

    def idle(self) -> bool:
        return not self.window.controller.running and self.window.runner.pending == 0

    # -- the walk-through -------------------------------------------------------------------

    def start(self) -> None:
        from anahp_desktop.ui.main_window import MainWindow

        def found() -> bool:
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
            if windows and windows[0].isVisible():
                self.window = windows[0]
                return self.window._status is not None and self.idle()
            return False

        self.wait_for(found, self.dashboard)

    def dashboard(self) -> None:
        self.result["tray_available"] = bool(self.window.presence.tray_available)
        self.result["language"] = QApplication.translate("Dashboard", "Sync now")
        self.shot("01-dashboard")
        self.window.go_to(1)
        self.wait_for(
            lambda: self.window.pending_view.model.rowCount() > 0 and self.idle(),
            self.pending_before,
        )

    def pending_before(self) -> None:
        model = self.window.pending_view.model
        flagged = next((i for i, r in enumerate(model.rows()) if not r.valid), None)
        if flagged is not None:
            self.window.pending_view.table.scrollTo(model.index(flagged, 0))
            self.window.pending_view.table.selectRow(flagged)
        self.shot("01b-pending-before-sync")
        self.window.go_to(0)
        self.window.dashboard.sync_button.click()
        self.wait_for(lambda: self.window.progress_view.model.rowCount() >= 2, self.progress)

    def progress(self) -> None:
        self.shot("02-progress-running")
        self.wait_for(self.idle, self.progress_done)

    def progress_done(self) -> None:
        self.shot("03-progress-finished")
        self.window.go_to(0)
        self.wait_for(self.idle, self.dashboard_after)

    def dashboard_after(self) -> None:
        self.shot("04-dashboard-after-sync")
        self.window.go_to(1)
        self.wait_for(lambda: self.window.pending_view.model.rowCount() > 0, self.pending)

    def pending(self) -> None:
        self.shot("05-pending")
        self.window.body.show_failures()
        self.wait_for(
            lambda: self.idle() and self.window.log_view.model.rowCount() > 0, self.log_failures
        )

    def log_failures(self) -> None:
        self.shot("06-log-failures")
        rows = self.window.log_view.model.rows()
        failed = [r for r in rows if r.status == "failed" and r.id_lote]
        if not failed:
            self.fail("the demo produced no failed batch")
            return
        self.failed_lote = failed[0].id_lote
        self.result["failed_lote"] = self.failed_lote
        self.dialog = self.window.open_batch(self.failed_lote)
        self.dialog.move(120, 60)
        self.wait_for(lambda: self.dialog.data is not None, self.details)

    def details(self) -> None:
        self.tab = 0
        self.details_tab()

    def details_tab(self) -> None:
        self.dialog.tabs.setCurrentIndex(self.tab)
        condition = (
            (lambda: self.dialog.source_rows is not None) if self.tab == 0 else (lambda: True)
        )
        self.wait_for(condition, self.details_shot)

    def details_shot(self) -> None:
        self.shot(f"07-details-tab{self.tab}")
        self.tab += 1
        if self.tab < self.dialog.tabs.count():
            self.details_tab()
            return
        self.dialog.tabs.setCurrentIndex(0)
        self.dialog.retry_button.click()
        self.wait_for(
            lambda: (
                self.idle()
                and self.dialog.data is not None
                and self.dialog.data.detail is not None
                and not self.dialog.data.retryable
            ),
            self.retried,
        )

    def retried(self) -> None:
        self.result["status_after_retry"] = self.dialog.data.detail.status
        self.shot("08-details-after-retry")
        self.dialog.close()
        self.settings = self.window.open_settings()
        self.settings.move(200, 60)
        self.wait_for(lambda: self.settings.sinha_password.state.text() != "", self.settings_open)

    def settings_open(self) -> None:
        for tab in range(self.settings.tabs.count()):
            self.settings.tabs.setCurrentIndex(tab)
            self.shot(f"09-settings-tab{tab}")
        self.settings.tabs.setCurrentIndex(1)
        self.settings.sinha_password.edit.setText(self.secret)
        self.saved: list[object] = []
        self.settings.saved.connect(self.saved.append)
        self.settings.buttons.accepted.emit()
        self.wait_for(lambda: bool(self.saved), self.settings_saved)

    def settings_saved(self) -> None:
        self.result["settings_saved"] = True
        again = self.window.open_settings()
        again.tabs.setCurrentIndex(1)
        again.move(200, 60)
        self.again = again
        self.wait_for(lambda: again.sinha_password.forget_button.isEnabled(), self.settings_again)

    def settings_again(self) -> None:
        self.result["password_state"] = self.again.sinha_password.state.text()
        self.shot("10-settings-password-stored")
        self.again.reject()
        menu = self.window.tray.menu
        menu.popup(QPoint(900, 430))
        QTimer.singleShot(600, self.tray_menu)

    def tray_menu(self) -> None:
        self.result["tray_menu"] = [a.text() for a in self.window.tray.menu.actions() if a.text()]
        self.shot("11-tray-menu")
        self.window.tray.menu.hide()
        self.finish()

    def finish(self) -> None:
        (self.out / "result.json").write_text(json.dumps(self.result, indent=2), encoding="utf-8")
        if self.window is not None:
            self.window._finish_quit()
        else:
            QApplication.quit()


def main() -> int:
    argv = sys.argv[1:]
    app_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--secret", default="xvfb-driver-secret")
    args = parser.parse_args(own)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from anahp_desktop.ui import app

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    driver = Driver(out, args.secret)
    assert qapp is not None
    QTimer.singleShot(0, driver.start)
    code = app.main(app_args)
    if not (out / "result.json").exists():
        driver.result["errors"].append(f"the app exited ({code}) before the walk-through ended")
        (out / "result.json").write_text(json.dumps(driver.result, indent=2), encoding="utf-8")
    return 0 if not driver.result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
