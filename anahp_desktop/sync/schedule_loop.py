"""``anahp-sync run --every``: the desktop app's schedule without a window.

The rules are :class:`anahp_desktop.scheduling.Schedule`'s, the same the tray
app follows: one run at a time (the next slot counts from the end of a run),
a long sleep or a clock jump gives one catch-up run, never a burst, and the
gap doubles after each failed run up to four hours. The loop wakes at least
every :data:`WALL_CLOCK_CHECK_S` to compare the wall clock with the due time,
which is how a sleep is noticed.

Each run happens on a worker thread so that a stop request (SIGTERM, Ctrl+C,
a Windows service stop; see :mod:`anahp_desktop.cli.interrupts`) is answered
at once: the run is cancelled, and if it has not ended within
:data:`STOP_GRACE_S` (a request to SINHA still on its way), ``on_abandon``
closes what it left ``running`` and the caller ends the process. Nothing is
lost either way: a batch whose answer never came is looked up before it is
sent again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from anahp_desktop.domain.clock import aware_utc_now
from anahp_desktop.domain.statuses import RunResult
from anahp_desktop.errors import AnahpError, SyncAlreadyRunningError
from anahp_desktop.scheduling import Schedule
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.translation import _

#: the longest the loop sleeps before it looks at the wall clock again
WALL_CLOCK_CHECK_S = 30.0
#: how long a cancelled run may take to end before the process stops without it
STOP_GRACE_S = 0.8
#: how often a waiting loop looks at its run thread
JOIN_SLICE_S = 0.05

log = logging.getLogger(__name__)


class LoopEnd(StrEnum):
    STOPPED = "stopped"  # the run (if any) ended and wrote its state
    ABANDONED = "abandoned"  # a run was still waiting for SINHA: the caller ends the process


@dataclass
class ScheduleLoop:
    """Runs ``run_once(cancel)`` on the schedule until ``stop`` is set.

    ``wait(seconds)`` sleeps and returns early when ``stop`` is set; tests give a
    clock and a wait that move simulated time instead.
    """

    interval_minutes: int
    run_once: Callable[[threading.Event], RunSummary]
    stop: threading.Event
    last_finished: datetime | None = None
    clock: Callable[[], datetime] = aware_utc_now
    wait: Callable[[float], object] | None = None
    on_abandon: Callable[[], None] = lambda: None
    stop_grace_s: float = STOP_GRACE_S
    runs: int = 0

    def serve(self) -> LoopEnd:
        schedule = Schedule.start(
            self.interval_minutes,
            self.clock(),
            last_finished=self.last_finished,
            grace=timedelta(0),
            first_at_once=True,
        )
        self._say_next(schedule)
        while not self.stop.is_set():
            schedule, due = schedule.tick(self.clock())
            if due:
                outcome = self._run()
                if outcome is None:
                    return LoopEnd.ABANDONED
                if self.stop.is_set():
                    break
                schedule = schedule.after_run(self.clock(), success=outcome != RunResult.FAILED)
                self._say_next(schedule)
                continue
            self._sleep(schedule)
        log.info("%s", _("Stopped; nothing is left running."))
        return LoopEnd.STOPPED

    # -- one run --------------------------------------------------------------------------

    def _run(self) -> RunResult | None:
        """The run's outcome, or None when it did not end within the grace after a stop."""
        self.runs += 1
        result: list[RunResult] = []
        worker = threading.Thread(
            target=lambda: result.append(self._guarded_run()), name="run-every", daemon=True
        )
        worker.start()
        while worker.is_alive() and not self.stop.is_set():
            worker.join(JOIN_SLICE_S)
        worker.join(self.stop_grace_s if self.stop.is_set() else None)
        if worker.is_alive():
            log.warning(
                "%s",
                _(
                    "The run did not end within {seconds} s of the stop request (a batch still "
                    "waits for SINHA's answer): stopping without it; that batch is looked up "
                    "before it is sent again."
                ).format(seconds=self.stop_grace_s),
            )
            self.on_abandon()
            return None
        return result[0] if result else RunResult.FAILED

    def _guarded_run(self) -> RunResult:
        try:
            summary = self.run_once(self.stop)
        except SyncAlreadyRunningError as exc:
            log.info("%s", _("Skipped this slot: {reason}").format(reason=exc.message))
            return RunResult.SKIPPED
        except AnahpError as exc:
            log.warning("%s: %s", exc.category, exc.message)
            return RunResult.FAILED
        except Exception:  # a bug: the traceback to the log, the loop goes on with back-off
            log.exception("unexpected error in a scheduled run")
            return RunResult.FAILED
        return RunResult.of(summary.status)

    # -- waiting --------------------------------------------------------------------------

    def _sleep(self, schedule: Schedule) -> None:
        due = schedule.next_due
        seconds = WALL_CLOCK_CHECK_S
        if due is not None:
            seconds = min(seconds, max(0.0, (due - self.clock()).total_seconds()))
        if self.wait is not None:
            self.wait(seconds)
        else:
            self.stop.wait(seconds)

    def _say_next(self, schedule: Schedule) -> None:
        if schedule.next_due is None:
            return
        when = schedule.next_due.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if schedule.failures:
            log.info(
                "%s",
                _("Next sync at {when} (waiting longer after {n} failed runs).").format(
                    when=when, n=schedule.failures
                ),
            )
        else:
            log.info("%s", _("Next sync at {when}.").format(when=when))
