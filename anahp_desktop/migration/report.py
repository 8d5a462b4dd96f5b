"""The migration in words: the dry run's report and the closing summary.

One text for the command line and the desktop app's setup window, so both
say the same. Passwords are never in it: URLs are shown with ``***``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from anahp_desktop.config.urls import redact
from anahp_desktop.migration.plan import MigrationPlan, MigrationResult
from anahp_desktop.migration.preview import FirstSyncPreview
from anahp_desktop.migration.service_log import Role, ServiceLog
from anahp_desktop.secrets import describe
from anahp_desktop.state import location
from anahp_desktop.translation import _, ngettext

ROLE_NAMES = {
    Role.ID_LOTE: "id_lote",
    Role.STATUS: "status",
    Role.STARTED_AT: "started_at",
    Role.FINISHED_AT: "finished_at",
    Role.MESSAGE: "error_message",
    Role.RESPONSE: "response_body",
    Role.CNES: "cnes",
    Role.HTTP_STATUS: "http_status",
    Role.RECORDS: "records_sent",
    Role.ATTEMPT: "attempt",
}


def plan_text(plan: MigrationPlan, config_path: Path, *, dry_run: bool) -> str:
    """The whole plan: starting point, first sync, settings, secrets, history, to-dos."""
    parts = [
        _header(plan, dry_run),
        _starting_point(plan),
        _first_sync(plan.preview),
        _settings(plan, config_path),
        _secrets(plan),
        _history(plan),
    ]
    if plan.to_do:
        parts.append(
            _("Before the first sync:") + "\n" + "\n".join(f"  - {step}" for step in plan.to_do)
        )
    return "\n\n".join(part for part in parts if part)


def result_text(result: MigrationResult) -> str:
    plan = result.plan
    lines = [
        _("The migration is done: settings in {path}.").format(path=result.config_path)
        if not plan.already_done
        else _(
            "This migration had already been written to the state store; settings and secrets "
            "were written again ({path})."
        ).format(path=result.config_path)
    ]
    tally = result.tally
    if tally.imported or tally.without_time:
        lines.append(
            ngettext(
                "{n} attempt of the old service was added to the log as imported history.",
                "{n} attempts of the old service were added to the log as imported history.",
                tally.imported,
            ).format(n=tally.imported)
        )
    if tally.without_time:
        lines.append(
            ngettext(
                "{n} row had no readable time and was left out.",
                "{n} rows had no readable time and were left out.",
                tally.without_time,
            ).format(n=tally.without_time)
        )
    if tally.unknown_statuses:
        lines.append(
            _(
                "Statuses this app does not know were imported as failed, with the old status in "
                "the message: {statuses}."
            ).format(statuses=", ".join(sorted(tally.unknown_statuses)))
        )
    lines.append(
        _(
            "Next: the first sync ('anahp-sync sync', or Sincronizar agora in the app). It sends "
            "only what changed after the old service's last sync."
        )
    )
    return "\n".join(lines)


def _header(plan: MigrationPlan, dry_run: bool) -> str:
    title = _("Migration from the old service ({origin}).").format(
        origin=plan.request.service.origin
    )
    if dry_run:
        title += " " + _("Dry run: nothing was changed.")
    if plan.already_done:
        title += " " + _(
            "The state store already starts after this sync: running the migration again "
            "changes nothing there."
        )
    return title


def _starting_point(plan: MigrationPlan) -> str:
    last = plan.last_sync
    return "\n".join(
        [
            _("The old service's last successful sync: {text} (from {path}).").format(
                text=last.text, path=last.path
            ),
            _("In the view's time ({zone}): {start}.").format(
                zone=plan.settings.source.timezone, start=_time(plan.start)
            ),
        ]
    )


def _first_sync(preview: FirstSyncPreview) -> str:
    lines = [_("What the first sync will send (records changed after that time):")]
    if not preview.per_cnes:
        lines.append("  " + _("nothing: no record changed since."))
    else:
        width = max(7, *(len(c.cnes) for c in preview.per_cnes))
        titles = (_("CNES"), _("records"), _("first change"), _("last change"))
        lines.append(f"  {titles[0]:<{width}}  {titles[1]:>9}  {titles[2]:<19}  {titles[3]}")
        for count in preview.per_cnes:
            lines.append(
                f"  {count.cnes or '?':<{width}}  {count.records:>9}  "
                f"{_time(count.first):<19}  {_time(count.last)}"
            )
        assert preview.first is not None and preview.last is not None
        lines.append(
            "  "
            + ngettext(
                "Total: {n} record, changed from {first} to {last}.",
                "Total: {n} records, changed from {first} to {last}.",
                preview.total,
            ).format(n=preview.total, first=_time(preview.first), last=_time(preview.last))
        )
        lines.append(
            "  "
            + _("Records the checks reject are kept as rejected, with their reasons, not sent.")
        )
    lines.append(
        "  "
        + ngettext(
            "{n} record changed up to then counts as delivered by the old service: not sent.",
            "{n} records changed up to then count as delivered by the old service: not sent.",
            preview.delivered_before,
        ).format(n=preview.delivered_before)
    )
    if preview.without_updated_at:
        lines.append(
            "  "
            + ngettext(
                "{n} record has no updated_at and can never be sent: ask the DBA to fill it.",
                "{n} records have no updated_at and can never be sent: ask the DBA to fill them.",
                preview.without_updated_at,
            ).format(n=preview.without_updated_at)
        )
    return "\n".join(lines)


def _settings(plan: MigrationPlan, config_path: Path) -> str:
    settings = plan.settings
    if location.in_source_database(settings.state.url):
        state = _("the hospital database")
    elif location.is_default(settings.state.url):
        state = str(location.default_state_path())
    else:
        state = redact(settings.state.url)
    lines = [
        _("Settings, written to {path}:").format(path=config_path),
        "  " + _("hospital database: {url}").format(url=redact(settings.source.url)),
        "  "
        + _("SINHA: {url} (user {user})").format(url=settings.sinha.url, user=settings.sinha.user),
        "  " + _("state store: {where}").format(where=state),
    ]
    if plan.driver_change:
        old, new = plan.driver_change
        lines.append(
            "  "
            + _("The old service's database driver {old} becomes {new}: the same database.").format(
                old=old, new=new
            )
        )
    service = plan.request.service
    if service.jwt_settings:
        lines.append(
            "  "
            + _(
                "No longer needed: {names} (the old service's token endpoint; this app has a "
                "window and a command line instead)."
            ).format(names=", ".join(service.jwt_settings))
        )
    if service.other_names:
        lines.append(
            "  " + _("Not used by this app: {names}.").format(names=", ".join(service.other_names))
        )
    if service.expanded:
        lines.append(
            "  "
            + _(
                "{names} held a $ expression, read as Docker Compose reads .env files; if SINHA "
                "or the database refuses the password, store it again with 'anahp-sync secrets set'."
            ).format(names=", ".join(service.expanded))
        )
    return "\n".join(lines)


def _secrets(plan: MigrationPlan) -> str:
    if not plan.secrets:
        return _(
            "Secrets stay in the environment, where the old service had them (DATABASE_URL, "
            "SINHA_API_PASSWORD); nothing goes to the settings file."
        )
    names = ", ".join(describe(name) for name in plan.secrets)
    return _("Secrets ({names}): to the OS keyring, never to the settings file.").format(
        names=names
    )


def _history(plan: MigrationPlan) -> str:
    log = plan.service_log
    if log is None:
        return _(
            "The hospital database has no operations_log of the old service: no history to import."
        )
    lines = [_("The old service's operations_log: {n} rows.").format(n=log.rows)]
    lines.append("  " + _("read: {columns}").format(columns=_read_columns(log) or "-"))
    lines.append(
        "  " + _("skipped: {columns}").format(columns=", ".join(log.skipped_columns) or "-")
    )
    if not log.importable:
        lines.append(
            "  "
            + _("No column holds a time, so the rows cannot be shown in the log: not imported.")
        )
    elif plan.state.imported_rows:
        lines.append("  " + _("Already imported: not imported again."))
    else:
        lines.append(
            "  "
            + _("They become attempts of this app's log, marked as imported from the old service.")
        )
    return "\n".join(lines)


def _read_columns(log: ServiceLog) -> str:
    by_column = {column: role for role, column in log.mapping.items()}
    return ", ".join(f"{column} → {ROLE_NAMES[by_column[column]]}" for column in log.read_columns)


def _time(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")
