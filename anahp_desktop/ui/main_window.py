"""The main window: navigation, pages, and the one place where everything is wired.

Widgets only show and emit; this window reacts. Every query goes through the
TaskRunner, every run through the SyncController, every scheduled run comes
from the SyncScheduler.
"""

from __future__ import annotations

import gc
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.config.settings import Settings
from anahp_desktop.errors import SyncAlreadyRunningError
from anahp_desktop.state import queries
from anahp_desktop.state.schema import Trigger
from anahp_desktop.sync.events import BatchFinished, RunSummary
from anahp_desktop.sync.pending import PendingPreview
from anahp_desktop.sync.service import StatusReport, SyncService
from anahp_desktop.sync.work_left import Verdict
from anahp_desktop.ui import formatting, icons, message_box, overview
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.about import AboutDialog
from anahp_desktop.ui.dialogs.batch_details import BatchDetailsDialog
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.interpreter import share_the_interpreter
from anahp_desktop.ui.presenters import lock_text, run_state, schedule_text
from anahp_desktop.ui.presenters.outcome import (
    SINHA_CATEGORIES,
    OutcomeNotifier,
    connection_ok_text,
    connection_title,
)
from anahp_desktop.ui.presenters.schedule_text import ScheduleState
from anahp_desktop.ui.run_messages import RunMessages
from anahp_desktop.ui.scheduler import SyncScheduler
from anahp_desktop.ui.status_bar import StatusBar
from anahp_desktop.ui.sync_controller import SyncController, SyncRequest
from anahp_desktop.ui.tasks import TaskRunner
from anahp_desktop.ui.tray import TrayController
from anahp_desktop.ui.views.dashboard import Dashboard
from anahp_desktop.ui.views.log_view import LogView
from anahp_desktop.ui.views.pending_view import PendingView
from anahp_desktop.ui.views.progress_view import ProgressView
from anahp_desktop.ui.window_geometry import (
    MINIMUM_MAIN,
    PREFERRED_MAIN,
    GeometryMemory,
    fit_to_screen,
    scrolling,
)

PAGE_DASHBOARD, PAGE_PENDING, PAGE_PROGRESS, PAGE_LOG = range(4)
QUIT_WAIT, QUIT_CANCEL, QUIT_STAY = "wait", "cancel", "stay"
#: the dashboard's figures are read again this often (cheap, indexed counts)
STATUS_REFRESH_MS = 60_000
#: while a run goes, the dashboard's counters and the log are read again at most this often
LIVE_REFRESH_MS = 10_000
#: the schedule label ("in 4 min") is redrawn this often
LABEL_REFRESH_MS = 20_000

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Signals: overview_loaded(): the dashboard's figures arrived (tests wait on it)."""

    overview_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner(self)
        self.controller = SyncController(context, self)
        app = context.settings.app
        self.scheduler = SyncScheduler(
            context.settings.sync.interval_minutes, app.schedule_paused, self
        )
        self.tray = TrayController(self)
        self.messages = RunMessages()
        self.outcomes = OutcomeNotifier()
        self.details: dict[str, BatchDetailsDialog] = {}
        self._retired: list[SyncService] = []
        self._quit_when_idle = False
        self._quitting = False
        self._run_failed_lote: str | None = None
        self._stale_warned = False
        self._tray_hint_shown = False
        self._status: StatusReport | None = None
        self.setWindowTitle(self._title())
        self.setWindowIcon(icons.app_icon())
        self.setMinimumSize(MINIMUM_MAIN)
        self.geometry_memory = GeometryMemory(context.config_path.parent / "window.ini")
        if not self.geometry_memory.restore(self):
            fit_to_screen(self, PREFERRED_MAIN)  # first start: the screen's size at most
        self._build()
        self._build_actions()
        self._connect_signals()
        self._timers()
        self._update_schedule_labels()
        self.tray_available = self.tray.show()
        self._update_tray_notice()

    # -- building ---------------------------------------------------------------------------

    def _title(self) -> str:
        title = self.tr("ANAHP Sync")
        return title + (" — " + self.tr("demo") if self.context.demo else "")

    def _build(self) -> None:
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._sidebar())
        self.pages = QStackedWidget()
        self.dashboard = Dashboard()
        self.pending_view = PendingView(self.runner, self._pending_preview)
        self.progress_view = ProgressView()
        self.log_view = LogView(self.runner, lambda: self.context.service.store)
        for page in (self.dashboard, self.pending_view, self.progress_view, self.log_view):
            self.pages.addWidget(scrolling(page))  # a small screen scrolls, never cuts
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setStatusBar(StatusBar())  # long messages end in "…", whole in the tooltip
        self.demo_badge = QLabel(self.tr("Demo mode"))
        self.demo_badge.setObjectName("muted")
        self.tray_notice = QLabel()
        if self.context.demo:
            self.statusBar().addPermanentWidget(self.demo_badge)
        self.statusBar().addPermanentWidget(self.tray_notice)

    def _sidebar(self) -> QWidget:
        sidebar = QWidget()
        sidebar.setObjectName("appSidebar")
        sidebar.setFixedWidth(236)
        column = QVBoxLayout(sidebar)
        column.setContentsMargins(0, 0, 0, 12)
        column.setSpacing(0)
        brand = QLabel(self.tr("ANAHP Sync"))
        brand.setObjectName("brand")
        sub = QLabel(self.tr("Hospital discharges → SINHA"))
        sub.setObjectName("brandSub")
        column.addWidget(brand)
        column.addWidget(sub)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for icon, text in (
            ("dashboard", self.tr("Dashboard")),
            ("pending", self.tr("Pending records")),
            ("progress", self.tr("Batch progress")),
            ("log", self.tr("Operations log")),
        ):
            QListWidgetItem(icons.nav_icon(icon), text, self.nav)
        column.addWidget(self.nav, 1)
        self.settings_button = QPushButton(icons.nav_icon("settings"), self.tr("Settings"))
        self.about_button = QPushButton(icons.nav_icon("about"), self.tr("About"))
        column.addWidget(self.settings_button)
        column.addWidget(self.about_button)
        return sidebar

    def _build_actions(self) -> None:
        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.settings_action = QAction(self.tr("Settings"), self)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self.quit_action = QAction(self.tr("Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        for action in (self.sync_action, self.settings_action, self.quit_action):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            self.addAction(action)

    def _connect_signals(self) -> None:
        self.nav.currentRowChanged.connect(self._on_nav_changed)
        self.settings_button.clicked.connect(self.open_settings)
        self.about_button.clicked.connect(self.open_about)
        self.sync_action.triggered.connect(self._on_sync_key)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action.triggered.connect(self.quit_app)
        # dashboard
        self.dashboard.sync_requested.connect(self._on_dashboard_sync)
        self.dashboard.cancel_requested.connect(self.cancel_sync)
        self.dashboard.pause_toggled.connect(self.scheduler.set_paused)
        self.dashboard.failures_requested.connect(self.show_waiting_batches)
        # progress and log
        self.progress_view.cancel_requested.connect(self.cancel_sync)
        self.log_view.batch_requested.connect(self.open_batch)
        self.log_view.retry_all_requested.connect(self.retry_all_failed)
        # the run
        c = self.controller
        c.started.connect(self._on_run_requested)
        c.running_changed.connect(self._on_running_changed)
        c.run_started.connect(self.progress_view.run_started)
        c.batch_started.connect(self.progress_view.batch_started)
        c.batch_started.connect(self._on_batch_started)
        c.batch_finished.connect(self.progress_view.batch_finished)
        c.batch_finished.connect(self._on_batch_finished)
        c.attempt_failed.connect(self.progress_view.attempt_failed)
        c.notice.connect(self.progress_view.add_notice)
        c.finished.connect(self._on_run_finished)
        c.failed.connect(self._on_run_failed)
        # schedule
        self.scheduler.due.connect(self._on_schedule_due)
        self.scheduler.changed.connect(self._update_schedule_labels)
        self.scheduler.paused_changed.connect(self._persist_paused)
        # tray
        self.tray.sync_requested.connect(lambda: self.request_sync(Trigger.MANUAL))
        self.tray.cancel_requested.connect(self.cancel_sync)
        self.tray.pause_toggled.connect(self.scheduler.set_paused)
        self.tray.open_requested.connect(self.bring_to_front)
        self.tray.quit_requested.connect(self.quit_app)
        self.tray.failure_clicked.connect(self._on_failure_notification_clicked)

    def _timers(self) -> None:
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(STATUS_REFRESH_MS)
        self._status_timer.timeout.connect(self.refresh_overview)
        self._label_timer = QTimer(self)
        self._label_timer.setInterval(LABEL_REFRESH_MS)
        self._label_timer.timeout.connect(self._update_schedule_labels)
        self._label_timer.timeout.connect(self._recheck_tray)
        self._label_timer.start()
        # during a run the counters and the log follow the batches, at most this often
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_REFRESH_MS)
        self._live_timer.timeout.connect(self._refresh_live)

    # -- start-up ---------------------------------------------------------------------------

    def start(self) -> None:
        """After the window is shown: read the state, check the connections, arm the timers."""
        share_the_interpreter()
        self.nav.setCurrentRow(PAGE_DASHBOARD)
        self.refresh_overview(check_connections=True)
        self._status_timer.start()

    def _pending_preview(self) -> PendingPreview:
        service = self.context.service
        from zoneinfo import ZoneInfo

        return PendingPreview.for_next_run(
            service.reader(),
            service.store,
            view=service.settings.source.view,
            lookback_minutes=service.settings.sync.lookback_minutes,
            source_tz=ZoneInfo(service.settings.source.timezone),
            source_now=service.source_now(),
        )

    # -- overview ---------------------------------------------------------------------------

    def refresh_overview(self, check_connections: bool = False) -> None:
        service = self.context.service
        self.runner.submit(
            lambda: overview.load_status(service), self._on_status, self._on_status_error
        )
        self.runner.submit(
            lambda: overview.load_daily(service), self._on_daily, self._on_daily_error
        )
        if check_connections:
            self.dashboard.set_connection(self.dashboard.database_card, None, "")
            self.dashboard.set_connection(self.dashboard.sinha_card, None, "")
            self.runner.submit(
                lambda: overview.check_database(service),
                lambda _r: self._on_connection("database", True, ""),
                lambda exc: self._on_connection("database", False, str(exc)),
            )
            self.runner.submit(
                lambda: overview.check_sinha(service),
                lambda _r: self._on_connection("sinha", True, ""),
                lambda exc: self._on_connection(
                    "sinha", False, str(exc), getattr(exc, "category", None)
                ),
            )

    def _on_connection(
        self, which: str, ok: bool, message: str, category: str | None = None
    ) -> None:
        card = self.dashboard.database_card if which == "database" else self.dashboard.sinha_card
        if ok:
            message = connection_ok_text(which)
        self.dashboard.set_connection(card, ok, message, connection_title(category))

    def _on_status(self, report: StatusReport) -> None:
        first = self._status is None
        self._status = report
        self.dashboard.show_cards(
            run_state.last_card(report),
            run_state.pending_card(report),
            run_state.batches_card(report),
        )
        self.pending_view.set_summary(run_state.pending_summary(report))
        if first:
            last = report.last_run
            if last is not None:
                self.scheduler.learn_last_run(formatting.local(last.finished_at or last.started_at))
            self.outcomes.learn(report.verdict is Verdict.FAILED)
        if not self.controller.running:
            self.dashboard.set_activity(run_state.headline(report))
            self.tray.set_state(run_state.tray_state(report))
        self._check_stale(report)
        self._update_schedule_labels()
        self.overview_loaded.emit()

    def _on_status_error(self, exc: Exception) -> None:
        self.dashboard.set_status_error(str(exc))
        if not self.controller.running:
            self.dashboard.set_activity(str(exc))
        self.overview_loaded.emit()

    def _on_daily(self, figures: overview.DailyFigures) -> None:
        self.dashboard.set_chart(figures.days)
        self.dashboard.set_today(*figures.today)

    def _on_daily_error(self, exc: Exception) -> None:
        log.warning("the daily figures are unavailable: %s", exc, exc_info=exc)
        self.dashboard.set_daily_unavailable(str(exc))

    def _check_stale(self, report: StatusReport) -> None:
        hours = self.context.settings.app.stale_warning_hours
        success = report.last_success
        reference = success.finished_at if success is not None else None
        if reference is None and report.last_run is not None:
            reference = report.last_run.started_at
        if reference is None:
            return
        age = datetime.now(UTC).replace(tzinfo=None) - reference  # the store keeps naive UTC
        if age > timedelta(hours=hours):
            message = run_state.stale_text(hours)
            self.statusBar().showMessage(message)
            # a balloon only for a window the operator does not see (one would cover a dialog)
            if not self._stale_warned and not self.isVisible():
                self._stale_warned = True
                self.tray.warn(self.tr("ANAHP Sync: no recent sync"), message)
        else:
            self._stale_warned = False

    # -- runs -------------------------------------------------------------------------------

    def request_sync(self, trigger: str, only_batches: list[str] | None = None) -> bool:
        """Start a run; tells the operator instead when one is already going."""
        if self.controller.start(trigger, only_batches):
            return True
        message = self.tr("A sync is already running; wait for it to finish.")
        self.statusBar().showMessage(message, 8000)
        if trigger == Trigger.MANUAL:
            if self.isVisible():
                message_box.information(self, self.tr("Sync already running"), message)
            else:
                self.tray.notify(self.tr("ANAHP Sync"), message)
        return False

    def cancel_sync(self) -> None:
        if self.controller.running:
            self.controller.cancel()
            self.dashboard.set_running(True, cancelling=True)
            self.progress_view.cancelling()
            self.statusBar().showMessage(self.tr("Cancelling after the batches on their way…"))

    def _on_sync_key(self) -> None:
        if self.controller.running:
            self.cancel_sync()
        else:
            self._on_dashboard_sync()

    def _on_dashboard_sync(self) -> None:
        if self.request_sync(Trigger.MANUAL):
            self.nav.setCurrentRow(PAGE_PROGRESS)

    def _on_schedule_due(self) -> None:
        if self.controller.running:
            return  # not queued: the next slot counts from the end of the running sync
        self.controller.start(Trigger.SCHEDULED)

    def _on_run_requested(self, request: SyncRequest) -> None:
        self._run_failed_lote = None
        self.progress_view.run_requested(retry=request.only_batches is not None)
        text = self.messages.started_text(request)
        self.dashboard.set_activity(text)
        self.statusBar().showMessage(text)

    def _on_running_changed(self, running: bool) -> None:
        # while a run goes, the collector scans only what the run makes (see
        # interpreter.share_the_interpreter); afterwards the run's leftovers are collected as usual
        if running:
            gc.freeze()
        else:
            gc.unfreeze()
        self.dashboard.set_running(running)
        self.tray.set_running(running)
        if running:
            self.tray.set_state(icons.SYNCING)
        self._update_schedule_labels()

    def _on_batch_started(self, event: Any) -> None:
        self.dashboard.set_activity(
            self.tr("Sending batch %1 of %2…")
            .replace("%1", str(event.number))
            .replace("%2", str(event.estimated_total))
        )

    def _on_batch_finished(self, event: BatchFinished) -> None:
        if event.status not in ("delivered", "split", "superseded"):
            self._run_failed_lote = event.id_lote
        if not self._live_timer.isActive():
            self._live_timer.start()

    def _refresh_live(self) -> None:
        if self.controller.running:
            self.refresh_overview()
            self.log_view.mark_stale()

    def _on_run_finished(self, summary: RunSummary) -> None:
        failed = summary.status not in ("success", "cancelled")
        text = self.messages.finished_text(summary)
        self._after_run(summary, failed, text, summary.error_category)

    def _on_run_failed(self, exc: Exception) -> None:
        if isinstance(exc, SyncAlreadyRunningError):  # not a failure: another copy runs
            text = lock_text.already_running(exc.holder)
            failed = bool(self.outcomes.last_failed)  # the tray keeps showing the last outcome
            self._after_run(None, failed, text, exc.category, refused=True)
            return
        text = self.tr("The sync could not run: %1").replace("%1", str(exc))
        self._after_run(None, True, text, getattr(exc, "category", None))

    def _after_run(
        self,
        summary: RunSummary | None,
        failed: bool,
        text: str,
        category: str | None,
        refused: bool = False,
    ) -> None:
        self.progress_view.run_finished(summary, text)
        self.dashboard.set_activity(text)
        self.statusBar().showMessage(text, 15000)
        request = self.controller.last_request
        self.scheduler.run_finished(summary, request.trigger if request else None)
        self.tray.set_state(icons.ERROR if failed else icons.IDLE)
        if not refused:
            self._notify_outcome(failed, text)
        if category in SINHA_CATEGORIES:
            self._on_connection("sinha", False, text, category)
        elif summary is not None and summary.delivered:
            self._on_connection("sinha", True, "")
        for dialog in self.details.values():
            dialog.retry_done(text)
        self.log_view.mark_stale()
        self.pending_view.mark_stale()
        self.refresh_overview()
        self._close_retired()
        if self._quit_when_idle:
            self._finish_quit()

    def _notify_outcome(self, failed: bool, text: str) -> None:
        note = self.outcomes.after_run(
            failed, text, self._run_failed_lote, window_visible=self.isVisible()
        )
        if note is not None:
            self.tray.notify(note.title, note.text, error=note.error, id_lote=note.id_lote)

    def _on_failure_notification_clicked(self, id_lote: str) -> None:
        """A failed batch opens its details; a run that failed without one, the dashboard."""
        self.bring_to_front()
        if id_lote:
            self.open_batch(id_lote)
        else:
            self.go_to(PAGE_DASHBOARD)

    # -- batches ----------------------------------------------------------------------------

    def open_batch(self, id_lote: str) -> BatchDetailsDialog:
        dialog = self.details.get(id_lote)
        if dialog is None:
            dialog = BatchDetailsDialog(self.runner, lambda: self.context.service, id_lote, self)
            dialog.retry_requested.connect(self._on_retry_batch)
            dialog.batch_requested.connect(self.open_batch)
            dialog.finished.connect(lambda _r, key=id_lote: self.details.pop(key, None))
            self.details[id_lote] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _on_retry_batch(self, id_lote: str) -> None:
        if not self.controller.start(Trigger.RETRY, [id_lote]):
            dialog = self.details.get(id_lote)
            if dialog is not None:
                dialog.retry_refused(self.tr("A sync is already running; wait for it to finish."))

    def retry_all_failed(self) -> None:
        service = self.context.service  # .store may open (and migrate) the database: not here
        self.runner.submit(
            lambda: (
                queries.retryable_batch_ids(service.store),
                queries.batch_backlog(service.store),
            ),
            lambda found: self._confirm_retry_all(*found),
            self._on_retry_all_error,
        )

    def _on_retry_all_error(self, exc: Exception) -> None:
        message_box.warning(self, self.tr("Retry all waiting batches"), str(exc))

    def _confirm_retry_all(self, ids: list[str], backlog: queries.BatchBacklog) -> None:
        title = self.tr("Retry all waiting batches")
        if not ids:
            message_box.information(self, title, self.tr("No batch is waiting to be sent."))
            return
        reasons = run_state.waiting_lines(backlog)
        text = self.tr("Send the %n waiting batch(es) to SINHA now?", "", len(ids))
        if reasons:
            text += "\n\n" + "\n".join(reasons)
        if message_box.question(self, title, text) and self.request_sync(Trigger.RETRY, ids):
            self.nav.setCurrentRow(PAGE_PROGRESS)

    def show_failures(self) -> None:
        self.log_view.show_failures()
        self.nav.setCurrentRow(PAGE_LOG)

    def show_waiting_batches(self) -> None:
        """The dashboard's "waiting batches": the syncs in the log, the newest opened."""
        self.nav.setCurrentRow(PAGE_LOG)
        self.log_view.show_runs()

    # -- schedule ---------------------------------------------------------------------------

    def _schedule_state(self) -> ScheduleState:
        return ScheduleState(
            self.scheduler.paused,
            self.controller.running,
            self.scheduler.next_due,
            self.context.settings.sync.interval_minutes,
        )

    def next_run_text(self) -> str:
        return schedule_text.next_run_line(self._schedule_state(), datetime.now().astimezone())

    def _update_schedule_labels(self) -> None:
        state, now = self._schedule_state(), datetime.now().astimezone()
        text = schedule_text.next_run_line(state, now)
        value, detail = schedule_text.next_run_card(state, now)
        self.dashboard.set_next_run(value, detail, self.scheduler.paused)
        status = self.dashboard.activity.text()
        self.tray.set_schedule(text, self.scheduler.paused, status)

    def _persist_paused(self, paused: bool) -> None:
        settings = self.context.settings.model_copy(deep=True)
        settings.app.schedule_paused = paused
        self.context.settings = settings
        context = self.context
        self.runner.submit(
            lambda: context.save(settings),
            lambda _s: None,
            lambda exc: self.statusBar().showMessage(str(exc), 10000),
        )
        self.statusBar().showMessage(
            self.tr("Schedule paused.") if paused else self.tr("Schedule resumed."), 5000
        )

    # -- settings, about --------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.context, self.runner, self)
        dialog.saved.connect(self.apply_settings)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        old = self.context.replace_settings(settings)
        if old is not None:
            self._retired.append(old)
        if not self.controller.running:
            self._close_retired()
        self.scheduler.set_interval(settings.sync.interval_minutes)
        self.statusBar().showMessage(self.tr("Settings saved."), 5000)
        self.refresh_overview(check_connections=True)
        self.log_view.mark_stale()
        self.pending_view.mark_stale()

    def _close_retired(self) -> None:
        retired, self._retired = self._retired, []
        for service in retired:
            self.runner.submit(service.close)  # closing connections is network I/O

    def open_about(self) -> None:
        AboutDialog(self, self.context.config_path).exec()

    # -- navigation, tray, quitting ---------------------------------------------------------

    def _on_nav_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        if row == PAGE_PENDING:
            self.pending_view.ensure_loaded()
        elif row == PAGE_LOG:
            self.log_view.ensure_loaded()

    def go_to(self, page: int) -> None:
        self.nav.setCurrentRow(page)

    def bring_to_front(self) -> None:
        """Back from the tray or the taskbar as it was: same size and place, maximized or not.

        Where the system refuses the focus (Windows, when another program has the
        keyboard), the taskbar button flashes instead.
        """
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        if not self.isActiveWindow():
            QApplication.alert(self)

    def _hide_to_tray(self) -> None:
        self.geometry_memory.save(self)
        self.hide()

    def _use_tray(self) -> bool:
        return self.tray_available and self.context.settings.app.minimize_to_tray

    def _recheck_tray(self) -> None:
        """The tray host may start after the app (at log-in): pick it up when it does."""
        if not self.tray_available and self.tray.show():
            self.tray_available = True
            self._update_tray_notice()

    def _update_tray_notice(self) -> None:
        if self.tray_available:
            self.tray_notice.setText("")
            self.tray_notice.hide()
        else:
            self.tray_notice.setText(
                self.tr("No system tray on this desktop: the app stays a normal window.")
            )
            self.tray_notice.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            event.accept()
            return
        if self._use_tray():
            event.ignore()
            self._hide_to_tray()
            if not self._tray_hint_shown:
                self._tray_hint_shown = True
                self.tray.notify(
                    self.tr("ANAHP Sync keeps running"),
                    self.tr("The sync goes on in the system tray. Use Quit in its menu to exit."),
                )
            return
        event.ignore()
        self.quit_app()

    def changeEvent(self, event: QEvent) -> None:
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.isMinimized()
            and self._use_tray()
        ):
            QTimer.singleShot(0, self._hide_to_tray)
        super().changeEvent(event)

    def quit_app(self) -> None:
        """Quit; during a run, ask whether to wait for it or cancel it first."""
        if not self.controller.running:
            self._finish_quit()
            return
        choice = self.ask_quit_choice()
        if choice == QUIT_WAIT:
            self._quit_when_idle = True
            self.statusBar().showMessage(self.tr("The app closes when the sync finishes."))
        elif choice == QUIT_CANCEL:
            self._quit_when_idle = True
            self.cancel_sync()

    def ask_quit_choice(self) -> str:
        """QUIT_WAIT, QUIT_CANCEL or QUIT_STAY (a separate method so tests can answer it)."""
        self.bring_to_front()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("A sync is running"))
        box.setText(self.tr("A sync is running. What should happen before the app closes?"))
        wait = box.addButton(self.tr("Let it finish, then quit"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(
            self.tr("Cancel after the batches on their way and quit"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        box.addButton(self.tr("Keep the app open"), QMessageBox.ButtonRole.RejectRole)
        message_box.fit_title(box)
        box.exec()
        clicked = box.clickedButton()
        if clicked is wait:
            return QUIT_WAIT
        if clicked is cancel:
            return QUIT_CANCEL
        return QUIT_STAY

    def _finish_quit(self) -> None:
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Stop timers, the worker thread and the pool, close the databases and the window."""
        if self._quitting:
            return
        self._quitting = True
        if self.isVisible():
            self.geometry_memory.save(self)
        self._status_timer.stop()
        self._label_timer.stop()
        self.tray.hide()
        for dialog in list(self.details.values()):
            dialog.close()
        self.controller.shutdown()
        self.runner.wait()
        self.context.close()
        self._close_retired()
        self.close()
