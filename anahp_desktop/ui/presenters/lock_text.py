"""The words for another copy holding the sync lock: refused runs and the dashboard's line.

The lock's holder is read from the engine (state/sync_lock.py), which never
reports a process of this computer that is gone; times are shown local.
"""

from __future__ import annotations

import os
from typing import assert_never

from PySide6.QtCore import QCoreApplication

from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state.holder import LockHolder
from anahp_desktop.state.sync_lock import RunningSync
from anahp_desktop.ui import formatting


def already_running(holder: LockHolder | None) -> str:
    """A run refused because another copy (here or on another computer) holds the lock."""
    if holder is None:
        return QCoreApplication.translate(
            "LockText",
            "Another copy of the app is starting a sync and has not said yet where it "
            "runs; try again when it finishes.",
        )
    return _with_holder(
        QCoreApplication.translate(
            "LockText",
            "A sync is already running on %1 (process %2, %3) since %4; "
            "try again when it finishes.",
        ),
        holder,
    )


def running_elsewhere(running: RunningSync | None) -> str:
    """Another copy's run, for the dashboard ("" when none, or when it is this window's)."""
    if running is None:
        return ""
    holder = running.holder
    if holder is None:
        return QCoreApplication.translate(
            "LockText", "A sync is starting in another copy of the app."
        )
    if holder.pid == os.getpid() and holder.on_this_host():
        return ""  # this window's own run, already over: the figures are from its end
    return _with_holder(
        QCoreApplication.translate(
            "LockText", "A sync is running on %1 (process %2, %3) since %4."
        ),
        holder,
    )


def _with_holder(template: str, holder: LockHolder) -> str:
    how = _how(holder.trigger)
    return (
        template.replace("%1", holder.host)
        .replace("%2", str(holder.pid) if holder.pid is not None else "?")
        .replace("%3", how)
        .replace("%4", formatting.date_time(holder.since, seconds=False) or "?")
    )


def _how(trigger: Trigger | None) -> str:
    match trigger:
        case Trigger.CLI:
            return QCoreApplication.translate("LockText", "started from the command line")
        case Trigger.SCHEDULED:
            return QCoreApplication.translate("LockText", "started by the schedule")
        case Trigger.MANUAL:
            return QCoreApplication.translate("LockText", "started in the desktop app")
        case Trigger.RETRY:
            return QCoreApplication.translate("LockText", "sending waiting batches again")
        case Trigger.IMPORTED | None:  # no run is imported: an earlier version's holder
            return "?"
        case _:
            assert_never(trigger)
