"""A state store whose watermark sits an hour before the view's first row.

``python -m bench.seed_state --config C`` creates (or migrates) the state
store of the settings file C through the engine and sets the view's
watermark there, as an installation that has synced before finds it after a
mass update of the view or a long outage: the next ``anahp-sync sync`` reads
the whole view again, starting from a watermark (a lower bound) instead of
from nothing. The first run after ``migrate-from-service`` starts the same
way, from its floor. Bench sources are SQLite files. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from datetime import datetime, timedelta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed_state")
    parser.add_argument("--config", required=True)
    args = parser.parse_args(argv)
    from anahp_desktop.config import loader
    from anahp_desktop.domain.values import CursorState
    from anahp_desktop.secrets import Secrets
    from anahp_desktop.sync.service import SyncService

    settings = loader.load(args.config).settings
    source = settings.source.url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as db:
        (first,) = db.execute(f"SELECT min(updated_at) FROM {settings.source.view}").fetchone()
    db.close()
    mark = datetime.fromisoformat(first) - timedelta(hours=1)
    service = SyncService(settings, Secrets())
    try:
        service.store.set_cursor_state(settings.source.view, CursorState(mark))
    finally:
        service.close()
    print(json.dumps({"watermark": mark.isoformat()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
