"""``run --every``'s loop: the desktop schedule's rules on a simulated clock, and its stop."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.errors import SourceUnavailableError, SyncAlreadyRunningError
from anahp_desktop.scheduling import MAX_BACKOFF
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.schedule_loop import WALL_CLOCK_CHECK_S, LoopEnd, ScheduleLoop

START = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


class SimulatedTime:
    """A clock that moves only when the loop waits (or a run takes time)."""

    def __init__(self) -> None:
        self.now = START
        self.waits: list[float] = []
        self.jumps: dict[int, timedelta] = {}  # after the n-th wait, the machine "slept"

    def clock(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += timedelta(seconds=seconds)
        self.now += self.jumps.pop(len(self.waits), timedelta(0))


def summary(status: RunStatus, at: datetime) -> RunSummary:
    return RunSummary("r", Trigger.SCHEDULED, status, at, at)


class Runs:
    """run_once: records when each run started and answers from a script of outcomes."""

    def __init__(
        self,
        time_: SimulatedTime,
        stop: threading.Event,
        script: list[object],
        duration: timedelta = timedelta(minutes=2),
        limit: int = 0,
    ) -> None:
        self.time = time_
        self.stop = stop
        self.script = script
        self.duration = duration
        self.started: list[datetime] = []
        self.limit = limit or len(script)
        self.active = 0
        self.most_at_once = 0

    def __call__(self, cancel: threading.Event) -> RunSummary:
        self.active += 1
        self.most_at_once = max(self.most_at_once, self.active)
        self.started.append(self.time.now)
        self.time.now += self.duration
        outcome = self.script[len(self.started) - 1]
        if len(self.started) >= self.limit:
            self.stop.set()
        self.active -= 1
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, str)
        return summary(RunStatus(outcome), self.time.now)


def loop_with(runs: Runs, time_: SimulatedTime, **extra: object) -> ScheduleLoop:
    return ScheduleLoop(
        15,
        runs,
        runs.stop,
        clock=time_.clock,
        wait=time_.wait,
        **extra,  # type: ignore[arg-type]
    )


def gaps(started: list[datetime]) -> list[timedelta]:
    return [b - a for a, b in itertools.pairwise(started)]


def test_the_first_run_is_at_once_then_one_interval_after_each_run_ends() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    runs = Runs(time_, stop, ["success"] * 3, duration=timedelta(minutes=20))
    assert loop_with(runs, time_).serve() is LoopEnd.STOPPED
    assert runs.started[0] == START
    # a run longer than the interval: the next starts 15 min after it ended, never overlapping
    assert gaps(runs.started) == [35 * MIN, 35 * MIN]
    assert runs.most_at_once == 1
    assert max(time_.waits) <= WALL_CLOCK_CHECK_S  # the wall clock is looked at every 30 s


def test_after_a_sleep_the_missed_slots_become_one_run() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    runs = Runs(time_, stop, ["success"] * 3)
    time_.jumps[3] = timedelta(hours=8)  # the server slept 8 hours during the third wait
    loop_with(runs, time_).serve()
    woke = START + 2 * MIN + 3 * timedelta(seconds=WALL_CLOCK_CHECK_S) + timedelta(hours=8)
    assert runs.started[1] == woke  # one catch-up run at once...
    assert runs.started[2] == woke + 2 * MIN + 15 * MIN  # ...then the normal gap, no burst


def test_failures_back_off_and_a_success_resets() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    failure = SourceUnavailableError("no route to the database")
    runs = Runs(
        time_, stop, ["failed", failure, "failed", "success", "success"], duration=timedelta(0)
    )
    loop_with(runs, time_).serve()
    assert gaps(runs.started) == [15 * MIN, 30 * MIN, 60 * MIN, 15 * MIN]


def test_the_back_off_stops_growing_at_four_hours() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    runs = Runs(time_, stop, ["failed"] * 8, duration=timedelta(0))
    loop_with(runs, time_).serve()
    assert gaps(runs.started)[-1] == MAX_BACKOFF


def test_a_slot_taken_by_another_copy_is_skipped_without_back_off() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    busy = SyncAlreadyRunningError("A sync is already running (desktop)")
    runs = Runs(time_, stop, [busy, busy, "success"], duration=timedelta(0))
    loop_with(runs, time_).serve()
    assert gaps(runs.started) == [15 * MIN, 15 * MIN]


def test_a_bug_in_a_run_is_a_failed_run_and_the_loop_goes_on() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    runs = Runs(time_, stop, [TypeError("a bug"), "success"], duration=timedelta(0))
    assert loop_with(runs, time_).serve() is LoopEnd.STOPPED
    assert gaps(runs.started) == [15 * MIN]  # a first failure keeps the interval


def test_the_first_slot_follows_the_last_run_on_record() -> None:
    time_, stop = SimulatedTime(), threading.Event()
    runs = Runs(time_, stop, ["success"], duration=timedelta(0))
    loop_with(runs, time_, last_finished=START - 10 * MIN).serve()
    assert runs.started == [START + 5 * MIN]


def real_loop(
    run_once: Callable[[threading.Event], RunSummary], stop: threading.Event, abandoned: list[bool]
) -> ScheduleLoop:
    return ScheduleLoop(15, run_once, stop, on_abandon=lambda: abandoned.append(True))


def test_a_stop_while_waiting_ends_the_loop_at_once() -> None:
    stop, abandoned = threading.Event(), list[bool]()
    loop = real_loop(lambda _c: summary(RunStatus.SUCCESS, START), stop, abandoned)
    thread = threading.Thread(target=lambda: loop.serve())
    thread.start()
    time.sleep(0.2)  # the first run is done; the loop waits for the next slot
    asked = time.monotonic()
    stop.set()
    thread.join(2)
    assert not thread.is_alive() and time.monotonic() - asked < 0.2
    assert (loop.runs, abandoned) == (1, [])


def test_a_stop_during_a_run_cancels_it_and_waits_for_its_end() -> None:
    stop, abandoned = threading.Event(), list[bool]()

    def run_once(cancel: threading.Event) -> RunSummary:
        cancel.wait(10)  # a run that checks its cancel event, as the engine's does
        time.sleep(0.1)  # writes "cancelled"
        return summary(RunStatus.CANCELLED, START)

    loop = real_loop(run_once, stop, abandoned)
    ended: list[LoopEnd] = []
    thread = threading.Thread(target=lambda: ended.append(loop.serve()))
    thread.start()
    time.sleep(0.1)
    asked = time.monotonic()
    stop.set()
    thread.join(2)
    assert ended == [LoopEnd.STOPPED] and abandoned == []
    assert time.monotonic() - asked < 0.5


def test_a_run_that_does_not_end_within_the_grace_is_abandoned_after_closing_its_state() -> None:
    stop, abandoned = threading.Event(), list[bool]()
    release = threading.Event()
    loop = real_loop(
        lambda _c: (release.wait(10), summary(RunStatus.SUCCESS, START))[1], stop, abandoned
    )
    ended: list[LoopEnd] = []
    thread = threading.Thread(target=lambda: ended.append(loop.serve()))
    thread.start()
    time.sleep(0.1)
    asked = time.monotonic()
    stop.set()
    thread.join(3)
    took = time.monotonic() - asked
    release.set()
    assert ended == [LoopEnd.ABANDONED] and abandoned == [True]
    assert 0.7 < took < 1.0
