"""When the desktop app runs the next scheduled sync: pure arithmetic on times.

The Qt side only arms one single-shot timer at :attr:`Schedule.next_due` and
asks :meth:`Schedule.tick` on a periodic wall-clock check, so everything that
can go wrong with time is decided here, where tests can move the clock:

* one slot at a time: the schedule holds a single due time, so however long
  the computer slept, the missed slots become *one* run, never a burst;
* a clock moved backwards (or a due time absurdly far away) is pulled back
  to one interval from now;
* after a failed run the gap grows (interval, 2x, 4x, ... up to
  :data:`MAX_BACKOFF`) so a broken SINHA is not hammered; a success resets it;
* a slot that comes while another run is going is not queued: the next slot
  is counted from the end of that run; a retry of chosen batches is not a
  sync and moves nothing (a slot it held up runs soon after it);
* paused means no due time at all.

Times are aware or naive datetimes, as long as the caller is consistent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

#: the longest gap a series of failures can grow the schedule to
MAX_BACKOFF = timedelta(hours=4)
#: how soon after start-up an overdue run happens (let the window show first)
STARTUP_GRACE = timedelta(minutes=1)


@dataclass(frozen=True)
class Schedule:
    """The schedule's whole state; every change returns a new one."""

    interval: timedelta
    paused: bool = False
    next_due: datetime | None = None
    failures: int = 0  # consecutive failed runs

    @classmethod
    def start(
        cls,
        interval_minutes: int,
        now: datetime,
        *,
        paused: bool = False,
        last_finished: datetime | None = None,
        grace: timedelta = STARTUP_GRACE,
        first_at_once: bool = False,
    ) -> Schedule:
        """The schedule at app start: one interval after the last run, not before the grace.

        ``first_at_once`` (the headless ``run --every``): with no run on record the first
        one is due after the grace rather than one interval later.
        """
        interval = timedelta(minutes=interval_minutes)
        schedule = cls(interval=interval, paused=paused)
        if paused:
            return schedule
        if last_finished is not None:
            due = last_finished + interval
        else:
            due = now + grace if first_at_once else now + interval
        return replace(schedule, next_due=_clamp(due, now, interval, floor=now + grace))

    def gap(self) -> timedelta:
        """The wait after a run: the interval, doubled per consecutive failure, capped."""
        if self.failures <= 0:
            return self.interval
        grown: timedelta = self.interval * (2 ** min(self.failures - 1, 16))
        return max(self.interval, min(grown, max(MAX_BACKOFF, self.interval)))

    def due(self, now: datetime) -> bool:
        return not self.paused and self.next_due is not None and now >= self.next_due

    def tick(self, now: datetime) -> tuple[Schedule, bool]:
        """(new schedule, whether to run now). Call on every timer or wall-clock check.

        When due, the returned schedule has no due time until :meth:`after_run`
        is called, so repeated ticks (a late timer plus the wall-clock check)
        start one run, not two.
        """
        if self.paused or self.next_due is None:
            return self, False
        if now >= self.next_due:
            return replace(self, next_due=None), True
        if self.next_due - now > self.gap():
            # the clock went backwards: do not wait longer than one gap from now
            return replace(self, next_due=now + self.gap()), False
        return self, False

    def after_run(self, finished: datetime, *, success: bool) -> Schedule:
        """Count the next slot from the end of a run (scheduled or manual)."""
        failures = 0 if success else self.failures + 1
        updated = replace(self, failures=failures)
        if self.paused:
            return replace(updated, next_due=None)
        return replace(updated, next_due=finished + updated.gap())

    def after_retry(self, finished: datetime) -> Schedule:
        """A retry of chosen batches is not a sync: the schedule stays as it was.

        Only a slot that came while the retry ran (and so could not start) is
        given back, soon after the retry, instead of a whole gap later.
        """
        if self.paused or self.next_due is not None:
            return self
        return replace(self, next_due=finished + STARTUP_GRACE)

    def pause(self) -> Schedule:
        return replace(self, paused=True, next_due=None)

    def resume(self, now: datetime, last_finished: datetime | None = None) -> Schedule:
        """Unpause: an overdue run happens soon, otherwise the usual gap after the last run."""
        if not self.paused:
            return self
        due = now + STARTUP_GRACE if last_finished is None else last_finished + self.gap()
        return replace(
            self,
            paused=False,
            next_due=_clamp(due, now, self.gap(), floor=now + STARTUP_GRACE),
        )

    def with_interval(self, interval_minutes: int, now: datetime) -> Schedule:
        """A new interval from the settings: the next slot moves to one new gap from now."""
        updated = replace(self, interval=timedelta(minutes=interval_minutes))
        if self.paused or self.next_due is None:
            return updated
        return replace(updated, next_due=min(self.next_due, now + updated.gap()))


def _clamp(due: datetime, now: datetime, gap: timedelta, *, floor: datetime) -> datetime:
    """Keep ``due`` within ``[floor, now + gap]``: overdue runs soon, future-dated not forever."""
    return max(floor, min(due, now + gap))
