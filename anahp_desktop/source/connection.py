"""Creating SQLAlchemy engines for the source database and the state store.

The URL comes from ``DATABASE_URL`` / ``source.url`` or, for SQL Server, from
the structured settings through :mod:`.mssql_connection`. Passwords come from
the URL itself, ``DATABASE_PASSWORD`` or the keyring, and only when the URL
needs one. Every engine has a login timeout, so an unreachable server fails
within the configured time instead of hanging.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from anahp_desktop import db_errors, network_paths
from anahp_desktop.config.settings import SourceAuth, SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.private_files import create_private_file, private_dir
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.source import mssql_connection
from anahp_desktop.source.sqlite_text import LENIENT_TEXT
from anahp_desktop.state import location
from anahp_desktop.translation import N_, _

WHAT = N_("the hospital database")
#: the databases the app is built and tested for (the bundle carries their drivers)
SUPPORTED_BACKENDS = frozenset({"mssql", "postgresql", "sqlite"})


def source_url(settings: SourceSettings, secrets: Secrets) -> URL:
    """The SQLAlchemy URL of the hospital database, password included."""
    if settings.url:
        return _url_from_string(settings.url, settings, secrets)
    if settings.host:
        target = mssql_connection.target_from_settings(settings)
        password = None
        if target.auth is SourceAuth.SQL:
            password = secrets.require(SecretName.DATABASE_PASSWORD)
        return mssql_connection.sqlalchemy_url(target, password)
    raise ConfigurationError(
        _(
            "The hospital database is not configured: fill in the SQL Server fields in the "
            "settings window or set DATABASE_URL."
        )
    )


def state_url(state_setting: str, source: SourceSettings, secrets: Secrets) -> URL:
    """The state store's URL: a local SQLite file by default, the source database only
    when ``state.url = "source"`` was chosen, else the URL given.

    Never read-only: ``ApplicationIntent=ReadOnly`` inherited from the source URL is
    dropped, and refused in the state's own URL (see mssql_connection.for_state_store).
    """
    if location.in_source_database(state_setting):
        if source.url:
            return _url_from_string(source.url, source, secrets, for_state=True, inherited=True)
        return source_url(source, secrets)
    if location.is_default(state_setting):
        return make_url(location.default_state_url())
    return _url_from_string(state_setting, source, secrets, for_state=True)


def create_database_engine(
    url: URL, settings: SourceSettings, *, must_exist: bool = True, module: Any = None
) -> Engine:
    """An engine with login and query timeouts for any of the supported databases.

    ``module`` replaces the DB-API module (tests give SQL Server a stand-in).
    """
    backend = url.get_backend_name()
    kwargs: dict[str, Any] = {"pool_pre_ping": True}
    connect_args: dict[str, Any] = {}
    if backend == "sqlite":
        _check_sqlite_path(url, must_exist)
        connect_args["timeout"] = 5.0
        kwargs = {}  # SQLAlchemy's pool for files: no reconnect and PRAGMAs per transaction
    elif backend == "mssql":
        # pyodbc's login timeout (SQL_ATTR_LOGIN_TIMEOUT): without it a server that
        # accepts the connection and never answers hangs the app for minutes
        connect_args["timeout"] = settings.login_timeout_s
    elif backend == "postgresql":
        connect_args["connect_timeout"] = settings.login_timeout_s
    if module is not None:
        kwargs["module"] = module
    try:
        engine = create_engine(url, connect_args=connect_args, **kwargs)
    except ImportError as exc:
        if backend not in SUPPORTED_BACKENDS:  # e.g. mysql+pymysql: not an ODBC matter
            raise ConfigurationError(
                _(
                    "This app does not work with {kind} databases ({url}): use SQL Server "
                    "(mssql+pyodbc://), PostgreSQL (postgresql+psycopg://) or SQLite (sqlite:///)."
                ).format(kind=backend, url=url.drivername)
            ) from exc
        # pyodbc without unixODBC's libodbc, or a dialect's driver not installed
        raise ConfigurationError(
            db_errors.explain(db_errors.DbProblem.DRIVER_MISSING, _(WHAT))
        ) from None
    except (ArgumentError, NoSuchModuleError) as exc:
        raise ConfigurationError(
            _("The database URL is not usable ({reason}).").format(reason=type(exc).__name__)
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    elif backend == "mssql":
        event.listen(engine, "connect", _mssql_session_options)
        if settings.query_timeout_s:
            event.listen(engine, "connect", _mssql_query_timeout(settings.query_timeout_s))
    return engine


def _url_from_string(
    raw: str,
    settings: SourceSettings,
    secrets: Secrets,
    *,
    for_state: bool = False,
    inherited: bool = False,
) -> URL:
    try:
        url = make_url(raw)
    except ArgumentError:
        name = "STATE_DATABASE_URL" if for_state and not inherited else "DATABASE_URL"
        raise ConfigurationError(
            _("{name} is not a valid database URL (example: {example}).").format(
                name=name, example="mssql+pyodbc://user@host:1433/db?driver=FreeTDS"
            )
        ) from None
    if url.get_backend_name() == "mssql" and "odbc_connect" not in url.query:
        target, password = mssql_connection.target_from_url(url)
        if for_state:
            target = mssql_connection.for_state_store(target, inherited=inherited)
        if target.auth is SourceAuth.SQL and password is None:
            password = secrets.require(SecretName.DATABASE_PASSWORD)
        return mssql_connection.sqlalchemy_url(target, password)
    if url.username and url.password is None and url.get_backend_name() != "sqlite":
        url = url.set(password=secrets.require(SecretName.DATABASE_PASSWORD))
    return url


def _check_sqlite_path(url: URL, must_exist: bool) -> None:
    """A source file must exist; a state file is created owner-only (it holds health data),
    in its folder -- which is created too when it is the app's own default one."""
    database = url.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    network_paths.refuse_network_sqlite(database)
    path = Path(database)
    if must_exist and not path.exists():
        raise ConfigurationError(
            _("The SQLite database file {path} does not exist.").format(path=path)
        )
    if must_exist:
        return
    if path == location.default_state_path():
        private_dir(path.parent, close=True)
    if not path.parent.exists():
        raise ConfigurationError(
            _("The folder for the SQLite database {path} does not exist.").format(path=path)
        )
    try:
        create_private_file(path)
    except OSError as exc:
        raise ConfigurationError(
            _("The SQLite state file {path} cannot be created: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # a row with broken UTF-8 must become a rejected record, not a failed read
    dbapi_connection.text_factory = LENIENT_TEXT
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _mssql_session_options(dbapi_connection: Any, _record: Any) -> None:
    """``SET NOCOUNT OFF``: some servers default to ON (``sp_configure 'user options'``).

    With NOCOUNT ON every rowcount comes back -1, and an UPDATE that found its
    row cannot be told from one that did not: the first watermark row would
    never be inserted and a lease taken by another machine would look free.
    """
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("SET NOCOUNT OFF")
    finally:
        cursor.close()
    dbapi_connection.commit()


def _mssql_query_timeout(seconds: int) -> Any:
    def set_timeout(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.timeout = seconds

    return set_timeout
