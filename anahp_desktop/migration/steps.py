"""The migration as two calls for the desktop app's setup window (run on a worker thread).

:func:`dry_run` reads the files and the databases and returns the plan with its
report; :func:`migrate` writes that plan and returns the closing summary and the
settings as the app will now read them. The command line does the same from
its arguments (:mod:`anahp_desktop.cli.migrate`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.migration.plan import MigrationPlan, MigrationRequest, apply, prepare
from anahp_desktop.migration.report import plan_text, result_text
from anahp_desktop.migration.service_env import read_env_file
from anahp_desktop.secrets import Secrets
from anahp_desktop.translation import _


@dataclass(frozen=True)
class DryRun:
    plan: MigrationPlan
    text: str


@dataclass(frozen=True)
class Migrated:
    text: str
    settings: Settings  # the effective settings from the file just written


def dry_run(
    env_file: Path,
    timestamp_file: Path | None,
    *,
    timestamp_zone: str | None,
    state_url: str | None,
    config_path: Path,
    secrets: Secrets,
) -> DryRun:
    """Nothing is written. ``timestamp_file`` None: the path the .env names."""
    service = read_env_file(env_file, os.environ)
    stamp = timestamp_file or (Path(service.timestamp_file) if service.timestamp_file else None)
    if stamp is None:
        raise ConfigurationError(
            _(
                "{origin} does not name the timestamp file (LAST_SYNC_TIMESTAMP_FILE): choose "
                "the file. Nothing was changed."
            ).format(origin=service.origin)
        )
    base = loader.load(config_path, env={}, to_create=True).file_settings
    request = MigrationRequest(
        service=service,
        timestamp_file=stamp,
        base=base,
        timestamp_zone=timestamp_zone,
        state_url=state_url,
    )
    plan = prepare(request, secrets)
    return DryRun(plan, plan_text(plan, config_path, dry_run=True))


def migrate(plan: MigrationPlan, secrets: Secrets, config_path: Path) -> Migrated:
    result = apply(plan, secrets, config_path)
    return Migrated(result_text(result), loader.load(config_path).settings)
