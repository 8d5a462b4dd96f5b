"""``anahp-sync run [--every 15m]``: sync on the desktop app's schedule until stopped.

For servers and containers, where nobody logs in and no tray app runs. It
stops on SIGTERM (``docker stop``, systemd), Ctrl+C, Ctrl+Break and a Windows
service stop (service wrappers such as WinSW or NSSM send Ctrl+C), within
about a second, through :mod:`anahp_desktop.cli.interrupts`. It logs to
stdout in a container (``ANAHP_LOG_TO=stdout``, or a container detected) and
to the app's log file elsewhere.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

from anahp_desktop import applog, translation
from anahp_desktop.cli.interrupts import InterruptGuard
from anahp_desktop.config import loader
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import AnahpError
from anahp_desktop.secrets import Secrets
from anahp_desktop.state.holder import clear_this_process
from anahp_desktop.sync.service import SyncService
from anahp_desktop.translation import _

LOG_TO_ENV = "ANAHP_LOG_TO"
#: files container engines leave in the root of a container (Docker, Podman)
CONTAINER_MARKERS = (Path("/.dockerenv"), Path("/run/.containerenv"))
MAX_INTERVAL_MINUTES = 7 * 24 * 60
_INTERVAL = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?")

log = logging.getLogger("anahp_desktop.cli")


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    everywhere: argparse.ArgumentParser,
) -> None:
    """``everywhere``: the global options, accepted after the command too."""
    parser = commands.add_parser(
        "run",
        parents=[everywhere],
        help=_("sync on a schedule until stopped (servers and containers)"),
    )
    parser.add_argument(
        "--every",
        metavar="INTERVAL",
        type=interval_minutes,
        help=_("time between syncs, such as 15m, 1h or 1h30m (default: sync.interval_minutes)"),
    )
    parser.add_argument(
        "--log",
        choices=("auto", "stdout", "file"),
        default=os.environ.get(LOG_TO_ENV) or "auto",
        help=_("where the log goes: stdout in a container, the app's log file elsewhere (auto)"),
    )
    parser.set_defaults(handler=cmd_run)


def interval_minutes(text: str) -> int:
    """``15m``, ``1h``, ``1h30m``, ``2d`` or a number of minutes; at least one minute."""
    value = text.strip().lower()
    minutes: int | None = None
    if value.isdigit():
        minutes = int(value)
    else:
        match = _INTERVAL.fullmatch(value)
        if match and any(match.groups()):
            days, hours, mins = (int(part or 0) for part in match.groups())
            minutes = days * 24 * 60 + hours * 60 + mins
    if minutes is None or not 1 <= minutes <= MAX_INTERVAL_MINUTES:
        raise argparse.ArgumentTypeError(
            _(
                "{text!r} is not an interval between 1 minute and 7 days (examples: 15m, 1h)."
            ).format(text=text)
        )
    return minutes


def in_container() -> bool:
    return any(marker.exists() for marker in CONTAINER_MARKERS)


def cmd_run(args: argparse.Namespace) -> int:
    # here, not with the parser, which every command builds (a single sync has no loop)
    from anahp_desktop.sync.schedule_loop import LoopEnd, ScheduleLoop

    config = loader.load(args.config)
    translation.install(args.lang or config.settings.app.language)
    minutes = args.every or config.settings.sync.interval_minutes
    to_stdout = args.log == "stdout" or (args.log == "auto" and in_container())
    if to_stdout:
        applog.to_stream(sys.stdout)
    where = _("standard output") if to_stdout else str(applog.log_dir() / applog.LOG_FILE_NAME)
    _say(
        _(
            "Syncing every {minutes} minutes until stopped (Ctrl+C, SIGTERM or a service stop). "
            "Log: {where}."
        ).format(minutes=minutes, where=where),
        echo=not to_stdout,
    )
    service = SyncService(config.settings, Secrets())
    with InterruptGuard(on_first=lambda reason: _stopping(reason, echo=not to_stdout)) as guard:
        loop = ScheduleLoop(
            minutes,
            run_once=lambda cancel: service.run(Trigger.SCHEDULED, cancel=cancel),
            stop=guard.cancel,
            last_finished=_last_finished(service),
            on_abandon=lambda: _close_for_exit(service),
        )
        try:
            end = loop.serve()
        except KeyboardInterrupt:  # a second interrupt: stop now
            loop.on_abandon()
            end = LoopEnd.ABANDONED
        guard.finished()
    if end is LoopEnd.ABANDONED:
        _exit_now()  # sending threads still wait for SINHA; the interpreter would wait too
    service.close()
    return 0


def _last_finished(service: SyncService) -> datetime | None:
    """When the last run ended (the first slot counts from it); None when unknown."""
    from anahp_desktop.state import queries

    try:
        row = queries.last_run(service.store)
    except AnahpError as exc:  # the first run will say it again, and back off
        log.warning("%s: %s", exc.category, exc.message)
        return None
    if row is None or row.finished_at is None:
        return None
    return row.finished_at.replace(tzinfo=UTC)


def _close_for_exit(service: SyncService) -> None:
    """The run did not end in time: close what it left running and the row naming it as the
    sync lock's holder (the process's end frees the lock itself)."""
    try:
        store = service.store
        store.close_for_exit()
        clear_this_process(store)
    except AnahpError as exc:  # the next run closes them, as after a crash
        log.warning("%s: %s", exc.category, exc.message)


def _stopping(reason: str, *, echo: bool) -> None:
    _say(
        _(
            "Stopping ({reason}): the current run ends, what it did not deliver stays pending."
        ).format(reason=reason),
        echo=echo,
    )


def _say(message: str, *, echo: bool) -> None:
    log.info("%s", message)
    if echo:
        print(message, flush=True)


def _exit_now() -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
