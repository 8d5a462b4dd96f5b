"""``anahp-sync``: the engine from a terminal or the Windows Task Scheduler.

Exit codes: 0 every pending record was delivered or rejected as invalid;
1 a batch failed and stays pending (or the databases or SINHA could not be
reached); 2 a configuration error (settings, passwords, certificates);
3 another sync is already running; 130 interrupted (Ctrl+C, SIGTERM,
Ctrl+Break, the console closed): the run stopped cleanly and the next resumes.
Errors are one sentence on stderr; tracebacks go only to the app log file.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from anahp_desktop import __version__, applog, interpreter, secret_file, translation
from anahp_desktop.cli import console, migrate, output, run_every
from anahp_desktop.cli.interrupts import InterruptGuard
from anahp_desktop.cli.progress import ProgressBar
from anahp_desktop.config import loader
from anahp_desktop.domain.clock import utc_now
from anahp_desktop.domain.statuses import RUN_TRIGGERS, AttemptStatus, Trigger
from anahp_desktop.errors import (
    AnahpError,
    ConfigurationError,
    SyncAlreadyRunningError,
)
from anahp_desktop.secrets import ENV_VARIABLES, SecretName, Secrets
from anahp_desktop.state.identity import identity_path
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.service import SyncService
from anahp_desktop.transform.pseudonym import check_pseudonym_key, generate_pseudonym_key
from anahp_desktop.translation import _, ngettext

if TYPE_CHECKING:
    from anahp_desktop.cli import check as health_check

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_ALREADY_RUNNING = 3
EXIT_INTERRUPTED = 130
MAX_LOG_ROWS = 1_000_000
MAX_DEMO_RECORDS = 10_000_000

log = logging.getLogger("anahp_desktop.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``anahp-sync`` command."""
    argv = list(sys.argv[1:] if argv is None else argv)
    console.use_utf8()
    translation.install(_language_hint(argv))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from anahp_desktop import selftest

        return selftest.main()
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return EXIT_CONFIG
    applog.setup()
    interpreter.shorten_switch_interval()  # this process hosts the sync's threads
    try:
        code: int = args.handler(args)
        return code
    except SyncAlreadyRunningError as exc:
        _error(exc.message)
        return EXIT_ALREADY_RUNNING
    except AnahpError as exc:
        log.warning("%s: %s", exc.category, exc.message)
        _error(exc.message)
        return EXIT_CONFIG if exc.category.needs_settings else EXIT_FAILED
    except KeyboardInterrupt:
        _error(_("Interrupted. Anything not delivered stays pending for the next run."))
        return EXIT_INTERRUPTED
    except Exception:  # a bug: one sentence here, the traceback in the log file
        log.exception("unexpected error")
        _error(
            _(
                "Unexpected error (a bug in ANAHP Sync). Nothing was lost: records not delivered "
                "stay pending for the next sync. Details are in the log file {path}."
            ).format(path=applog.current_file() or applog.log_dir() / applog.LOG_FILE_NAME)
        )
        return EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anahp-sync",
        description=_(
            "Send hospital discharge records from the SQL Server view to ANAHP's SINHA API."
        ),
    )
    _add_global_options(parser, top_level=True)
    everywhere = argparse.ArgumentParser(add_help=False)
    _add_global_options(everywhere, top_level=False)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    sync = commands.add_parser("sync", parents=[everywhere], help=_("run one full sync"))
    sync.add_argument("--json", action="store_true", help=_("print one JSON summary object"))
    sync.add_argument(
        "--trigger", choices=list(RUN_TRIGGERS), default=Trigger.CLI, help=argparse.SUPPRESS
    )
    sync.set_defaults(handler=cmd_sync)

    status = commands.add_parser(
        "status", parents=[everywhere], help=_("pending records, last sync, failures")
    )
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.set_defaults(handler=cmd_status)

    check = commands.add_parser(
        "check",
        parents=[everywhere],
        help=_("one-line health check for Nagios, Zabbix or PRTG (exit 0/1/2/3)"),
    )
    check.add_argument(
        "--warn-hours",
        metavar="H",
        help=_("WARNING when no sync succeeded for H hours (default 6)"),
    )
    check.add_argument(
        "--crit-hours",
        metavar="H",
        help=_("CRITICAL when no sync succeeded for H hours (default 24)"),
    )
    check.add_argument(
        "--format",
        choices=("nagios", "prtg"),
        default="nagios",
        help=_("nagios: the plugin line with performance data; prtg: value:message"),
    )
    check.set_defaults(handler=cmd_check)

    log_cmd = commands.add_parser(
        "log", parents=[everywhere], help=_("show the operations log, newest first")
    )
    log_cmd.add_argument(
        "--status", choices=list(AttemptStatus), help=_("only attempts with this status")
    )
    log_cmd.add_argument(
        "--since", metavar="ISO-DATE", type=_iso_date, help=_("only attempts since this date (UTC)")
    )
    log_cmd.add_argument(
        "--limit", type=_row_count, default=50, help=_("how many rows (default 50)")
    )
    log_cmd.add_argument("--json", action="store_true", help=_("print JSON"))
    log_cmd.set_defaults(handler=cmd_log)

    secrets = commands.add_parser(
        "secrets", parents=[everywhere], help=_("store passwords in the OS keyring")
    )
    secret_commands = secrets.add_subparsers(title=_("commands"), metavar="COMMAND")
    secret_set = secret_commands.add_parser(
        "set", parents=[everywhere], help=_("store a secret (asked without echo)")
    )
    secret_set.add_argument("name", choices=[name.value for name in SecretName])
    secret_set.set_defaults(handler=cmd_secrets_set)
    secret_status = secret_commands.add_parser(
        "status", parents=[everywhere], help=_("which secrets are stored")
    )
    secret_status.set_defaults(handler=cmd_secrets_status)
    secret_generate = secret_commands.add_parser(
        "generate",
        parents=[everywhere],
        help=_("store a new random secret in the OS keyring (never shown)"),
    )
    secret_generate.add_argument("name", choices=[SecretName.PSEUDONYM_KEY.value])
    secret_generate.add_argument(
        "--replace",
        action="store_true",
        help=_("replace a stored key (every hash SINHA receives changes)"),
    )
    secret_generate.set_defaults(handler=cmd_secrets_generate)

    alerts = commands.add_parser(
        "alerts", parents=[everywhere], help=_("e-mail and webhook alerts")
    )
    alert_commands = alerts.add_subparsers(title=_("commands"), metavar="COMMAND")
    alert_test = alert_commands.add_parser(
        "test", parents=[everywhere], help=_("send a test alert on every channel that is on")
    )
    alert_test.set_defaults(handler=cmd_alerts_test)

    export = commands.add_parser(
        "export-for-task",
        parents=[everywhere],
        help=_(
            "write these settings and their secrets for a scheduled task's Windows account "
            "(run as administrator)"
        ),
    )
    export.add_argument(
        "--account",
        required=True,
        metavar="ACCOUNT",
        help=_("the task's account: DOMAIN\\user, DOMAIN\\gmsa$ or SYSTEM"),
    )
    export.add_argument(
        "--folder",
        metavar="PATH",
        help=_("where to write them (default: C:\\ProgramData\\anahp-sync)"),
    )
    export.add_argument(
        "--settings-only",
        action="store_true",
        help=_("update only the settings file (no administrator needed)"),
    )
    export.set_defaults(handler=cmd_export_for_task)

    schedule = commands.add_parser(
        "schedule",
        parents=[everywhere],
        help=_("run the sync from the system's scheduler (Task Scheduler, systemd)"),
    )
    schedule_commands = schedule.add_subparsers(title=_("commands"), metavar="COMMAND")
    schedule_install = schedule_commands.add_parser(
        "install", parents=[everywhere], help=_("register the sync with the system's scheduler")
    )
    schedule_install.add_argument(
        "--account",
        metavar="ACCOUNT",
        help=_(
            "Windows: the task's account (DOMAIN\\user, DOMAIN\\gmsa$ or SYSTEM; default: "
            "you, while logged on)"
        ),
    )
    schedule_install.add_argument(
        "--every",
        type=int,
        metavar="MINUTES",
        help=_("minutes between runs (default: sync.interval_minutes)"),
    )
    schedule_install.set_defaults(handler=cmd_schedule_install)
    schedule_remove = schedule_commands.add_parser(
        "remove", parents=[everywhere], help=_("remove it from the system's scheduler")
    )
    schedule_remove.set_defaults(handler=cmd_schedule_remove)
    schedule_show = schedule_commands.add_parser(
        "show", parents=[everywhere], help=_("show what the system's scheduler runs")
    )
    schedule_show.set_defaults(handler=cmd_schedule_show)

    state = commands.add_parser(
        "state", parents=[everywhere], help=_("the state store of this installation")
    )
    state_commands = state.add_subparsers(title=_("commands"), metavar="COMMAND")
    fresh = state_commands.add_parser(
        "fresh-start",
        parents=[everywhere],
        help=_("make an empty state store this installation's store (says first what it means)"),
    )
    fresh.add_argument(
        "--yes", action="store_true", help=_("confirm, after reading what SINHA would receive")
    )
    fresh.set_defaults(handler=cmd_state_fresh_start)

    purge = commands.add_parser(
        "purge", parents=[everywhere], help=_("delete log rows older than the retention setting")
    )
    purge.set_defaults(handler=cmd_purge)

    demo = commands.add_parser(
        "demo", parents=[everywhere], help=_("sync a generated database to a local SINHA emulator")
    )
    demo.add_argument("--dir", metavar="PATH", help=_("demo folder (kept between runs)"))
    demo.add_argument(
        "--fresh", action="store_true", help=_("generate new data, forget earlier runs")
    )
    demo.add_argument(
        "--records", type=_record_count, default=5000, help=_("records to generate (default 5000)")
    )
    demo.add_argument("--json", action="store_true", help=_("print one JSON summary object"))
    demo.set_defaults(handler=cmd_demo)

    migrate.add_parser(commands, everywhere)
    run_every.add_parser(commands, everywhere)

    emulator = commands.add_parser(
        "emulator", parents=[everywhere], help=_("run the SINHA emulator on 127.0.0.1")
    )
    emulator.add_argument("--port", type=_port, default=8765)
    emulator.add_argument("--user", default="demo")
    emulator.add_argument(
        "--password-env",
        default="SINHA_API_PASSWORD",
        metavar="VARIABLE",
        help=_("environment variable holding the emulator's password"),
    )
    emulator.add_argument(
        "--faults", default="{}", metavar="JSON", help=_("fault injection settings")
    )
    emulator.set_defaults(handler=cmd_emulator)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """The options every command takes, before or after its name.

    The Task Scheduler's action reads ``anahp-sync.exe sync --config PATH``, so
    ``--config`` must work after the subcommand as well as before it. On the
    subcommands the defaults are suppressed: an option given before the
    subcommand is not overwritten by the subcommand's own default.
    """
    default = None if top_level else argparse.SUPPRESS
    group = parser.add_argument_group(_("global options"))
    group.add_argument("--version", action="version", version=f"anahp-sync {__version__}")
    group.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help=_("settings file (default: ANAHP_CONFIG or the user config folder)"),
    )
    group.add_argument(
        "--lang", choices=translation.SUPPORTED, default=default, help=_("language of the messages")
    )
    group.add_argument(
        "--self-test",
        action="store_true",
        default=False if top_level else argparse.SUPPRESS,
        help=_("check that this installation is complete (drivers, keyring, migrations) and exit"),
    )


# -- commands -------------------------------------------------------------------------------


def cmd_sync(args: argparse.Namespace) -> int:
    service = _service(args)
    progress = ProgressBar(enabled=False if args.json else None)
    guard = InterruptGuard(on_first=_say_stopping)
    try:
        with guard:
            summary = service.run(args.trigger, listener=progress, cancel=guard.cancel)
    finally:
        progress.finish()
        service.close()
    code = _report_summary(summary, args.json)
    return EXIT_INTERRUPTED if guard.reason else code


def cmd_status(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        report = service.status()
    finally:
        service.close()
    if args.json:
        _out(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        _out(output.status_text(report))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Never raises: every problem is one UNKNOWN line (exit 3), as monitoring tools expect."""
    from anahp_desktop.cli import check as health_check  # only this command: not on a sync's path

    try:
        warn = health_check.parse_hours(args.warn_hours, health_check.DEFAULT_WARN_HOURS)
        crit = health_check.parse_hours(args.crit_hours, health_check.DEFAULT_CRIT_HOURS)
        if warn > crit:
            raise ValueError(_("--warn-hours must not be above --crit-hours"))
    except ValueError as exc:
        result = health_check.unknown(str(exc))
    else:
        result = _check_status(args, warn, crit)
    _out(result.prtg_line() if args.format == "prtg" else result.line())
    return int(result.state)


def _check_status(args: argparse.Namespace, warn: float, crit: float) -> health_check.CheckResult:
    from anahp_desktop.cli import check as health_check

    try:
        service = _service(args)
        try:
            report = service.status()
        finally:
            service.close()
    except AnahpError as exc:
        log.warning("check: %s: %s", exc.category, exc.message)
        return health_check.unknown(exc.message)
    except Exception:  # a bug: still one line and UNKNOWN, the traceback in the log file
        log.exception("check: unexpected error")
        return health_check.unknown(_("unexpected error; details are in the app's log file"))
    return health_check.evaluate(report, utc_now(), warn, crit)


def cmd_log(args: argparse.Namespace) -> int:
    from anahp_desktop.state import queries  # the log's rows: not on a sync's path

    service = _service(args)
    flt = queries.LogFilter(statuses=(args.status,) if args.status else (), since=args.since)
    try:
        rows = queries.log_rows(service.store, flt, limit=max(1, args.limit))
    finally:
        service.close()
    if args.json:
        _out(json.dumps([row.as_dict() for row in rows], ensure_ascii=False))
    else:
        _out(output.log_table(rows))
    return EXIT_OK


def cmd_secrets_set(args: argparse.Namespace) -> int:
    name = SecretName(args.name)
    secrets = _secrets(args)
    secrets.backend.get(name)  # fails now, with the fix named, if there is no usable keyring
    value = _prompt_secret(name)
    if name is SecretName.PSEUDONYM_KEY:
        check_pseudonym_key(value)
    secrets.set(name, value)  # reads it back: a keyring that keeps nothing is an error
    if isinstance(secrets.backend, secret_file.SecretFile):
        _out(
            _("Stored the {name} in {where}.").format(
                name=name.value, where=secret_file.describe_location(secrets)
            )
        )
    else:
        _out(_("Stored the {name} in the OS keyring.").format(name=name.value))
    return EXIT_OK


def cmd_secrets_generate(args: argparse.Namespace) -> int:
    """A random pseudonymization key straight to the keyring; it is never printed."""
    name = SecretName(args.name)
    secrets = _secrets(args)
    if secrets.backend.get(name) and not args.replace:
        raise ConfigurationError(
            _(
                "A pseudonymization key is already stored; replacing it changes every "
                "atendimento_hash SINHA receives from now on (the same encounter would look like "
                "another). To replace it anyway: anahp-sync secrets generate pseudonym-key --replace"
            )
        )
    secrets.set(name, generate_pseudonym_key())
    if isinstance(secrets.backend, secret_file.SecretFile):
        where = secret_file.describe_location(secrets)
        _out(
            _("Stored a new random pseudonymization key in {where} (it is not shown).").format(
                where=where
            )
        )
    else:
        _out(_("Stored a new random pseudonymization key in the OS keyring (it is not shown)."))
    variable = ENV_VARIABLES[name]
    if os.environ.get(variable):
        _out(
            _("Note: the environment variable {variable} is set and wins over the keyring.").format(
                variable=variable
            )
        )
    return EXIT_OK


def cmd_secrets_status(args: argparse.Namespace) -> int:
    secrets = _secrets(args)
    in_file = isinstance(secrets.backend, secret_file.SecretFile)
    for name in SecretName:
        try:
            from_environment = secrets.from_environment(name)
        except ConfigurationError as exc:
            _out(f"{name.value}: {exc.message}")
            continue
        if from_environment:
            where = _("from the environment")
        elif not secrets.backend.get(name):
            where = _("not set")
        else:
            where = _("stored in the secret file") if in_file else _("stored in the keyring")
        _out(f"{name.value}: {where}")
    return EXIT_OK


def cmd_alerts_test(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        results = service.notifier().send_test()
    finally:
        service.close()
    if not results:
        raise ConfigurationError(
            _("No alert channel is on: set alerts.email or alerts.webhook in the settings.")
        )
    for result in results:
        _out(result.line())
    return EXIT_OK if all(not r.error for r in results) else EXIT_FAILED


def cmd_export_for_task(args: argparse.Namespace) -> int:
    """The operator's settings and secrets for a scheduled task's account (Windows)."""
    from anahp_desktop import task_account
    from anahp_desktop.cli import task_output
    from anahp_desktop.windows import host

    config = loader.load(args.config)
    windows = host.current()
    folder = Path(args.folder) if args.folder else Path(task_account.DEFAULT_FOLDER)
    export = task_account.export_for_task(
        config.settings,
        secret_file.for_settings(config.settings),
        args.account,
        folder,
        windows,
        _prompt_secret,
        settings_only=args.settings_only,
    )
    for line in task_output.export_report(export):
        _out(line)
    return EXIT_OK


def cmd_schedule_install(args: argparse.Namespace) -> int:
    from anahp_desktop import os_scheduler

    path = loader.config_path(args.config).absolute()
    if not path.is_file():
        raise ConfigurationError(
            _(
                "There is no settings file {path} for the scheduled sync: save the settings in "
                "the window first, or name the file with --config."
            ).format(path=path)
        )
    settings = loader.load(path).settings
    scheduler = os_scheduler.for_this_platform()
    account = (args.account or "").strip()
    if account and not isinstance(scheduler, os_scheduler.WindowsTaskScheduler):
        raise ConfigurationError(_("--account is for Windows' Task Scheduler."))
    own = loader.default_config_path().absolute()
    if account and (path == own or path.is_relative_to(Path.home())):
        raise ConfigurationError(
            _(
                "The task's account cannot read your own settings file {path}: write settings "
                "for it with 'anahp-sync export-for-task --account {account}' and pass the "
                "file it writes with --config."
            ).format(path=path, account=account)
        )
    minutes = args.every or settings.sync.interval_minutes
    job = os_scheduler.Job(os_scheduler.this_program(), str(path), minutes, account)
    for line in scheduler.install(job):
        _out(line)
    return EXIT_OK


def cmd_schedule_remove(args: argparse.Namespace) -> int:
    from anahp_desktop import os_scheduler

    for line in os_scheduler.for_this_platform().remove():
        _out(line)
    return EXIT_OK


def cmd_schedule_show(args: argparse.Namespace) -> int:
    from anahp_desktop import os_scheduler

    for line in os_scheduler.for_this_platform().show():
        _out(line)
    return EXIT_OK


def cmd_state_fresh_start(args: argparse.Namespace) -> int:
    """After a lost store: say what a fresh start sends again; do it only with --yes."""
    service = _service(args)
    try:
        where = service.state_location()
        if not args.yes:
            _out(_fresh_start_consequences(service, where))
            _out(_("Nothing was changed. To confirm: anahp-sync state fresh-start --yes"))
            return EXIT_CONFIG
        service.fresh_start()
    finally:
        service.close()
    _out(
        _(
            "Fresh start confirmed: {location} is now this installation's state store. The next "
            "sync reads the whole view and sends it."
        ).format(location=where)
    )
    return EXIT_OK


def _fresh_start_consequences(service: SyncService, where: str) -> str:
    """What SINHA would receive: every record version of the view, and why some twice."""
    try:
        reader = service.reader()
        versions = reader.count(reader.cursor.start(None, timedelta(0)))
        what = ngettext(
            "the {n} record version now in the view",
            "the {n} record versions now in the view",
            versions,
        ).format(n=versions)
    except AnahpError as exc:
        what = _("every record version in the view (it could not be counted now: {reason})").format(
            reason=exc.message
        )
    return _(
        "A fresh start makes {location} the state store of this installation, empty: the next "
        "sync sends {what} again. SINHA recognises a batch it already holds only when it comes "
        "with exactly the same records (the same id_lote); versions it already has that now "
        "fall into batches of other records are counted a second time. If the earlier store "
        "can still be restored, restore it instead."
    ).format(location=where, what=what)


def cmd_purge(args: argparse.Namespace) -> int:
    service = _service(args)
    try:
        deleted = service.purge_old_log()
    finally:
        service.close()
    _out(_("Deleted {n} old log rows.").format(n=deleted))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from anahp_desktop.demo.environment import default_folder as default_demo_folder
    from anahp_desktop.demo.environment import start_demo

    folder = Path(args.dir) if args.dir else None
    try:
        env = start_demo(folder, fresh=args.fresh, records=args.records)
    except OSError as exc:
        raise ConfigurationError(
            _(
                "The demo folder {folder} cannot be used ({reason}): choose another with --dir."
            ).format(folder=folder or default_demo_folder(), reason=exc.strerror or exc)
        ) from exc
    if not args.json:
        _out(
            _("Demo folder: {folder} ({state}). SINHA emulator at {url}.").format(
                folder=env.folder,
                state=_("new data") if env.created else _("earlier runs kept"),
                url=env.emulator.url,
            )
        )
    service = SyncService(env.settings, env.secrets)
    progress = ProgressBar(enabled=False if args.json else None)
    guard = InterruptGuard(on_first=_say_stopping)
    try:
        with guard:
            summary = service.run(Trigger.CLI, listener=progress, cancel=guard.cancel)
    finally:
        progress.finish()
        service.close()
        env.stop()
    code = _report_summary(summary, args.json)
    return EXIT_INTERRUPTED if guard.reason else code


def cmd_emulator(args: argparse.Namespace) -> int:

    from anahp_desktop.demo.emulator import Faults, SinhaEmulator

    password = os.environ.get(args.password_env, "demo")
    try:
        faults = Faults.from_dict(json.loads(args.faults))
    except ValueError as exc:  # json.JSONDecodeError is one
        raise ConfigurationError(
            _(
                "--faults is not a fault setting ({reason}): give a JSON object like {example}."
            ).format(reason=exc, example="'{\"error_rate\": 0.1}'")
        ) from exc
    try:
        emulator = SinhaEmulator(args.user, password, port=args.port, faults=faults)
    except OSError as exc:
        raise ConfigurationError(
            _(
                "The emulator cannot listen on 127.0.0.1:{port} ({reason}): choose another --port."
            ).format(port=args.port, reason=exc.strerror or exc)
        ) from exc
    _out(
        _("SINHA emulator listening at {url} (Ctrl-C to stop).").format(url=emulator.url),
        flush=True,
    )
    try:
        emulator.serve_forever()
    except KeyboardInterrupt:
        return EXIT_OK
    return EXIT_OK


# -- helpers --------------------------------------------------------------------------------


def _service(args: argparse.Namespace) -> SyncService:
    config = loader.load(args.config)
    translation.install(args.lang or config.settings.app.language)
    return SyncService(
        config.settings,
        secret_file.for_settings(config.settings),
        identity_file=identity_path(config.path),
    )


def _secrets(args: argparse.Namespace) -> Secrets:
    """Where these settings keep secrets: the keyring, or the task account's secret file."""
    return secret_file.for_settings(loader.load(args.config).settings)


def _report_summary(summary: RunSummary, as_json: bool) -> int:
    """Print the summary; the exit code follows the run, whatever became of stdout."""
    if as_json:
        _out(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        _out(output.summary_text(summary))
    if summary.complete:
        return EXIT_OK
    if summary.error_category is not None and summary.error_category.needs_settings:
        return EXIT_CONFIG
    return EXIT_FAILED


def _prompt_secret(name: SecretName, prompt: Callable[[str], str] | None = None) -> str:
    """Ask without echo on a terminal; read one line from stdin when piped (scripts)."""
    if prompt is None:
        prompt = getpass.getpass if sys.stdin.isatty() else _read_stdin_line
    value = prompt(_("Value for {name} (not shown): ").format(name=name.value))
    if not value:
        raise ConfigurationError(_("Nothing was typed; nothing was stored."))
    if name is not SecretName.PSEUDONYM_KEY:
        return value
    again = prompt(_("Type it again: "))
    if again != value:
        raise ConfigurationError(_("The two values differ; nothing was stored."))
    return value


def _read_stdin_line(_prompt: str) -> str:
    return console.read_line()


def _bounded_int(text: str, low: int, high: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number from {low} to {high}").format(
                text=text, low=low, high=high
            )
        )
    return value


def _row_count(text: str) -> int:
    return _bounded_int(text, 1, MAX_LOG_ROWS)


def _record_count(text: str) -> int:
    return _bounded_int(text, 1, MAX_DEMO_RECORDS)


def _port(text: str) -> int:
    return _bounded_int(text, 0, 65535)


def _iso_date(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not an ISO date like 2026-11-27").format(text=text)
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _language_hint(argv: list[str]) -> str | None:
    """``--lang`` wherever it stands, so even argparse's own errors come in that language."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _out(text: str, *, flush: bool = True) -> None:
    """One line on stdout; a closed or broken stdout never changes what the command did.

    A scheduled task may run with stdout closed (``sys.stdout`` is then None), piped
    into a reader that went away, or onto a full disk: the run already happened and its
    outcome is in the state store and the log, so the exit code stays the run's.
    """
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.write(text + "\n")
        if flush:
            stream.flush()
    except (OSError, ValueError):
        _silence_stdout()


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit does not fail (rc 120)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _say_stopping(reason: str) -> None:
    """The first interrupt: say what happens now (a second one stops at once)."""
    _error_line(
        _(
            "Stopping ({reason}): the requests on their way finish and everything else stays "
            "pending for the next run. Press Ctrl+C again to stop at once."
        ).format(reason=reason)
    )


def _error_line(text: str) -> None:
    if sys.stderr is None:
        return
    try:
        sys.stderr.write("\n" + text + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _error(message: str) -> None:
    if sys.stderr is None:
        return  # no stderr at all (a task without a console): the log file has it
    try:
        sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
