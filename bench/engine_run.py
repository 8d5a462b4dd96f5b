"""One engine run in this process, timed without the interpreter's start-up and imports.

``python -m bench.engine_run --config C`` loads the settings file as
``anahp-sync sync`` does (secrets from the environment), creates the state
store (its migration is timed apart: an installation does it once), then
times one full ``SyncService.run`` -- lease, contract check, counts,
extraction, validation, intents, every POST and its log rows, the watermark.
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_run")
    parser.add_argument("--config", required=True)
    args = parser.parse_args(argv)
    from anahp_desktop import interpreter
    from anahp_desktop.config import loader
    from anahp_desktop.domain.statuses import Trigger
    from anahp_desktop.secrets import Secrets
    from anahp_desktop.sync.service import SyncService

    settings = loader.load(args.config).settings
    interpreter.shorten_switch_interval()  # as ``anahp-sync`` does: the host tunes, not the engine
    service = SyncService(settings, Secrets())
    started = time.perf_counter()
    service.store  # noqa: B018 -- creates the tables (timed apart)
    migrated = time.perf_counter()
    cpu = time.process_time()
    summary = service.run(Trigger.CLI)
    finished = time.perf_counter()
    cpu = time.process_time() - cpu
    service.close()
    result = {
        "seconds": finished - migrated,
        "cpu_s": cpu,
        "migration_s": migrated - started,
        "records": summary.delivered,
        "batches": summary.batches,
        "status": summary.status,
        "rejected": summary.rejected,
        "pending": summary.pending,
    }
    print(json.dumps(result), flush=True)
    return 0 if summary.complete else 1


if __name__ == "__main__":
    sys.exit(main())
