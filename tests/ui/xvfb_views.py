"""Every main view on a real 1366×768 screen: each widget inside the screen, and a screenshot.

Run as ``python -m tests.ui.xvfb_views OUT_DIR -- [anahp-desktop args]`` on a real X
display with a window manager. It starts the real app on a fresh demo, lets
the scripted failure happen, and visits the dashboard, pending records,
batch progress, the operations log (attempts and runs), the batch details'
tabs, the settings' tabs, About and the tray menu; then retries every waiting
batch and shows the dashboard with nothing left. On the way it shows the log
before any sync, opens the log filter's calendar, lets About fail to open the
log folder, and asks to retry when nothing waits. At each stop it checks that
every visible widget of every window lies inside the screen (what a scroll
area scrolls is exempt, the pages themselves are not) and that no text is cut
short (:mod:`tests.ui.clipping`), and saves a PNG of the whole screen.
``result.json`` lists the screenshots and any widget found off the screen or
clipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from tests.ui.clipping import clipped, inside_scrolled_content, status_message_clipped
from tests.ui.xvfb_driver import Driver


def off_screen(screen: QRect) -> list[str]:
    """Every visible widget of every visible window that does not lie inside ``screen``."""
    problems = []
    for window in QApplication.topLevelWidgets():
        # the app's windows, dialogs and menus (not the tray icon's embedded X window)
        if not window.isVisible() or not isinstance(window, QMainWindow | QDialog | QMenu):
            continue
        frame = window.frameGeometry()
        if not screen.contains(frame):
            problems.append(f"window {type(window).__name__} {frame.getRect()}")
        for widget in window.findChildren(QWidget):
            if not widget.isVisible() or widget.width() == 0 or inside_scrolled_content(widget):
                continue
            rect = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
            if not screen.contains(rect):
                label = widget.objectName() or getattr(widget, "text", lambda: "")() or ""
                problems.append(f"{type(widget).__name__} '{str(label)[:40]}' {rect.getRect()}")
    return problems


class ViewsDriver(Driver):
    def check(self, name: str) -> None:
        QApplication.processEvents()
        screen = QGuiApplication.primaryScreen().geometry()
        self.result.setdefault("screen", [screen.x(), screen.y(), screen.width(), screen.height()])
        problems = off_screen(screen)
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not isinstance(window, QMenu):
                problems += clipped(window)
        status = status_message_clipped(self.window)
        if status is not None:
            problems.append(status)
        if problems:
            self.result["errors"].append({name: problems[:20]})
        self.result.setdefault("headlines", {})[name] = self.window.dashboard.activity.text()
        self.shot(name)

    def dashboard(self) -> None:
        self.result["tray_available"] = bool(self.window.presence.tray_available)
        self.result["language"] = QApplication.translate("Dashboard", "Sync now")
        self.check("01-dashboard-never-sent")
        self.window.go_to(3)
        self.wait_for(self.idle, self.log_never_synced)

    def log_never_synced(self) -> None:
        self.check("01b-log-never-synced")  # no rows yet: the headers alone
        self.window.go_to(0)
        self.window.dashboard.sync_button.click()
        self.wait_for(lambda: self.window.progress_view.model.rowCount() >= 2, self.progress)

    def progress(self) -> None:
        self.wait_for(self.idle, self.progress_done)

    def progress_done(self) -> None:
        self.check("02-progress-after-failure")
        self.window.go_to(0)
        self.window.refresh_overview()
        self.wait_for(self.idle, self.dashboard_failed)

    def dashboard_failed(self) -> None:
        self.check("03-dashboard-failed")
        self.window.go_to(1)
        self.wait_for(lambda: self.window.pending_view.model.rowCount() > 0, self.pending)

    def pending(self) -> None:
        self.check("04-pending")
        self.window.body.show_failures()
        self.wait_for(
            lambda: self.idle() and self.window.log_view.model.rowCount() > 0, self.log_failures
        )

    def log_failures(self) -> None:
        self.check("05-log-failures")
        filters = self.window.log_view.filters
        filters.since_check.setChecked(True)
        arrow = QPoint(filters.since.width() - 8, filters.since.height() // 2)
        QTest.mouseClick(filters.since, Qt.MouseButton.LeftButton, pos=arrow)  # its calendar
        QTimer.singleShot(400, lambda: self.run(self.log_calendar))

    def log_calendar(self) -> None:
        self.check("05b-log-calendar")
        filters = self.window.log_view.filters
        filters.since.calendarWidget().window().hide()
        filters.since_check.setChecked(False)
        self.wait_for(self.idle, self.open_failed)

    def open_failed(self) -> None:
        failed = [r for r in self.window.log_view.model.rows() if r.status == "failed"]
        if not failed or not failed[0].id_lote:
            self.fail("the demo produced no failed batch")
            return
        self.dialog = self.window.open_batch(failed[0].id_lote)
        self.wait_for(lambda: self.dialog.data is not None, self.details)

    def details(self) -> None:
        self.tab = 0
        self.details_tab()

    def details_tab(self) -> None:
        self.dialog.tabs.setCurrentIndex(self.tab)
        QTimer.singleShot(300, lambda: self.run(self.details_shot))

    def details_shot(self) -> None:
        self.check(f"06-details-tab{self.tab}")
        self.tab += 1
        if self.tab < self.dialog.tabs.count():
            self.details_tab()
            return
        self.dialog.close()
        self.settings = self.window.open_settings()
        self.wait_for(lambda: self.settings.sinha_password.state.text() != "", self.settings_tabs)

    def settings_tabs(self) -> None:
        for tab in range(self.settings.tabs.count()):
            self.settings.tabs.setCurrentIndex(tab)
            self.check(f"07-settings-tab{tab}")
        self.settings.reject()
        from anahp_desktop.ui.dialogs.about import AboutDialog

        self.about = AboutDialog(self.window, self.window.context.config_path)
        self.about.show()
        QTimer.singleShot(400, lambda: self.run(self.about_shot))

    def about_shot(self) -> None:
        self.check("08-about")
        self.about.open_logs_button.click()  # no file manager here: About says so
        QTimer.singleShot(400, lambda: self.run(self.about_after_error))

    def about_after_error(self) -> None:
        self.check("08b-about-after-open-logs-failed")
        self.about.close()
        from anahp_desktop.domain.statuses import Trigger
        from anahp_desktop.state import queries

        waiting = queries.retryable_batch_ids(self.window.context.service.store)
        self.window.request_sync(Trigger.RETRY, waiting)
        self.wait_for(self.idle, self.retried)

    def retried(self) -> None:
        self.window.go_to(0)
        self.window.refresh_overview()
        self.wait_for(self.idle, self.dashboard_done)

    def dashboard_done(self) -> None:
        self.check("09-dashboard-after-retry")
        self.window.retry_all_failed()  # nothing waits: a message box says so
        self.wait_for(lambda: self._message_box() is not None, self.nothing_waiting_box)

    @staticmethod
    def _message_box() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return next((box for box in boxes if box.isVisible()), None)

    def nothing_waiting_box(self) -> None:
        self.check("09b-nothing-waiting")
        box = self._message_box()
        if box is not None:
            box.accept()
        self.window.go_to(3)
        self.wait_for(self.idle, self.log_done)

    def log_done(self) -> None:
        self.check("10-log-after-retry")
        self.window.body.show_waiting_batches()  # the Syncs tab, the newest run opened
        runs = self.window.log_view.runs
        self.wait_for(lambda: self.idle() and runs.topLevelItem(0).childCount() > 0, self.syncs)

    def syncs(self) -> None:
        self.check("10b-log-syncs")
        self.window.tray.menu.popup(QPoint(1000, 400))
        QTimer.singleShot(600, lambda: self.run(self.tray_menu))

    def tray_menu(self) -> None:
        self.result["tray_menu"] = [a.text() for a in self.window.tray.menu.actions() if a.text()]
        self.check("11-tray-menu")
        self.window.tray.menu.hide()
        self.finish()


def main() -> int:
    argv = sys.argv[1:]
    app_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from anahp_desktop.ui import app

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert qapp is not None
    driver = ViewsDriver(out, "")
    QTimer.singleShot(0, driver.start)
    code = app.main(app_args)
    result: dict[str, Any] = driver.result
    if not (out / "result.json").exists():
        result["errors"].append(f"the app exited ({code}) before the walk-through ended")
        (out / "result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
