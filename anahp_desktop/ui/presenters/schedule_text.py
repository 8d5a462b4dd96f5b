"""The words for the schedule: the tray's next-run line and the dashboard's card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from anahp_desktop.ui import formatting


@dataclass(frozen=True)
class ScheduleState:
    paused: bool
    running: bool
    next_due: datetime | None  # aware local time
    interval_minutes: int


def _minutes_until(due: datetime, now: datetime) -> int:
    return max(0, int((due - now).total_seconds() // 60))


def next_run_line(state: ScheduleState, now: datetime) -> str:
    """One line (the tray's menu and tooltip)."""
    if state.paused:
        return QCoreApplication.translate("ScheduleText", "Schedule paused")
    if state.running:
        return QCoreApplication.translate("ScheduleText", "Sync running now")
    if state.next_due is None:
        return QCoreApplication.translate("ScheduleText", "Next sync after the current one")
    return QCoreApplication.translate(
        "ScheduleText", "Next sync at %1 (in %Ln min)", None, _minutes_until(state.next_due, now)
    ).replace("%1", formatting.clock_time(state.next_due))


def next_run_card(state: ScheduleState, now: datetime) -> tuple[str, str]:
    """(big value, detail) for the dashboard's card."""
    every = QCoreApplication.translate(
        "ScheduleText", "every %Ln min", None, state.interval_minutes
    )
    if state.paused:
        return QCoreApplication.translate("ScheduleText", "Paused"), QCoreApplication.translate(
            "ScheduleText", "No scheduled sync until you resume."
        )
    if state.running:
        return QCoreApplication.translate("ScheduleText", "Running now"), every
    if state.next_due is None:
        return QCoreApplication.translate("ScheduleText", "After this sync"), every
    minutes = _minutes_until(state.next_due, now)
    return formatting.clock_time(state.next_due), QCoreApplication.translate(
        "ScheduleText", "in %Ln min, then %1", None, minutes
    ).replace("%1", every)
