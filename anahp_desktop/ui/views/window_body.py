"""The main window's body: the sidebar and the four pages it switches between."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from anahp_desktop.ui import overview
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.tasks import TaskRunner
from anahp_desktop.ui.views.dashboard import Dashboard
from anahp_desktop.ui.views.log_view import LogView
from anahp_desktop.ui.views.pending_view import PendingView
from anahp_desktop.ui.views.progress_view import ProgressView
from anahp_desktop.ui.views.sidebar import PAGE_LOG, PAGE_PENDING, Sidebar
from anahp_desktop.ui.window_geometry import scrolling


class WindowBody(QWidget):
    """Shows one page at a time; a page that reads the database loads when first shown."""

    def __init__(self, runner: TaskRunner, context: AppContext) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = Sidebar()
        self.nav = self.sidebar.nav
        layout.addWidget(self.sidebar)
        self.pages = QStackedWidget()
        self.dashboard = Dashboard()
        self.pending_view = PendingView(runner, lambda: overview.pending_preview(context.service))
        self.progress_view = ProgressView()
        self.log_view = LogView(runner, lambda: context.service.store)
        for page in (self.dashboard, self.pending_view, self.progress_view, self.log_view):
            self.pages.addWidget(scrolling(page))  # a small screen scrolls, never cuts
        layout.addWidget(self.pages, 1)
        self.nav.currentRowChanged.connect(self._on_nav_changed)

    def go_to(self, page: int) -> None:
        self.nav.setCurrentRow(page)

    def show_failures(self) -> None:
        self.log_view.show_failures()
        self.go_to(PAGE_LOG)

    def show_waiting_batches(self) -> None:
        """The dashboard's "waiting batches": the syncs in the log, the newest opened."""
        self.go_to(PAGE_LOG)
        self.log_view.show_runs()

    def _on_nav_changed(self, row: int) -> None:
        self.pages.setCurrentIndex(row)
        if row == PAGE_PENDING:
            self.pending_view.ensure_loaded()
        elif row == PAGE_LOG:
            self.log_view.ensure_loaded()
