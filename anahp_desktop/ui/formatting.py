"""How values read from the engine are shown: local times, status names, counts.

Status and trigger codes are stable English words in the database; the
operator reads them translated through Qt's catalogue (context "Labels").
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import assert_never

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from anahp_desktop.domain.categories import CategoryArea, ErrorCategory
from anahp_desktop.domain.statuses import AttemptStatus, BatchStatus, RunStatus, Trigger


def status_label(status: AttemptStatus | BatchStatus | RunStatus) -> str:
    """The operator's word for a status; mypy flags a status without one (assert_never)."""
    match status:
        case AttemptStatus.SUCCESS | RunStatus.SUCCESS:
            return QCoreApplication.translate("Labels", "Success")
        case AttemptStatus.FAILED | BatchStatus.FAILED | RunStatus.FAILED:
            return QCoreApplication.translate("Labels", "Failed")
        case AttemptStatus.REJECTED:
            return QCoreApplication.translate("Labels", "Rejected")
        case AttemptStatus.INTERRUPTED | RunStatus.INTERRUPTED:
            return QCoreApplication.translate("Labels", "Interrupted")
        case AttemptStatus.RUNNING | RunStatus.RUNNING:
            return QCoreApplication.translate("Labels", "Running")
        case RunStatus.CANCELLED:
            return QCoreApplication.translate("Labels", "Cancelled")
        case BatchStatus.PENDING:
            return QCoreApplication.translate("Labels", "Waiting")
        case BatchStatus.SENDING:
            return QCoreApplication.translate("Labels", "Sending")
        case BatchStatus.CONFLICT:
            return QCoreApplication.translate("Labels", "Conflict")
        case BatchStatus.UNCONFIRMED:
            return QCoreApplication.translate("Labels", "Unconfirmed")
        case BatchStatus.DELIVERED:
            return QCoreApplication.translate("Labels", "Delivered")
        case BatchStatus.SPLIT:
            return QCoreApplication.translate("Labels", "Split")
        case BatchStatus.SUPERSEDED:
            return QCoreApplication.translate("Labels", "Partly rejected")
        case _:
            assert_never(status)


def trigger_label(trigger: Trigger) -> str:
    match trigger:
        case Trigger.MANUAL:
            return QCoreApplication.translate("Labels", "Manual")
        case Trigger.SCHEDULED:
            return QCoreApplication.translate("Labels", "Scheduled")
        case Trigger.CLI:
            return QCoreApplication.translate("Labels", "Command line")
        case Trigger.RETRY:
            return QCoreApplication.translate("Labels", "Retry")
        case Trigger.IMPORTED:
            return QCoreApplication.translate("Labels", "Previous service")
        case _:
            assert_never(trigger)


def category_label(category: ErrorCategory | None) -> str:
    """A category's name for the log and the batch details; a group's name for the rest."""
    if category is None:
        return ""

    match category:
        case ErrorCategory.TRANSPORT:
            return QCoreApplication.translate("Labels", "Connection to SINHA")
        case ErrorCategory.SERVER:
            return QCoreApplication.translate("Labels", "SINHA server error")
        case ErrorCategory.TLS:
            return QCoreApplication.translate("Labels", "TLS / certificate")
        case ErrorCategory.AUTH:
            return QCoreApplication.translate("Labels", "SINHA credentials")
        case ErrorCategory.REJECTED:
            return QCoreApplication.translate("Labels", "Refused by SINHA")
        case ErrorCategory.INVALID:
            return QCoreApplication.translate("Labels", "Invalid records")
        case ErrorCategory.CONFLICT:
            return QCoreApplication.translate("Labels", "Conflict (id_lote)")
        case ErrorCategory.RECEIPT_MISMATCH:
            return QCoreApplication.translate("Labels", "Receipt does not match")
        case ErrorCategory.UNCONFIRMED:
            return QCoreApplication.translate("Labels", "Not confirmed by SINHA")
        case ErrorCategory.WAIT_LIMIT:
            return QCoreApplication.translate("Labels", "Wait limit reached")
        case ErrorCategory.TOO_LARGE:
            return QCoreApplication.translate("Labels", "Batch too large")
        case ErrorCategory.INTERRUPTED:
            return QCoreApplication.translate("Labels", "Interrupted")
        case ErrorCategory.CONFIGURATION:
            return QCoreApplication.translate("Labels", "Settings")
        case ErrorCategory.SECRETS:
            return QCoreApplication.translate("Labels", "Keyring")
        case ErrorCategory.STATE_STORE:
            return QCoreApplication.translate("Labels", "State store")
        case ErrorCategory.CANCELLED:
            return QCoreApplication.translate("Labels", "Cancelled")
    match category.area:
        case CategoryArea.SOURCE:
            return QCoreApplication.translate("Labels", "Hospital database")
        case CategoryArea.SETTINGS | CategoryArea.STATE | CategoryArea.SINHA | CategoryArea.RUN:
            return category.value  # the stable code: what support looks up
        case _:
            assert_never(category.area)


def local(moment: datetime | None) -> datetime | None:
    """A naive UTC time from the state store, in the computer's time zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone()


def date_time(moment: datetime | None, *, seconds: bool = True) -> str:
    """A naive UTC time of the state store as local date and time, in the GUI's language."""
    return wall_time(local(moment), seconds=seconds)


def wall_time(value: datetime | None, *, seconds: bool = True) -> str:
    """A time as it is (e.g. the view's local ``updated_at``): dd/MM/yyyy in Portuguese."""
    if value is None:
        return ""
    locale = QLocale()
    if locale.language() == QLocale.Language.Portuguese:
        pattern = "%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M"
    else:
        pattern = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return value.strftime(pattern)


def date_format() -> str:
    """The window's date, as a Qt pattern: dd/MM/yyyy in Portuguese, yyyy-MM-dd in English."""
    if QLocale().language() == QLocale.Language.Portuguese:
        return "dd/MM/yyyy"
    return "yyyy-MM-dd"


def day_month_format() -> str:
    """The window's date without the year (a chart's axis): dd/MM, or MM-dd in English."""
    return re.sub(r"[^dM]*y+[^dM]*", "", date_format())


def day(value: date) -> str:
    """A calendar day in the window's date format."""
    return QLocale().toString(QDate(value.year, value.month, value.day), date_format())


def day_month(value: date) -> str:
    return QLocale().toString(QDate(value.year, value.month, value.day), day_month_format())


def cell(value: object) -> str:
    """A value read from the view, for a table cell (times to the second)."""
    from anahp_desktop.source.contract import as_datetime

    if value is None:
        return ""
    if isinstance(value, str | datetime):
        moment = as_datetime(value)
        if moment is not None and (isinstance(value, datetime) or len(value.strip()) > 10):
            return wall_time(moment)
    return str(value)


def clock_time(moment: datetime | None) -> str:
    """Only the time when ``moment`` is today, otherwise date and time."""
    value = local(moment)
    if value is None:
        return ""
    if value.date() == datetime.now().astimezone().date():
        return value.strftime("%H:%M")
    return date_time(moment, seconds=False)


def number(value: int) -> str:
    return QLocale().toString(int(value))


def rate(per_second: float) -> str:
    """Records per second: whole numbers from 10 up, one decimal below."""
    if per_second >= 10:
        return QLocale().toString(round(per_second))
    return QLocale().toString(per_second, "f", 1)


def duration(delta: timedelta | float) -> str:
    """``1 h 05 min``, ``4 min 10 s``, ``12 s``, ``0,4 s``."""
    total = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
    if 0 < total < 1:
        return QLocale().toString(total, "f", 1) + " s"
    seconds = max(0, int(total))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
