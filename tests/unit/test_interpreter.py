"""Interpreter tuning belongs to the host process, never to the engine mid-call."""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable, Iterator

import pytest

from anahp_desktop import interpreter
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.sync.events import SyncEvent
from anahp_desktop.sync.service import SyncService
from tests.helpers.source_db import SourceDb


@pytest.fixture
def switch_interval() -> Iterator[None]:
    previous = sys.getswitchinterval()
    yield
    sys.setswitchinterval(previous)


def test_a_run_leaves_the_switch_interval_as_its_host_set_it(
    switch_interval: None, make_service: Callable[..., SyncService], source_db: SourceDb
) -> None:
    source_db.add_valid(12)
    sys.setswitchinterval(0.004)
    during: set[float] = set()

    def listener(_event: SyncEvent) -> None:
        during.add(sys.getswitchinterval())

    summary = make_service().run(Trigger.CLI, listener=listener)
    assert summary.complete, summary.message
    assert during and all(value == pytest.approx(0.004) for value in during)
    assert sys.getswitchinterval() == pytest.approx(0.004)


def test_the_switch_interval_is_shortened_never_lengthened(switch_interval: None) -> None:
    sys.setswitchinterval(0.005)
    interpreter.shorten_switch_interval()
    assert sys.getswitchinterval() == pytest.approx(interpreter.SWITCH_INTERVAL_S)
    sys.setswitchinterval(0.0005)
    interpreter.shorten_switch_interval()
    assert sys.getswitchinterval() == pytest.approx(0.0005)


@pytest.fixture
def gc_threshold() -> Iterator[None]:
    previous = gc.get_threshold()
    yield
    gc.set_threshold(*previous)


def test_the_young_generation_is_collected_less_often_never_more(gc_threshold: None) -> None:
    gc.set_threshold(700, 10, 10)
    interpreter.collect_less_often()
    assert gc.get_threshold() == (interpreter.YOUNG_OBJECTS_PER_COLLECTION, 10, 10)
    gc.set_threshold(50_000, 20, 30)
    interpreter.collect_less_often()
    assert gc.get_threshold() == (50_000, 20, 30)
    gc.set_threshold(0, 10, 10)  # a host that turned collection off keeps it off
    interpreter.collect_less_often()
    assert gc.get_threshold()[0] == 0


def test_collections_are_held_during_a_run_and_released_after() -> None:
    alive = [object() for _ in range(10)]
    try:
        interpreter.hold_collections(True)
        assert gc.get_freeze_count() >= len(alive)
    finally:
        interpreter.hold_collections(False)
    assert gc.get_freeze_count() == 0


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="no Unix thread priorities")
def test_the_worker_thread_runs_below_the_window_and_only_it() -> None:
    me = threading.get_native_id()
    before = os.getpriority(os.PRIO_PROCESS, me)
    seen: list[int] = []

    def worker() -> None:
        interpreter.lower_this_thread_priority()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [max(before, interpreter.WORKER_NICENESS)]
    assert os.getpriority(os.PRIO_PROCESS, me) == before
