"""The filter bar of the operations log; it turns the operator's choices into a LogFilter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, QTimeZone, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from anahp_desktop.domain.statuses import AttemptStatus, Trigger
from anahp_desktop.state.queries import LogFilter
from anahp_desktop.ui import formatting
from anahp_desktop.ui.models.log_model import FAILURE_STATUSES

TEXT_DEBOUNCE_MS = 350


@dataclass(frozen=True)
class StatusChoice:
    """One entry of the status filter: attempt statuses, and whether resolved ones are left out."""

    statuses: tuple[AttemptStatus, ...] = ()
    unresolved: bool = False


ALL_STATUSES = StatusChoice()
FAILURES = StatusChoice(FAILURE_STATUSES)
UNRESOLVED_FAILURES = StatusChoice(FAILURE_STATUSES, unresolved=True)
# where those two stand in the status filter
FAILURES_INDEX, UNRESOLVED_INDEX = 1, 2


def local_day_start_utc(day: QDate, zone: QTimeZone | None = None) -> datetime:
    """Local midnight of ``day`` as naive UTC (how the state store keeps times).

    Qt's own time-zone data does the conversion: Python's ``astimezone()`` on a
    naive time goes through the C library's ``localtime``, which on Windows
    fails for any moment before 1970-01-01 (a date the calendar offers).
    """
    zone = zone or QTimeZone.systemTimeZone()
    moment = QDateTime(day, QTime(0, 0), zone).toUTC()
    date, time = moment.date(), moment.time()
    return datetime(
        date.year(), date.month(), date.day(), time.hour(), time.minute(), time.second()
    )


class LogFilterBar(QWidget):
    """Signals: changed(LogFilter)."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.status = QComboBox()
        # the choices stay in Python, found by index: Qt keeps only the texts
        self._status_choices = (
            (self.tr("All statuses"), ALL_STATUSES),
            (self.tr("Failures only"), FAILURES),
            # a failure whose batch was delivered later, or replaced, needs nothing more
            (self.tr("Unresolved failures only"), UNRESOLVED_FAILURES),
            (self.tr("Success"), StatusChoice((AttemptStatus.SUCCESS,))),
            (self.tr("Failed"), StatusChoice((AttemptStatus.FAILED,))),
            (self.tr("Rejected"), StatusChoice((AttemptStatus.REJECTED,))),
            (self.tr("Interrupted"), StatusChoice((AttemptStatus.INTERRUPTED,))),
            (self.tr("Running"), StatusChoice((AttemptStatus.RUNNING,))),
        )
        self.status.addItems([text for text, _choice in self._status_choices])
        self.status.setItemData(
            UNRESOLVED_INDEX,
            self.tr("Leaves out failures whose batch was delivered later or replaced"),
            Qt.ItemDataRole.ToolTipRole,
        )
        self.trigger = QComboBox()
        self.trigger.addItem(self.tr("Any trigger"), ())
        self.trigger.addItem(self.tr("Manual"), (Trigger.MANUAL,))
        self.trigger.addItem(self.tr("Scheduled"), (Trigger.SCHEDULED,))
        self.trigger.addItem(self.tr("Command line"), (Trigger.CLI,))
        self.trigger.addItem(self.tr("Retry"), (Trigger.RETRY,))
        self.trigger.addItem(self.tr("Previous service (imported)"), (Trigger.IMPORTED,))
        today = QDate.currentDate()
        self.since_check = QCheckBox(self.tr("From"))
        self.since = QDateEdit(today.addDays(-7))
        self.until_check = QCheckBox(self.tr("to"))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(formatting.date_format())
            edit.setEnabled(False)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("Search id_lote or error message"))
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(220)
        # two rows: the bar fits a 1024-pixel screen (or 150 % scaling) without scrolling
        first, second = QHBoxLayout(), QHBoxLayout()
        first.addWidget(QLabel(self.tr("Status")))
        first.addWidget(self.status)
        first.addWidget(QLabel(self.tr("Trigger")))
        first.addWidget(self.trigger)
        first.addWidget(self.text, 1)
        second.addWidget(self.since_check)
        second.addWidget(self.since)
        second.addWidget(self.until_check)
        second.addWidget(self.until)
        second.addStretch(1)
        layout.addLayout(first)
        layout.addLayout(second)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(TEXT_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self.status.currentIndexChanged.connect(self._emit)
        self.trigger.currentIndexChanged.connect(self._emit)
        self.since_check.toggled.connect(self.since.setEnabled)
        self.until_check.toggled.connect(self.until.setEnabled)
        for signal in (
            self.since_check.toggled,
            self.until_check.toggled,
            self.since.dateChanged,
            self.until.dateChanged,
        ):
            signal.connect(self._emit)
        self.text.textChanged.connect(self._debounce.start)
        self.text.returnPressed.connect(self._emit)  # Enter searches at once

    def current(self) -> LogFilter:
        since = local_day_start_utc(self.since.date()) if self.since_check.isChecked() else None
        until = (
            local_day_start_utc(self.until.date()) + timedelta(days=1)
            if self.until_check.isChecked()
            else None
        )
        index = self.status.currentIndex()
        choice = self._status_choices[index][1] if index >= 0 else ALL_STATUSES
        return LogFilter(
            statuses=choice.statuses,
            unresolved=choice.unresolved,
            triggers=tuple(self.trigger.currentData() or ()),
            since=since,
            until=until,
            text=self.text.text().strip(),
        )

    def show_failures(self, *, unresolved: bool = False) -> None:
        self.status.setCurrentIndex(UNRESOLVED_INDEX if unresolved else FAILURES_INDEX)

    def _emit(self) -> None:
        self._debounce.stop()
        self.changed.emit(self.current())
