"""How a host process tunes the interpreter it shares with a sync: the one place that does.

The engine never changes process-wide interpreter settings: a host -- the
``anahp-sync`` command, the desktop app, a benchmark that runs the engine in
its own process -- calls these once, at the points it owns (start-up, the
start and end of a run, the worker thread's first call). No Qt here: the CLI
uses it too.
"""

from __future__ import annotations

import gc
import os
import sys
import threading

#: how long a thread holds the interpreter before one waiting gets it (Python's default: 5 ms)
SWITCH_INTERVAL_S = 0.001
#: how much lower than the window the sync's threads run (Unix "nice" steps)
WORKER_NICENESS = 10
#: new container objects, net of those freed, before the youngest generation is collected
#: (Python's default: 700)
YOUNG_OBJECTS_PER_COLLECTION = 5000


def shorten_switch_interval() -> None:
    """Hand the interpreter lock over after 1 ms instead of 5 ms (never lengthen it).

    While the producer thread computes, the sender takes the interpreter lock
    back after each database call and each socket wait; Python makes a waiting
    thread wait up to the switch interval for it, on the sender's critical path
    (before and after every POST). 1 ms: the 50 ms-latency benchmark went from
    1.38-1.72 to 1.31-1.40 times its floor; 0.3 ms was worse (1.41-1.45).
    """
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))


def collect_less_often() -> None:
    """Collect the youngest generation after 5,000 new objects instead of 700 (never fewer).

    A page of 2,000 rows lives, as tuples, records and keys, for as long as it
    is validated, batched and stored: with Python's 700, the collector ran
    about 420 times in a 100,000-record sync, each time scanning that page's
    live objects, and moved them on to older generations scanned again later:
    250-470 ms of a run's 4-5 s of CPU. At 5,000 it runs about 10 times
    (35 ms). The garbage the refcounts cannot free -- a few reference cycles
    inside httpx per request, each holding a sent body -- waits a little
    longer: peak memory +7 MB at 100,000 records, flat as the run grows
    (docs/performance.md).
    """
    young, *older = gc.get_threshold()
    if young and young < YOUNG_OBJECTS_PER_COLLECTION:
        gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *older)


def share_with_the_window() -> None:
    """Keep the window responsive while the sync's threads work in this same process.

    The window's code and the sync share one interpreter lock: a 1 ms switch
    interval (:func:`shorten_switch_interval`), the sync's pages collected less
    often (:func:`collect_less_often`: 469 -> 12 collections in a 100,000-record
    sync from the window, the longest pause the same 10 ms), and the objects
    alive once the window is up -- modules and widgets made at start-up, which
    are never garbage -- moved out of the collector's scans (``gc.freeze``, once).
    Measured during a 100,000-record sync: the longest collection fell from
    160 ms to 23-41 ms and the longest stall of the window from 87-104 ms to
    43-64 ms; freezing again while each run goes (:func:`hold_collections`):
    6-17 ms and 24-31 ms (docs/performance.md).
    """
    shorten_switch_interval()
    collect_less_often()
    if gc.get_freeze_count() == 0:
        gc.freeze()


def hold_collections(running: bool) -> None:
    """While a run goes the collector scans only what the run makes; afterwards, all again."""
    if running:
        gc.freeze()
    else:
        gc.unfreeze()


def lower_this_thread_priority() -> None:
    """Lower the calling thread's CPU priority (once); threads it starts inherit it.

    The sync is CPU-bound for minutes on a backlog and shares the machine's
    cores with the window: at a lower priority the system runs the window's
    thread first whenever both are ready (docs/performance.md). On Windows the
    desktop app gets the same from the QThread priority its sync thread starts
    with (``ui/sync_controller.py``).
    """
    if not hasattr(os, "setpriority") or not hasattr(threading, "get_native_id"):
        return
    me = threading.get_native_id()
    try:
        if os.getpriority(os.PRIO_PROCESS, me) < WORKER_NICENESS:
            os.setpriority(os.PRIO_PROCESS, me, WORKER_NICENESS)  # on Linux: this thread only
    except OSError:
        return
