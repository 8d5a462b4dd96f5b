"""``anahp-sync migrate-from-service``: take over from the FastAPI service.

Prints the plan (the dry run stops there), then writes it. See
:mod:`anahp_desktop.migration` for what is read and written, and
docs/migration.md for the operator's order of steps.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from anahp_desktop import translation
from anahp_desktop.config import loader
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.secrets import Secrets
from anahp_desktop.translation import _


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    everywhere: argparse.ArgumentParser,
) -> None:
    """``everywhere``: the global options, accepted after the command too."""
    parser = commands.add_parser(
        "migrate-from-service",
        parents=[everywhere],
        help=_("take over from the old FastAPI service without sending its history again"),
    )
    origin = parser.add_mutually_exclusive_group(required=True)
    origin.add_argument("--env-file", metavar="PATH", help=_("the old service's .env file"))
    origin.add_argument(
        "--from-environment",
        action="store_true",
        help=_("read the old service's settings from the environment (a container)"),
    )
    parser.add_argument(
        "--timestamp-file",
        metavar="PATH",
        help=_("the old service's LAST_SYNC_TIMESTAMP_FILE (default: the path its settings name)"),
    )
    parser.add_argument(
        "--timestamp-zone",
        metavar="ZONE",
        help=_("the clock of a timestamp written without offset (UTC, America/Sao_Paulo...)"),
    )
    parser.add_argument(
        "--state-url",
        metavar="URL",
        help=_("where this app keeps its state (default: the settings' state.url)"),
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("show what would be written and what the first sync would send; change nothing"),
    )
    parser.set_defaults(handler=cmd_migrate_from_service)


def cmd_migrate_from_service(args: argparse.Namespace) -> int:
    # imported here, not with the parser: every other command (a sync above all) builds the
    # parser and would otherwise load the whole migration package for nothing
    from anahp_desktop.migration import plan as migration
    from anahp_desktop.migration.report import plan_text, result_text
    from anahp_desktop.migration.service_env import from_environment, read_env_file

    loaded = loader.load(args.config, to_create=True)  # the migration writes this file
    translation.install(args.lang or loaded.settings.app.language)
    if args.env_file:
        service = read_env_file(Path(args.env_file), os.environ)
    else:
        service = from_environment(os.environ)
    timestamp = args.timestamp_file or service.timestamp_file
    if not timestamp:
        raise ConfigurationError(
            _(
                "{origin} does not name the timestamp file (LAST_SYNC_TIMESTAMP_FILE): give it "
                "with --timestamp-file. Nothing was changed."
            ).format(origin=service.origin)
        )
    request = migration.MigrationRequest(
        service=service,
        timestamp_file=Path(timestamp),
        base=loaded.file_settings,  # the file as it is: the service gives the rest
        timestamp_zone=args.timestamp_zone,
        # the store the app will use: STATE_DATABASE_URL overrides the file at every run too
        state_url=args.state_url or loaded.settings.state.url or None,
        store_secrets=not args.from_environment,
    )
    secrets = Secrets()
    plan = migration.prepare(request, secrets)
    print(plan_text(plan, loaded.path, dry_run=args.dry_run), flush=True)
    if args.dry_run:
        return 0
    result = migration.apply(plan, secrets, loaded.path)
    print("\n" + result_text(result), flush=True)
    return 0
