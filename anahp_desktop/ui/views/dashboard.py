"""The dashboard: connections, pending count, last and next sync, today, 30-day chart.

It only shows what the main window hands it and emits what the operator
asks for; it never queries anything itself.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import formatting
from anahp_desktop.ui.overview import DailyFigures
from anahp_desktop.ui.presenters import run_state
from anahp_desktop.ui.presenters.outcome import (
    RunOutcome,
    connection_ok_text,
    connection_title,
)
from anahp_desktop.ui.presenters.run_state import CardText
from anahp_desktop.ui.views.cards import ERROR, NEUTRAL, OK, WARNING, Card
from anahp_desktop.ui.views.chart import DailyChart

# the dashboard's width from which its cards go four to a row (else two)
WIDE_FROM = 860
WIDE_COLUMNS, NARROW_COLUMNS = 4, 2
# below this height the dashboard scrolls (its chart shrinks first)
MINIMUM_HEIGHT = 560


class Dashboard(QWidget):
    """Signals:
    sync_requested(), cancel_requested(), pause_toggled(bool paused),
    failures_requested(): show the failed batches in the log.
    """

    sync_requested = Signal()
    cancel_requested = Signal()
    pause_toggled = Signal(bool)
    failures_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._running = False
        self._paused = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(16)
        layout.addLayout(self._build_header())
        layout.addLayout(self._build_cards())
        chart_title = QLabel(self.tr("Records per day, last 30 days"))
        chart_title.setObjectName("sectionTitle")
        layout.addWidget(chart_title)
        self.chart = DailyChart()
        layout.addWidget(self.chart, 1)

    def _build_header(self) -> QHBoxLayout:
        header = QHBoxLayout()
        texts = QVBoxLayout()
        title = QLabel(self.tr("Dashboard"))
        title.setObjectName("pageTitle")
        self.activity = QLabel(self.tr("Reading the state…"))
        self.activity.setObjectName("activity")
        self.activity.setWordWrap(True)
        texts.addWidget(title)
        texts.addWidget(self.activity)
        header.addLayout(texts, 1)
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setObjectName("syncButton")
        self.sync_button.setToolTip(self.tr("Send the pending records to SINHA now (F5)"))
        self.sync_button.setMinimumSize(220, 56)
        self.sync_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.sync_button.clicked.connect(self._on_sync_clicked)
        header.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return header

    def _build_cards(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(12)
        self.database_card = Card(self.tr("Hospital database"))
        self.sinha_card = Card(self.tr("SINHA"))
        self.pending_card = Card(self.tr("Pending records"))
        self.failed_card = Card(self.tr("Waiting batches"))
        self.failed_card.set_clickable(True)
        self.failed_card.setToolTip(self.tr("Show the waiting batches in the operations log"))
        self.failed_card.clicked.connect(self.failures_requested)
        self.last_card = Card(self.tr("Last sync"))
        self.next_card = Card(self.tr("Next scheduled sync"))
        self.pause_button = QPushButton(self.tr("Pause schedule"))
        self.pause_button.setObjectName("linkButton")
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.next_card.add_widget(self.pause_button)
        self.sent_today_card = Card(self.tr("Delivered today"))
        self.rejected_today_card = Card(self.tr("Rejected today"))
        self._cards = [
            self.database_card,
            self.sinha_card,
            self.pending_card,
            self.failed_card,
            self.last_card,
            self.next_card,
            self.sent_today_card,
            self.rejected_today_card,
        ]
        self._grid = grid
        self._columns = 0
        self._lay_out_cards(WIDE_COLUMNS)
        return grid

    def _lay_out_cards(self, columns: int) -> None:
        """Four cards a row on a wide window, two on a narrow one (1024×600, 150 % scaling)."""
        if columns == self._columns:
            return
        self._columns = columns
        for card in self._cards:
            self._grid.removeWidget(card)
        for i, card in enumerate(self._cards):
            self._grid.addWidget(card, i // columns, i % columns)
        for column in range(WIDE_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def minimumSizeHint(self) -> QSize:
        """Tall enough for the header, the cards and a short chart: below that, it scrolls.

        (Left to Qt, the wrapped card texts measured at their narrowest made the page
        scroll on a 1366×768 screen where everything fits.)
        """
        return QSize(super().minimumSizeHint().width(), MINIMUM_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._lay_out_cards(WIDE_COLUMNS if event.size().width() >= WIDE_FROM else NARROW_COLUMNS)
        super().resizeEvent(event)

    # -- what the main window tells it ------------------------------------------------------

    def set_running(self, running: bool, cancelling: bool = False) -> None:
        self._running = running
        self.sync_button.setProperty("cancel", running)
        self.sync_button.style().unpolish(self.sync_button)
        self.sync_button.style().polish(self.sync_button)
        if running:
            self.sync_button.setText(self.tr("Cancelling…") if cancelling else self.tr("Cancel"))
            self.sync_button.setEnabled(not cancelling)
            self.sync_button.setToolTip(self.tr("Stop after the batch being sent (F5)"))
        else:
            self.sync_button.setText(self.tr("Sync now"))
            self.sync_button.setEnabled(True)
            self.sync_button.setToolTip(self.tr("Send the pending records to SINHA now (F5)"))

    def set_activity(self, text: str) -> None:
        self.activity.setText(text)

    def set_connection(
        self, card: Card, ok: bool | None, message: str, title: str | None = None
    ) -> None:
        if ok is None:
            card.set(self.tr("Checking…"), "", NEUTRAL)
        elif ok:
            card.set(title or self.tr("Connected"), message, OK)
        else:
            card.set(title or self.tr("Not reachable"), message, ERROR)

    def show_connection(self, which: str, ok: bool | None, message: str, category: object) -> None:
        """A connection test's answer (``which``: "database" or "sinha"; ok None: under way)."""
        card = self.database_card if which == "database" else self.sinha_card
        if ok:
            message = connection_ok_text(which)
        title = connection_title(category) if isinstance(category, str) else None
        self.set_connection(card, ok, message, title)

    def show_outcome(self, outcome: RunOutcome) -> None:
        """A run's end may say how SINHA answered: its card follows."""
        if outcome.sinha_ok is not None:
            self.show_connection("sinha", outcome.sinha_ok, outcome.text, outcome.category)

    def show_cards(self, last: CardText, pending: CardText, batches: CardText) -> None:
        """The figures of one StatusReport, worded by the run-state presenter."""
        self.last_card.set(last.value, last.detail, last.tone)
        self.pending_card.set(pending.value, pending.detail, pending.tone)
        self.failed_card.set(batches.value, batches.detail, batches.tone)
        self.pending_card.setToolTip("")
        self.failed_card.setToolTip(self.tr("Show the waiting batches in the operations log"))

    def show_status(self, report: StatusReport) -> None:
        """The figures of one StatusReport; the headline too unless a run speaks for itself."""
        last, pending = run_state.last_card(report), run_state.pending_card(report)
        self.show_cards(last, pending, run_state.batches_card(report))
        if not self._running:
            self.set_activity(run_state.headline(report))

    def show_status_error(self, message: str) -> None:
        self.set_status_error(message)
        if not self._running:
            self.set_activity(message)

    def set_status_error(self, message: str) -> None:
        """The full sentence is in the activity line; the cards stay short (it is in their tooltip)."""
        for card in (self.pending_card, self.failed_card):
            card.set("—", self.tr("Unavailable: see the message above."), ERROR)
            card.setToolTip(message)

    def set_next_run(self, value: str, detail: str, paused: bool) -> None:
        self._paused = paused
        self.next_card.set(value, detail, WARNING if paused else NEUTRAL)
        self.pause_button.setText(
            self.tr("Resume schedule") if paused else self.tr("Pause schedule")
        )

    def set_today(self, delivered: int, rejected: int) -> None:
        self.sent_today_card.setToolTip("")
        self.rejected_today_card.setToolTip("")
        self.sent_today_card.set(formatting.number(delivered), "", OK if delivered else NEUTRAL)
        self.rejected_today_card.set(
            formatting.number(rejected), "", WARNING if rejected else NEUTRAL
        )

    def set_chart(self, days: list[tuple[date, int, int]]) -> None:
        self.chart.set_days(days)

    def show_daily(self, figures: DailyFigures) -> None:
        self.set_chart(figures.days)
        self.set_today(*figures.today)

    def set_daily_unavailable(self, message: str) -> None:
        """Today's figures and the chart could not be read; ``message`` says why (tooltip)."""
        for card in (self.sent_today_card, self.rejected_today_card):
            card.set("—", self.tr("Unavailable: see the log."), ERROR)
            card.setToolTip(message)
        self.chart.set_unavailable(self.tr("The daily figures could not be read: see the log."))

    # -- slots ------------------------------------------------------------------------------

    def _on_sync_clicked(self) -> None:
        if self._running:
            self.cancel_requested.emit()
        else:
            self.sync_requested.emit()

    def _on_pause_clicked(self) -> None:
        self.pause_toggled.emit(not self._paused)
