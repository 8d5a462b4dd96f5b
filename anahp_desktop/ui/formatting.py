"""How values read from the engine are shown: local times, status names, counts.

Status and trigger codes are stable English words in the database; the
operator reads them translated through Qt's catalogue (context "Labels").
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QLocale


def status_label(status: str) -> str:
    labels = {
        "success": QCoreApplication.translate("Labels", "Success"),
        "failed": QCoreApplication.translate("Labels", "Failed"),
        "rejected": QCoreApplication.translate("Labels", "Rejected"),
        "interrupted": QCoreApplication.translate("Labels", "Interrupted"),
        "running": QCoreApplication.translate("Labels", "Running"),
        "cancelled": QCoreApplication.translate("Labels", "Cancelled"),
        "pending": QCoreApplication.translate("Labels", "Waiting"),
        "sending": QCoreApplication.translate("Labels", "Sending"),
        "conflict": QCoreApplication.translate("Labels", "Conflict"),
        "unconfirmed": QCoreApplication.translate("Labels", "Unconfirmed"),
        "delivered": QCoreApplication.translate("Labels", "Delivered"),
        "split": QCoreApplication.translate("Labels", "Split"),
        "superseded": QCoreApplication.translate("Labels", "Partly rejected"),
    }
    return labels.get(status, status)


def trigger_label(trigger: str) -> str:
    labels = {
        "manual": QCoreApplication.translate("Labels", "Manual"),
        "scheduled": QCoreApplication.translate("Labels", "Scheduled"),
        "cli": QCoreApplication.translate("Labels", "Command line"),
        "retry": QCoreApplication.translate("Labels", "Retry"),
        "imported": QCoreApplication.translate("Labels", "Previous service"),
    }
    return labels.get(trigger, trigger)


def category_label(category: str | None) -> str:
    if not category:
        return ""
    labels = {
        "transport": QCoreApplication.translate("Labels", "Connection to SINHA"),
        "server": QCoreApplication.translate("Labels", "SINHA server error"),
        "tls": QCoreApplication.translate("Labels", "TLS / certificate"),
        "auth": QCoreApplication.translate("Labels", "SINHA credentials"),
        "rejected": QCoreApplication.translate("Labels", "Refused by SINHA"),
        "invalid": QCoreApplication.translate("Labels", "Invalid records"),
        "conflict": QCoreApplication.translate("Labels", "Conflict (id_lote)"),
        "receipt_mismatch": QCoreApplication.translate("Labels", "Receipt does not match"),
        "unconfirmed": QCoreApplication.translate("Labels", "Not confirmed by SINHA"),
        "wait_limit": QCoreApplication.translate("Labels", "Wait limit reached"),
        "too_large": QCoreApplication.translate("Labels", "Batch too large"),
        "interrupted": QCoreApplication.translate("Labels", "Interrupted"),
        "configuration": QCoreApplication.translate("Labels", "Settings"),
        "secrets": QCoreApplication.translate("Labels", "Keyring"),
        "state_store": QCoreApplication.translate("Labels", "State store"),
        "cancelled": QCoreApplication.translate("Labels", "Cancelled"),
    }
    if category in labels:
        return labels[category]
    if category.startswith("source"):
        return QCoreApplication.translate("Labels", "Hospital database")
    return category


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
