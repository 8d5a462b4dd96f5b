"""The Qt side of the schedule: one single-shot timer, re-armed from the pure maths.

A periodic wall-clock check catches what a monotonic timer misses (the
computer slept, the clock was changed); :class:`anahp_desktop.scheduling.Schedule`
decides, so a long sleep gives one run, never a burst.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.scheduling import Schedule
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.ui.presenters.schedule_text import ScheduleState

# how often the wall clock is compared with the due time (sleep/clock-jump detection)
WALL_CLOCK_CHECK_MS = 30_000
# a QTimer is armed for at most this long, then re-armed (long intervals, clock changes)
MAX_TIMER_MS = 15 * 60 * 1000


def _now() -> datetime:
    return datetime.now().astimezone()


class SyncScheduler(QObject):
    """Emits ``due`` when a scheduled run should start.

    Signals:
        due(): start a scheduled run now (the receiver checks that none is running);
        changed(): next run time or paused state changed;
        paused_changed(bool): the operator paused or resumed (to persist it).
    """

    due = Signal()
    changed = Signal()
    paused_changed = Signal(bool)

    def __init__(
        self,
        interval_minutes: int,
        paused: bool,
        parent: QObject | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._schedule = Schedule.start(interval_minutes, clock(), paused=paused)
        self._last_finished: datetime | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.check_now)
        self._wall = QTimer(self)
        self._wall.setInterval(WALL_CLOCK_CHECK_MS)
        self._wall.timeout.connect(self.check_now)
        self._wall.start()
        self._arm()

    # -- what the widgets show ------------------------------------------------------------

    @property
    def schedule(self) -> Schedule:
        return self._schedule

    @property
    def paused(self) -> bool:
        return self._schedule.paused

    @property
    def next_due(self) -> datetime | None:
        return self._schedule.next_due

    def state(self, running: bool) -> ScheduleState:
        """What the schedule's words are made of (:mod:`.presenters.schedule_text`)."""
        minutes = int(self._schedule.interval.total_seconds() // 60)
        return ScheduleState(self.paused, running, self.next_due, minutes)

    # -- inputs ---------------------------------------------------------------------------

    def learn_last_run(self, finished: datetime | None) -> None:
        """At start-up, once the state store answered: count from the last run."""
        if finished is None:
            return
        self._last_finished = finished
        if self._schedule.paused:
            return
        now = self._clock()
        restarted = Schedule.start(
            int(self._schedule.interval.total_seconds() // 60), now, last_finished=finished
        )
        self._set(restarted)

    def set_interval(self, minutes: int) -> None:
        self._set(self._schedule.with_interval(minutes, self._clock()))

    def set_paused(self, paused: bool) -> None:
        if paused == self._schedule.paused:
            return
        now = self._clock()
        self._set(
            self._schedule.pause() if paused else self._schedule.resume(now, self._last_finished)
        )
        self.paused_changed.emit(paused)

    def run_finished(self, summary: RunSummary | None, trigger: str | None = None) -> None:
        """A run ended: a sync counts the next slot from now; a retry of batches moves nothing."""
        now = self._clock()
        if (summary.trigger if summary is not None else trigger) == Trigger.RETRY:
            self._set(self._schedule.after_retry(now))
            return
        self._last_finished = now
        success = summary is not None and summary.status == RunStatus.SUCCESS
        if summary is not None and summary.status == RunStatus.CANCELLED:
            success = True  # the operator stopped it: no back-off
        self._set(self._schedule.after_run(now, success=success))

    @Slot()
    def check_now(self) -> None:
        schedule, run = self._schedule.tick(self._clock())
        self._set(schedule)
        if run:
            self.due.emit()

    # -- internals ------------------------------------------------------------------------

    def _set(self, schedule: Schedule) -> None:
        changed = schedule != self._schedule
        self._schedule = schedule
        self._arm()
        if changed:
            self.changed.emit()

    def _arm(self) -> None:
        self._timer.stop()
        due = self._schedule.next_due
        if due is None or self._schedule.paused:
            return
        wait_ms = int((due - self._clock()).total_seconds() * 1000)
        self._timer.start(max(0, min(wait_ms, MAX_TIMER_MS)))
