"""The main window: the pages, and the one place where everything is wired.

Widgets only show and emit; the window builds them and connects signals
(``_connect_signals``). The deciding lives elsewhere, tested without a
window: runs in :mod:`.run_coordinator` (with :mod:`.presenters.outcome`
for a run's end and its notification), the schedule's words in
:mod:`.presenters.schedule_text`, quitting in :mod:`.quit_lifecycle`, the
tray and hiding in :mod:`.window_presence`, reading in :mod:`.overview_loader`.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from anahp_desktop import interpreter
from anahp_desktop.config.settings import Settings
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import icons
from anahp_desktop.ui.batch_dialogs import BatchDialogs
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.about import AboutDialog
from anahp_desktop.ui.dialogs.batch_details import BatchDetailsDialog
from anahp_desktop.ui.dialogs.quit_choice import ask_quit_choice
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.overview_loader import OverviewLoader
from anahp_desktop.ui.presenters import schedule_text
from anahp_desktop.ui.quit_lifecycle import QuitLifecycle
from anahp_desktop.ui.retry_all import RetryAllFlow
from anahp_desktop.ui.run_coordinator import RunCoordinator
from anahp_desktop.ui.scheduler import SyncScheduler
from anahp_desktop.ui.settings_keeper import SettingsKeeper
from anahp_desktop.ui.stale_warning import StaleWarning
from anahp_desktop.ui.status_bar import StatusBar
from anahp_desktop.ui.sync_controller import SyncController
from anahp_desktop.ui.tasks import TaskRunner
from anahp_desktop.ui.tray import TrayController
from anahp_desktop.ui.views.sidebar import PAGE_DASHBOARD, PAGE_PROGRESS
from anahp_desktop.ui.views.window_body import WindowBody
from anahp_desktop.ui.window_geometry import MINIMUM_MAIN
from anahp_desktop.ui.window_presence import WindowPresence

# the schedule label ("in 4 min") is redrawn this often
LABEL_REFRESH_MS = 20_000


class MainWindow(QMainWindow):
    """Signals: overview_loaded(): the dashboard's figures arrived (tests wait on it)."""

    overview_loaded = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = TaskRunner(self)
        self.controller = SyncController(context, self)
        sync, app = context.settings.sync, context.settings.app
        self.scheduler = SyncScheduler(sync.interval_minutes, app.schedule_paused, self)
        self.tray = TrayController(self)
        self.runs = RunCoordinator(self.controller, self.scheduler, self.isVisible, self)
        service = partial(getattr, context, "service")  # the current one: settings replace it
        self.loader = OverviewLoader(self.runner, service, self)
        self.details = BatchDialogs(self.runner, service, self)
        self.retry_all = RetryAllFlow(self.runner, service, self)
        self.keeper = SettingsKeeper(context, self.runner, self)
        self.quitter = QuitLifecycle(lambda: self.controller.running, self)
        self.stale = StaleWarning(context, self.isVisible, self)
        self._status: StatusReport | None = None
        self.presence = WindowPresence(self, self.tray, context, self.quitter)
        self.setWindowTitle(
            self.tr("ANAHP Sync") + (" — " + self.tr("demo") if context.demo else "")
        )
        self.setWindowIcon(icons.app_icon())
        self.setMinimumSize(MINIMUM_MAIN)
        self.presence.restore_geometry()
        self._build()
        self.presence.show_tray()
        self._connect_signals()
        self._update_schedule_labels()

    def _build(self) -> None:
        self.body = body = WindowBody(self.runner, self.context)
        self.setCentralWidget(body)
        self.sidebar, self.nav, self.pages = body.sidebar, body.nav, body.pages
        self.dashboard, self.pending_view = body.dashboard, body.pending_view
        self.progress_view, self.log_view = body.progress_view, body.log_view
        # long messages end in "…", whole in the tooltip; the demo says it is one
        self.setStatusBar(StatusBar(demo=self.context.demo))
        self.statusBar().addPermanentWidget(self.presence.notice)
        self.sync_action = self._action(self.tr("Sync now"), Qt.Key.Key_F5)
        self.settings_action = self._action(
            self.tr("Settings"), QKeySequence.StandardKey.Preferences
        )
        self.quit_action = self._action(self.tr("Quit"), QKeySequence.StandardKey.Quit)
        self._label_timer = QTimer(self, interval=LABEL_REFRESH_MS)
        self._label_timer.start()

    def _action(self, text: str, keys: Qt.Key | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.addAction(action)
        return action

    def _connect_signals(self) -> None:
        bar = self.statusBar()
        self.sidebar.settings_button.clicked.connect(self.open_settings)
        self.sidebar.about_button.clicked.connect(self.open_about)
        self.sync_action.triggered.connect(self._on_sync_key)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action.triggered.connect(self.quit_app)
        self._label_timer.timeout.connect(self._update_schedule_labels)
        self._label_timer.timeout.connect(self.presence.recheck_tray)
        # dashboard and what it shows
        self.dashboard.sync_requested.connect(partial(self._start_and_watch, Trigger.MANUAL))
        self.dashboard.cancel_requested.connect(self.cancel_sync)
        self.dashboard.pause_toggled.connect(self.scheduler.set_paused)
        self.dashboard.failures_requested.connect(self.body.show_waiting_batches)
        for view in (self.dashboard, self.pending_view, self.tray, self.runs, self.stale):
            self.loader.status_loaded.connect(view.show_status)
        self.loader.status_loaded.connect(self._on_status)  # last: it says they are loaded
        self.loader.status_failed.connect(self.dashboard.show_status_error)
        self.loader.status_failed.connect(self.overview_loaded)
        self.loader.daily_loaded.connect(self.dashboard.show_daily)
        self.loader.daily_failed.connect(self.dashboard.set_daily_unavailable)
        self.loader.connection_checked.connect(self.dashboard.show_connection)
        # progress, log, batch details, settings
        self.progress_view.cancel_requested.connect(self.cancel_sync)
        self.log_view.batch_requested.connect(self.open_batch)
        self.log_view.retry_all_requested.connect(self.retry_all_failed)
        self.details.retry_requested.connect(self.runs.retry_batch)
        self.runs.retry_refused.connect(self.details.retry_refused)
        self.retry_all.confirmed.connect(partial(self._start_and_watch, Trigger.RETRY))
        self.keeper.message.connect(bar.showMessage)
        self.stale.message.connect(bar.showMessage)
        self.stale.balloon.connect(self.tray.warn)
        # the run
        c, runs = self.controller, self.runs
        c.run_requested.connect(self.progress_view.show_request)
        c.running_changed.connect(self.dashboard.set_running)
        c.running_changed.connect(self.tray.set_running)
        c.running_changed.connect(self._update_schedule_labels)
        c.run_started.connect(self.progress_view.run_started)
        c.batch_started.connect(self.progress_view.batch_started)
        c.batch_finished.connect(self.progress_view.batch_finished)
        c.attempt_failed.connect(self.progress_view.attempt_failed)
        c.notice.connect(self.progress_view.add_notice)
        runs.activity.connect(self.dashboard.set_activity)
        runs.message.connect(bar.showMessage)
        runs.refused.connect(self.presence.tell)
        runs.cancelling.connect(partial(self.dashboard.set_running, True, cancelling=True))
        runs.cancelling.connect(self.progress_view.cancelling)
        runs.live_refresh.connect(self.refresh_overview)
        runs.live_refresh.connect(self.log_view.mark_stale)
        for shows in (self.progress_view, self.tray, self.dashboard, self.details):
            runs.ended.connect(shows.show_outcome)
        runs.ended.connect(self.log_view.mark_stale)
        runs.ended.connect(self.pending_view.mark_stale)
        runs.ended.connect(lambda _outcome: self.refresh_overview())
        runs.ended.connect(self.keeper.close_retired)
        runs.ended.connect(self.quitter.run_ended)  # last: a quit that waited goes on
        # schedule
        self.scheduler.changed.connect(self._update_schedule_labels)
        self.scheduler.paused_changed.connect(self.keeper.persist_paused)
        # tray and window
        self.tray.sync_requested.connect(partial(self.request_sync, Trigger.MANUAL))
        self.tray.cancel_requested.connect(self.cancel_sync)
        self.tray.pause_toggled.connect(self.scheduler.set_paused)
        self.tray.open_requested.connect(self.presence.bring_to_front)
        self.tray.quit_requested.connect(self.quit_app)
        self.tray.failure_clicked.connect(self._on_failure_notification_clicked)
        self.presence.quit_requested.connect(self.quit_app)
        self.quitter.quit_now.connect(lambda: self._finish_quit())  # late-bound: tests answer it
        self.quitter.cancel_run.connect(self.cancel_sync)
        self.quitter.message.connect(bar.showMessage)

    def start(self) -> None:
        """After the window is shown: read the state, check the connections, arm the timers."""
        interpreter.share_with_the_window()
        self.go_to(PAGE_DASHBOARD)
        self.refresh_overview(check_connections=True)
        self.loader.refresh_periodically(True)

    def refresh_overview(self, check_connections: bool = False) -> None:
        self.loader.refresh(check_connections)

    def _on_status(self, report: StatusReport) -> None:
        """After the views showed the report: the schedule, then tell."""
        self._status = report
        self._update_schedule_labels()
        self.overview_loaded.emit()

    # -- runs and batches -------------------------------------------------------------------

    def request_sync(self, trigger: Trigger, only_batches: list[str] | None = None) -> bool:
        """Start a run; tells the operator instead when one is already going."""
        return self.runs.request(trigger, only_batches)

    def cancel_sync(self) -> None:
        self.runs.cancel()

    def _on_sync_key(self) -> None:
        if self.controller.running:
            self.cancel_sync()
        else:
            self._start_and_watch(Trigger.MANUAL)

    def _start_and_watch(self, trigger: Trigger, only_batches: list[str] | None = None) -> None:
        if self.request_sync(trigger, only_batches):
            self.go_to(PAGE_PROGRESS)

    def _on_failure_notification_clicked(self, id_lote: str) -> None:
        """A failed batch opens its details; a run that failed without one, the dashboard."""
        self.presence.bring_to_front()
        if id_lote:
            self.open_batch(id_lote)
        else:
            self.go_to(PAGE_DASHBOARD)

    def open_batch(self, id_lote: str) -> BatchDetailsDialog:
        return self.details.open(id_lote)

    def retry_all_failed(self) -> None:
        self.retry_all.start()

    # -- schedule, settings, about, navigation ----------------------------------------------

    def _update_schedule_labels(self) -> None:
        state = self.scheduler.state(self.controller.running)
        now = datetime.now().astimezone()
        self.dashboard.set_next_run(*schedule_text.next_run_card(state, now), state.paused)
        line, status = schedule_text.next_run_line(state, now), self.dashboard.activity.text()
        self.tray.set_schedule(line, state.paused, status)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.context, self.runner, self)
        dialog.saved.connect(self.apply_settings)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        self.keeper.replace(settings, running=self.controller.running)
        self.scheduler.set_interval(settings.sync.interval_minutes)
        self.refresh_overview(check_connections=True)
        self.log_view.mark_stale()
        self.pending_view.mark_stale()

    def open_about(self) -> None:
        AboutDialog(self, self.context.config_path).exec()

    def go_to(self, page: int) -> None:
        self.body.go_to(page)

    # -- closing and quitting (decided by QuitLifecycle and WindowPresence) -----------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self.presence.close_event(event)

    def changeEvent(self, event: QEvent) -> None:
        self.presence.change_event(event)
        super().changeEvent(event)

    def quit_app(self) -> None:
        """Quit; during a run, ask whether to wait for it or cancel it first."""
        self.quitter.quit_requested(self.ask_quit_choice)

    def ask_quit_choice(self) -> str:
        """QUIT_WAIT, QUIT_CANCEL or QUIT_STAY (a separate method so tests can answer it)."""
        self.presence.bring_to_front()
        return ask_quit_choice(self)

    def _finish_quit(self) -> None:
        self.shutdown()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Stop timers, the worker thread and the pool, close the databases and the window."""
        if not self.quitter.begin_shutdown():
            return
        self.presence.save_geometry()
        self.loader.refresh_periodically(False)
        self._label_timer.stop()
        self.tray.hide()
        self.details.close_all()
        self.controller.shutdown()
        self.runner.wait()
        self.context.close()
        self.keeper.close_retired()
        self.close()
