"""How the window shares the interpreter with the sync's threads in the same process."""

from __future__ import annotations

import gc
import sys

#: how long a thread holds the interpreter before one waiting gets it (Python's default: 5 ms)
SWITCH_INTERVAL_S = 0.001


def share_the_interpreter() -> None:
    """Keep the window responsive while the sync's threads work in this same process.

    The window's code and the sync share one interpreter lock. A thread that
    wants it back waits up to the switch interval (5 ms by default) each time,
    and a full garbage collection stops every thread while it scans every
    object alive -- most of them modules and widgets made at start-up, which
    are never garbage. So: a 1 ms switch interval, and the objects alive once
    the window is up moved out of the collector's scans (``gc.freeze``, once).
    Measured during a 100,000-record sync: the longest collection fell from
    160 ms to 23-41 ms and the longest stall of the window from 87-104 ms to
    43-64 ms; freezing again while each run goes (``_on_running_changed``):
    6-17 ms and 24-31 ms (docs/performance.md).
    """
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if gc.get_freeze_count() == 0:
        gc.freeze()
