"""Batch progress during a run: batch n of m, records sent, rate, time left, every batch."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.domain.statuses import BatchStatus, RunStatus
from anahp_desktop.sync.events import (
    AttemptFailed,
    BatchFinished,
    BatchStarted,
    RunStarted,
    RunSummary,
)
from anahp_desktop.ui import formatting
from anahp_desktop.ui.models.progress_model import COL_MESSAGE, BatchProgressModel
from anahp_desktop.ui.presenters.outcome import RunOutcome
from anahp_desktop.ui.sync_controller import SyncRequest
from anahp_desktop.ui.views.cards import Card

REFRESH_MS = 100


class ProgressView(QWidget):
    """Signals: cancel_requested()."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BatchProgressModel(self)
        self._started = 0.0
        self._estimated_batches = 0
        self._first_estimate = 0
        self._finished_batches = 0
        self._records_done = 0
        self._running = False
        self._build()
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._update_figures)
        # batches can finish every few milliseconds: the headline, bar and cards are redrawn
        # at most every REFRESH_MS, so the window never queues behind the run's events
        self._current: BatchStarted | None = None
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self._show_progress)
        self.reset_idle()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        header = QHBoxLayout()
        title = QLabel(self.tr("Batch progress"))
        title.setObjectName("pageTitle")
        header.addWidget(title, 1)
        self.cancel_button = QPushButton(self.tr("Cancel after the batches on their way"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        header.addWidget(self.cancel_button)
        layout.addLayout(header)
        self.headline = QLabel()
        self.headline.setObjectName("activity")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setMinimumHeight(22)
        layout.addWidget(self.bar)
        figures = QHBoxLayout()
        figures.setSpacing(12)
        self.batch_card = Card(self.tr("Batches done"))
        self.sent_card = Card(self.tr("Records delivered"))
        self.rate_card = Card(self.tr("Rate"))
        self.left_card = Card(self.tr("Time left"))
        for card in (self.batch_card, self.sent_card, self.rate_card, self.left_card):
            figures.addWidget(card)
        layout.addLayout(figures)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # fit the rows on screen only: measuring every row on every update made each batch
        # cost more than the last (62 ms at 400 batches, see docs/performance.md)
        columns.setResizeContentsPrecision(0)
        self.table.horizontalHeader().setSectionResizeMode(
            COL_MESSAGE, QHeaderView.ResizeMode.Stretch
        )
        layout.addWidget(self.table, 3)
        notices_title = QLabel(self.tr("Notices"))
        notices_title.setObjectName("sectionTitle")
        layout.addWidget(notices_title)
        self.notices = QListWidget()
        self.notices.setWordWrap(True)
        self.notices.setMaximumHeight(90)
        layout.addWidget(self.notices)

    # -- run lifecycle ----------------------------------------------------------------------

    def reset_idle(self) -> None:
        self.cancel_button.setEnabled(False)
        if self.model.rowCount() == 0:
            self.headline.setText(
                self.tr("No sync is running. Click “Sync now” to send the pending records.")
            )
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            for card in (self.batch_card, self.sent_card, self.rate_card, self.left_card):
                card.set("—")

    def show_request(self, request: SyncRequest) -> None:
        self.run_requested(retry=request.only_batches is not None)

    def run_requested(self, retry: bool) -> None:
        self.model.clear()
        self._current = None
        self.notices.clear()
        self._started = time.monotonic()
        self._estimated_batches = 0
        self._first_estimate = 0
        self._finished_batches = 0
        self._records_done = 0
        self._running = True
        self.cancel_button.setEnabled(True)
        self.headline.setText(
            self.tr("Retrying the failed batches…") if retry else self.tr("Starting the sync…")
        )
        self.bar.setRange(0, 0)  # busy until the run says how much there is
        self._ticker.start()
        self._update_figures()

    def cancelling(self) -> None:
        self.cancel_button.setEnabled(False)
        self.headline.setText(self.tr("Cancelling: the batches on their way are finished first…"))

    def run_started(self, event: RunStarted) -> None:
        self._estimated_batches = event.estimated_batches
        self._first_estimate = event.estimated_batches
        if event.estimated_batches:
            self.bar.setRange(0, event.estimated_batches)
            self.bar.setValue(0)
            self.headline.setText(
                self.tr("Sending about %Ln batch(es).", "", event.estimated_batches)
            )
        else:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.headline.setText(self.tr("Nothing new to send; checking the view…"))

    def batch_started(self, event: BatchStarted) -> None:
        self.model.batch_started(event)
        self._estimated_batches = max(self._estimated_batches, event.estimated_total)
        self._current = event
        self._show_progress_soon()

    def attempt_failed(self, event: AttemptFailed) -> None:
        self.model.attempt_failed(event)
        if event.retry_in_s is not None:
            self._current = None  # this headline stays until the next batch starts
            self.headline.setText(
                self.tr("Attempt %1 failed: %2 Trying again in %3.")
                .replace("%1", str(event.attempt))
                .replace("%2", event.message)
                .replace("%3", formatting.duration(event.retry_in_s))
            )

    def batch_finished(self, event: BatchFinished) -> None:
        self.model.batch_finished(event)
        self._finished_batches += 1
        if event.status == BatchStatus.DELIVERED:
            self._records_done += event.records
        self._show_progress_soon()

    def _show_progress_soon(self) -> None:
        if not self._refresh.isActive():
            self._refresh.start()

    def _show_progress(self) -> None:
        """The headline, bar and figures of the batches so far (at most every REFRESH_MS)."""
        if not self._running:
            return
        event = self._current
        self.bar.setRange(0, max(1, self._estimated_batches))
        self.bar.setValue(min(self._finished_batches, self.bar.maximum()))
        if event is not None:
            self.headline.setText(
                self.tr("Sending batch %1 of %2 (%Ln record(s))…", "", event.records)
                .replace("%1", str(event.number))
                .replace("%2", str(self._estimated_batches))
            )
        self.table.scrollToBottom()
        self._update_figures()

    def add_notice(self, message: str) -> None:
        self.notices.addItem(message)

    def show_outcome(self, outcome: RunOutcome) -> None:
        self.run_finished(outcome.summary, outcome.text)

    def run_finished(self, summary: RunSummary | None, message: str) -> None:
        self._show_progress()
        self._refresh.stop()
        self._running = False
        self._ticker.stop()
        self.cancel_button.setEnabled(False)
        if (summary is not None and summary.status == RunStatus.SUCCESS) or self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
        self.headline.setText(message)
        if summary is not None:
            self._records_done = summary.delivered
        self._update_figures()
        self.left_card.set("—")

    # -- figures ----------------------------------------------------------------------------

    def _update_figures(self) -> None:
        elapsed = max(0.001, time.monotonic() - self._started) if self._started else 0.0
        total = max(self._estimated_batches, self._finished_batches)
        grew = bool(self._first_estimate) and total > self._first_estimate
        self.batch_card.set(
            self.tr("%1 of %2").replace("%1", str(self._finished_batches)).replace("%2", str(total))
            if total
            else "—",
            self.tr(
                "more than first counted: split or partly rejected batches go again as new ones"
            )
            if grew
            else "",
        )
        self.sent_card.set(formatting.number(self._records_done))
        rate = self._records_done / elapsed if elapsed else 0.0
        self.rate_card.set(
            self.tr("%1 records/s").replace("%1", formatting.rate(rate))
            if self._records_done
            else "—",
            self.tr("elapsed %1").replace("%1", formatting.duration(elapsed)) if elapsed else "",
        )
        if self._running and self._finished_batches and total > self._finished_batches:
            per_batch = elapsed / self._finished_batches
            left = per_batch * (total - self._finished_batches)
            self.left_card.set(self.tr("about %1").replace("%1", formatting.duration(left)))
        elif self._running:
            self.left_card.set(self.tr("estimating…"))
