"""What each step of a run costs as the backlog grows: one engine run with its steps timed.

``python -m bench.phases --config C [--parts 10]`` runs ``SyncService.run`` as
``anahp-sync sync`` does and wraps (from the outside, the engine unchanged)
the calls a run repeats: reading a page of the view, the handled-keys lookup,
processing a page (validation, pseudonymization, batching), storing the
page's intents, and on the sending side loading a batch, logging the attempt,
the POST and recording the delivery. Calls are split into ``--parts`` equal
slices in the order they happened; for each slice it prints the mean wall
and thread-CPU milliseconds per call. A step whose cost per call rises from
the first slice to the last is what grows with the backlog. Prints one JSON
object (the same table) on stdout.

A diagnostic, not a benchmark figure: the wrappers add ~2 us a call. It
names engine functions, so it follows them when they are renamed.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: (module, class, method, label)
STEPS = (
    ("anahp_desktop.source.view_reader", "ViewReader", "fetch_page", "read page"),
    ("anahp_desktop.state.store", "StateStore", "handled_keys", "handled keys"),
    ("anahp_desktop.sync.extraction", "Producer", "_process", "process page"),
    ("anahp_desktop.state.store", "StateStore", "save_intents", "save intents"),
    ("anahp_desktop.state.store", "StateStore", "load_batch", "load batch"),
    ("anahp_desktop.state.store", "StateStore", "begin_attempt", "begin attempt"),
    ("anahp_desktop.sinha.client", "SinhaClient", "post_lote", "POST"),
    ("anahp_desktop.state.store", "StateStore", "record_delivery", "record delivery"),
    ("anahp_desktop.sync.delivery", "BatchSender", "send", "send batch (all)"),
)

Call = tuple[float, float]  # wall s, thread CPU s


def instrument() -> dict[str, list[Call]]:
    """Wrap every step; the lists fill as the run goes."""
    import importlib

    calls: dict[str, list[Call]] = {}
    lock = threading.Lock()
    for module_name, class_name, method, label in STEPS:
        cls = getattr(importlib.import_module(module_name), class_name)
        calls[label] = []
        setattr(cls, method, _timed(getattr(cls, method), calls[label], lock))
    return calls


def _timed(
    function: Callable[..., Any], into: list[Call], lock: threading.Lock
) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            done = (time.perf_counter() - wall, time.thread_time() - cpu)
            with lock:
                into.append(done)

    return wrapper


def table(calls: dict[str, list[Call]], parts: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for label, made in calls.items():
        if not made:
            continue
        size = max(1, len(made) // parts)
        slices = [made[i : i + size] for i in range(0, size * parts, size) if made[i : i + size]]
        result[label] = {
            "calls": len(made),
            "total_wall_s": round(sum(w for w, _c in made), 2),
            "total_cpu_s": round(sum(c for _w, c in made), 2),
            "wall_ms": [round(1000 * sum(w for w, _c in s) / len(s), 2) for s in slices],
            "cpu_ms": [round(1000 * sum(c for _w, c in s) / len(s), 2) for s in slices],
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.phases", description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--parts", type=int, default=10)
    args = parser.parse_args(argv)
    calls = instrument()
    from anahp_desktop.config import loader
    from anahp_desktop.domain.statuses import Trigger
    from anahp_desktop.secrets import Secrets
    from anahp_desktop.sync.service import SyncService

    service = SyncService(loader.load(args.config).settings, Secrets())
    service.store  # noqa: B018 -- the tables, before the clock starts
    started, cpu = time.perf_counter(), time.process_time()
    summary = service.run(Trigger.CLI)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    service.close()
    steps = table(calls, args.parts)
    for label, row in steps.items():
        print(
            f"{label:>18}: {row['calls']:>6} calls, {row['total_cpu_s']:>7.2f} s CPU; "
            f"ms/call wall {row['wall_ms']}  cpu {row['cpu_ms']}",
            file=sys.stderr,
        )
    out = {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2), "delivered": summary.delivered}
    print(json.dumps({**out, "steps": steps}), flush=True)
    return 0 if summary.complete else 1


if __name__ == "__main__":
    sys.exit(main())
