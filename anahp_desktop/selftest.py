"""``--self-test``: is this installation complete? The checks that need no Qt.

A frozen bundle is where this earns its keep: PyInstaller cannot see modules
that are only named at run time (database drivers, keyring backends, the
Alembic scripts), and those fail on a hospital's server, not on the build
machine. Each check returns a :class:`Check`; a problem says what is wrong and
what to do, in one line. ``anahp-sync --self-test`` runs these;
``anahp-desktop --self-test`` adds the Qt checks of :mod:`anahp_desktop.ui.self_test`.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from anahp_desktop import __version__
from anahp_desktop.translation import _, ngettext

#: Modules only imported by name at run time; build.spec lists them as hidden imports,
#: and the self-test imports them, so a bundle without one fails here first.
RUNTIME_IMPORTS: tuple[str, ...] = (
    "pyodbc",
    "psycopg",
    "psycopg_binary",
    "sqlalchemy.dialects.mssql.pyodbc",
    "sqlalchemy.dialects.postgresql.psycopg",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "alembic.context",
    "alembic.op",
    "alembic.ddl.mssql",
    "alembic.ddl.postgresql",
    "alembic.ddl.sqlite",
    "keyring.backends.Windows",
    "keyring.backends.macOS",
    "keyring.backends.SecretService",
    "keyring.backends.chainer",
    "keyring.backends.fail",
    "tzdata",
    "truststore",
    "cryptography.x509",
    *(("pypac.os_settings", "pypac.parser", "dukpy") if sys.platform == "win32" else ()),
)
#: pyodbc needs the system's unixODBC: the ODBC check reports it with its own fix.
CHECKED_ELSEWHERE = frozenset({"pyodbc"})
#: Imported by the Qt checks instead (or not a module to import: Alembic reads the scripts).
SKIPPED_PACKAGES = ("anahp_desktop.ui", "anahp_desktop.__main__", "anahp_desktop.state.migrations")
KEYRING_PROBE_TIMEOUT_S = 10.0
KEYRING_NAMES = {
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.SecretService.Keyring": "Secret Service",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
}
UNKNOWN_VERSION = "0.0.0+unknown"


@dataclass(frozen=True)
class Check:
    """One answer: ``detail`` says what was found; a failed check also says the ``fix``."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        problem = _("PROBLEM")
        width = len(problem) + 2
        if self.ok:
            return "ok".ljust(width) + f"{self.name}: {self.detail}"
        text = problem.ljust(width) + f"{self.name}: {self.detail}"
        return text + " " + _("Fix:") + f" {self.fix}" if self.fix else text


CheckFn = Callable[[], Check]


def app_modules(root: str = "anahp_desktop", skip: Sequence[str] = SKIPPED_PACKAGES) -> list[str]:
    """Every module of the app below ``root`` (in a bundle: the ones that were collected)."""
    package = importlib.import_module(root)
    names = [root]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{root}."):
        if not any(info.name == s or info.name.startswith(f"{s}.") for s in skip):
            names.append(info.name)
    return names


def import_all(names: Iterable[str]) -> list[str]:
    """Import each module; returns "module: error" for the ones that fail."""
    failures = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # any failure to import is what this check reports
            failures.append(f"{name} ({type(exc).__name__}: {exc})")
    return failures


def check_version() -> Check:
    name = _("Version")
    if __version__ == UNKNOWN_VERSION:
        return Check(
            name,
            False,
            _("the package metadata is missing, so the version is unknown"),
            _("build the bundle with build.spec, which copies the metadata"),
        )
    return Check(name, True, __version__)


def check_imports() -> Check:
    name = _("Modules")
    modules = app_modules()
    extra = [name for name in RUNTIME_IMPORTS if name not in CHECKED_ELSEWHERE]
    failures = import_all([*modules, *extra])
    if failures:
        return Check(
            name,
            False,
            _("cannot import {modules}").format(modules="; ".join(failures)),
            _("the installation is incomplete: install it again (or add the module to build.spec)"),
        )
    return Check(
        name,
        True,
        _("{app} modules of the app and {extra} drivers and backends import").format(
            app=len(modules), extra=len(extra)
        ),
    )


def check_keyring(timeout_s: float = KEYRING_PROBE_TIMEOUT_S) -> Check:
    """Which OS keyring answers; a read of a probe entry, in a thread (a locked one may prompt)."""
    from anahp_desktop.secrets import (
        ENV_VARIABLES,
        KEYRING_SERVICE,
        OPTIONAL_SECRETS,
        SecretName,
        Secrets,
    )

    name = _("Keyring")
    found: dict[str, object] = {}

    def probe() -> None:
        try:
            import keyring

            backend = keyring.get_keyring()
            found["backend"] = f"{type(backend).__module__}.{type(backend).__name__}"
            if found["backend"] == "keyring.backends.null.Keyring":
                raise RuntimeError(_("it keeps nothing"))
            keyring.get_password(KEYRING_SERVICE, "self-test")
            found["ok"] = True
        except Exception as exc:  # every way a keyring can fail is reported, not raised
            found["error"] = _keyring_error(exc)

    thread = threading.Thread(target=probe, name="keyring-probe", daemon=True)
    thread.start()
    thread.join(timeout_s)
    backend = str(found.get("backend", "?"))
    if found.get("ok"):
        label = KEYRING_NAMES.get(backend, backend)
        return Check(name, True, _("{backend} answers").format(backend=label))
    secrets = Secrets()
    if all(secrets.from_environment(s) for s in SecretName if s not in OPTIONAL_SECRETS):
        return Check(
            name,
            True,
            _("no usable keyring ({backend}), but every secret comes from the environment").format(
                backend=backend
            ),
        )
    if thread.is_alive():
        problem = _("{backend} did not answer within {seconds} s (is it locked?)").format(
            backend=backend, seconds=int(timeout_s)
        )
    else:
        problem = _("no usable keyring ({backend}: {error})").format(
            backend=backend, error=found.get("error", "?")
        )
    return Check(
        name,
        False,
        problem,
        _(
            "run the app in a desktop session with an unlocked OS keyring (Windows Credential "
            "Manager, macOS Keychain or Secret Service), or give the secrets in the environment "
            "variables {variables}"
        ).format(variables=", ".join(ENV_VARIABLES.values())),
    )


def _keyring_error(exc: Exception) -> str:
    """A short reason; keyring's own advice (install keyrings.alt) is not for our operators."""
    if type(exc).__name__ == "NoKeyringError":
        return _("none was found in this session")
    from anahp_desktop.credential_manager import windows_error

    win_error = windows_error(exc)
    if win_error is not None:
        return win_error.reason()
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first[:160]}" if first else type(exc).__name__


def _loads(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


def check_odbc() -> Check:
    name = _("ODBC drivers")
    try:
        import pyodbc
    except ImportError as exc:
        return Check(
            name,
            False,
            _("the ODBC library cannot be loaded ({error})").format(error=exc),
            _("install unixODBC (Linux: apt install unixodbc) or the Microsoft ODBC Driver 18"),
        )
    from anahp_desktop.source import odbc_drivers

    drivers: list[str] = list(pyodbc.drivers())
    choice = odbc_drivers.choose_driver(drivers)
    fix = _(
        "install Microsoft ODBC Driver 18 for SQL Server (x64) from Microsoft (on Linux, "
        "FreeTDS also works: apt install tdsodbc)"
    )
    if not choice.installed:
        return Check(
            name,
            False,
            _("no ODBC driver for SQL Server is installed (found: {drivers})").format(
                drivers=", ".join(drivers) or _("none")
            ),
            fix,
        )
    installed = ", ".join(choice.installed)
    if odbc_drivers.ODBC_18 in choice.installed:
        found = _("installed: {installed}").format(installed=installed)
    else:
        found = _("installed: {installed}; missing: {missing}").format(
            installed=installed, missing=odbc_drivers.ODBC_18
        )
    best = odbc_drivers.kind(choice.installed[0])
    if not choice.usable or best is odbc_drivers.DriverKind.NATIVE_CLIENT:
        return Check(name, False, f"{choice.note} ({found})", fix)
    return Check(name, True, _("uses {driver} ({found})").format(driver=choice.name, found=found))


def check_database_drivers() -> Check:
    """SQLAlchemy finds each dialect and its driver (nothing connects)."""
    from sqlalchemy import create_engine

    name = _("Database drivers")
    urls = {
        "SQL Server (pyodbc)": "mssql+pyodbc://self-test@127.0.0.1:1/db?driver=FreeTDS",
        "PostgreSQL (psycopg)": "postgresql+psycopg://self-test@127.0.0.1:1/db",
        "SQLite": "sqlite://",
    }
    if importlib.util.find_spec("pyodbc") is not None and not _loads("pyodbc"):
        del urls["SQL Server (pyodbc)"]  # no unixODBC: the ODBC check says what to install
    failures = []
    for label, url in urls.items():
        try:
            create_engine(url).dispose()
        except Exception as exc:  # a missing driver surfaces as any of several errors
            failures.append(f"{label} ({type(exc).__name__}: {exc})")
    if failures:
        return Check(
            name,
            False,
            _("cannot load {drivers}").format(drivers="; ".join(failures)),
            _("the installation is incomplete: install it again (or add the module to build.spec)"),
        )
    return Check(name, True, ", ".join(urls))


def check_migrations() -> Check:
    """Alembic finds its scripts and builds every state table in a temporary SQLite file."""
    from sqlalchemy import create_engine, inspect

    from anahp_desktop.state import migrate
    from anahp_desktop.state.schema import metadata

    name = _("State store migrations")
    with tempfile.TemporaryDirectory(prefix="anahp-self-test-") as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'state.sqlite'}")
        try:
            migrate.upgrade(engine)
            with engine.connect() as connection:
                revision = migrate.current_revision(connection)
                tables = set(inspect(connection).get_table_names())
        except Exception as exc:  # reported with the reason; the fix is the same for all
            return Check(
                name,
                False,
                _("the migrations do not run ({error})").format(error=exc),
                _("the installation is incomplete: install it again"),
            )
        finally:
            engine.dispose()
    missing = sorted(set(metadata.tables) - tables)
    if missing or revision != migrate.head_revision():
        return Check(
            name,
            False,
            _("revision {revision}, missing tables: {tables}").format(
                revision=revision, tables=", ".join(missing) or "-"
            ),
            _("the installation is incomplete: install it again"),
        )
    return Check(
        name,
        True,
        _("revision {revision}, {count} tables on a temporary SQLite file").format(
            revision=revision, count=len(tables)
        ),
    )


def check_time_zones() -> Check:
    """The bundled IANA database (Windows has none of its own)."""
    from importlib import resources
    from zoneinfo import ZoneInfo

    from anahp_desktop.config.settings import SourceSettings

    name = _("Time zones")
    zone = SourceSettings().timezone
    try:
        bundled = resources.files("tzdata").joinpath("zoneinfo", *zone.split("/")).is_file()
        ZoneInfo(zone)
    except Exception as exc:  # ImportError, ZoneInfoNotFoundError, ...
        bundled, error = False, f"{type(exc).__name__}: {exc}"
    else:
        error = _("not in the tzdata package")
    if not bundled:
        return Check(
            name,
            False,
            _("{zone} is missing ({error})").format(zone=zone, error=error),
            _("the installation is incomplete: install it again (the tzdata package)"),
        )
    return Check(name, True, zone)


def check_tls() -> Check:
    """The trust store SINHA's certificate is verified with: the operating system's, by default."""
    name = _("TLS certificates")
    try:
        from anahp_desktop.network.trust import system_trust

        trust = system_trust()
    except Exception as exc:  # truststore missing from a bundle, or the OS store unusable
        return Check(
            name,
            False,
            _("the operating system's trust store cannot be used ({error})").format(error=exc),
            _("the installation is incomplete: install it again (the truststore package)"),
        )
    return Check(name, True, trust.describe())


def check_translations() -> Check:
    import gettext

    from anahp_desktop.translation import DOMAIN, LOCALE_DIR

    name = _("Translations")
    found = gettext.find(DOMAIN, str(LOCALE_DIR), languages=["pt_BR"])
    if not found:
        return Check(
            name,
            False,
            _("the Portuguese messages are missing from {folder}").format(folder=LOCALE_DIR),
            _("the installation is incomplete: install it again"),
        )
    return Check(name, True, _("messages in pt_BR and en"))


def check_log_file() -> Check:
    from anahp_desktop import applog

    name = _("Log file")
    path = applog.setup()
    if path is None:
        return Check(
            name,
            False,
            _("the log folder {folder} cannot be written").format(folder=applog.log_dir()),
            _("give this Windows/Linux user write access to that folder"),
        )
    return Check(name, True, str(path))


def private_paths() -> list[Path]:
    """Files holding health data or saying where it is: settings, state store, log files."""
    from anahp_desktop import applog
    from anahp_desktop.config import loader
    from anahp_desktop.errors import ConfigurationError
    from anahp_desktop.state import location

    config = loader.config_path()
    paths = [config, config.parent] if config.parent.name == loader.APP_DIR_NAME else [config]
    logs = applog.log_dir()
    paths += [logs, *sorted(logs.glob("*.log*"))]  # each program its own file
    try:
        setting = loader.load().settings.state.url
    except ConfigurationError:
        setting = ""
    if location.is_default(setting):
        state = location.default_state_path()
        paths.append(state.parent)
    elif setting.startswith("sqlite:///"):
        state = Path(setting.removeprefix("sqlite:///"))
        if sys.platform == "win32":  # SQLite's -wal and -shm inherit the folder's DACL there
            paths.append(state.parent)
    else:
        return paths
    return [*paths, state, Path(f"{state}-wal"), Path(f"{state}-shm")]


def check_private_files() -> Check:
    """Health data must not be readable by other accounts of this computer."""
    from anahp_desktop.private_files import exposed

    name = _("Private files")
    open_to_others = list(exposed(private_paths()))
    if open_to_others:
        return Check(
            name,
            False,
            _("readable by other accounts of this computer: {paths}").format(
                paths=", ".join(str(p) for p in open_to_others)
            ),
            _(
                "restrict them to this account (Linux: chmod go= PATH; Windows: icacls PATH "
                "/inheritance:r /grant:r %USERNAME%:(OI)(CI)F)"
            ),
        )
    return Check(name, True, _("settings, state store and log: this account only"))


ENGINE_CHECKS: tuple[CheckFn, ...] = (
    check_version,
    check_imports,
    check_database_drivers,
    check_odbc,
    check_keyring,
    check_migrations,
    check_time_zones,
    check_tls,
    check_translations,
    check_log_file,
    check_private_files,
)


def run_checks(checks: Iterable[CheckFn]) -> list[Check]:
    """Run every check; a check that crashes is itself a problem, never a traceback."""
    results = []
    for check in checks:
        try:
            results.append(check())
        except Exception as exc:  # a bug in a check must not hide the other answers
            label = getattr(check, "__name__", "check").removeprefix("check_")
            results.append(Check(label, False, f"{type(exc).__name__}: {exc}"))
    return results


def header() -> str:
    where = sys.executable if getattr(sys, "frozen", False) else "Python " + sys.version.split()[0]
    return _("ANAHP Sync {version} self-test ({where})").format(version=__version__, where=where)


def summary(results: Sequence[Check]) -> str:
    problems = sum(not r.ok for r in results)
    if not problems:
        return _("All checks passed.")
    return ngettext("{count} problem found.", "{count} problems found.", problems).format(
        count=problems
    )


def report_lines(results: Sequence[Check]) -> list[str]:
    return [header(), *(r.line() for r in results), summary(results)]


def exit_code(results: Sequence[Check]) -> int:
    return 0 if all(r.ok for r in results) else 1


def main(stream: TextIO | None = None) -> int:
    """``anahp-sync --self-test``: the engine's checks, printed; 0 when all passed."""
    out = stream or sys.stdout
    started = time.perf_counter()
    results = run_checks(ENGINE_CHECKS)
    for line in report_lines(results):
        out.write(line + "\n")
    out.write(_("({seconds:.1f} s)").format(seconds=time.perf_counter() - started) + "\n")
    return exit_code(results)
