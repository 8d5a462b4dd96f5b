"""Bringing the state store's tables up to date with Alembic.

Runs at the start of every sync. When the version table already says
:data:`HEAD` it is one query, without importing Alembic (60-80 ms of every
run) and without taking the write lock. DBAs who do not let applications create tables run
``sql/mssql/state_tables.sql`` instead; then the version table says "head"
and nothing is created here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, column, select, table
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from anahp_desktop import db_errors
from anahp_desktop.errors import StateStoreError
from anahp_desktop.state import sqlite_problems
from anahp_desktop.translation import N_, _

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSION_TABLE = "anahp_alembic_version"
#: the newest migration's revision (a test compares it with Alembic's script directory)
HEAD = "0003"
WHAT = N_("the state store")
#: the page size of a new SQLite store: every batch stores its JSON body (~180 KB for 500
#: records) before it is sent, and with SQLite's default 4 KB pages each body is a chain of
#: 45 overflow pages written to the WAL and again at the checkpoint; 16 KB pages write the
#: same bytes in a quarter of the pages (docs/performance.md). A file that already has
#: tables keeps its size: SQLite changes it only with a VACUUM, which is not done here.
SQLITE_PAGE_SIZE = 16384
#: where the state tables live on SQL Server (state.schema): never the vendor's dbo
DEFAULT_SCHEMA = "anahp"


def in_schema(engine: Engine, schema: str) -> Engine:
    """``engine`` with every state statement (and migration) in ``schema``, on SQL Server.

    The tables are declared without a schema; SQLAlchemy's schema_translate_map
    puts ``anahp.`` before each name on this engine only, so a view named without
    a schema on the same database is not affected. Other databases are returned
    as they are (SQLite has no schemas).
    """
    if engine.dialect.name != "mssql" or not schema:
        return engine
    return engine.execution_options(schema_translate_map={None: schema})


def schema_of(connectable: Engine | Connection) -> str | None:
    translate = connectable.get_execution_options().get("schema_translate_map") or {}
    schema = translate.get(None)
    return str(schema) if schema else None


def alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.migration import MigrationContext

    opts = {"version_table": VERSION_TABLE, "version_table_schema": schema_of(connection)}
    context = MigrationContext.configure(connection, opts=opts)
    return context.get_current_revision()


def upgrade(engine: Engine, what: str = WHAT) -> None:
    """Create or update the state tables; a StateStoreError says why it could not.

    ``what`` names the database in the message (the state tables may live in the
    hospital database itself).
    """
    try:
        if _at_head(engine):
            return
        from alembic import command

        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                # only a file without tables takes it: see SQLITE_PAGE_SIZE
                connection.exec_driver_sql(f"PRAGMA page_size = {SQLITE_PAGE_SIZE}")
                # pysqlite runs DDL outside any transaction: a run killed mid-migration
                # would leave half the tables and no version, and every later run fail
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            if current_revision(connection) == head_revision():
                return
            _wait_for_other_migrations(connection)
            schema = schema_of(connection)
            if schema is not None:  # under the migration lock: one copy creates it
                _create_schema(connection, schema)
                connection.exec_driver_sql(move_from_dbo_sql(schema))
            if current_revision(connection) == head_revision():
                return  # another copy starting at the same moment did it
            command.upgrade(alembic_config(connection), "head")
    except SQLAlchemyError as exc:
        local = sqlite_problems.translate(exc, engine)
        if local is not None:
            raise local from exc
        problem = db_errors.classify(exc)
        raise StateStoreError(
            _("Cannot prepare the state tables: {reason}").format(
                reason=db_errors.explain(problem, _(what))
            ),
            problem.value,
        ) from exc


def _at_head(engine: Engine) -> bool:
    """True when the version table names :data:`HEAD` alone (False: no table yet).

    A plain read: a migration another copy is running commits its tables and its
    version together, so until then this reads the old version and the caller
    waits for that copy under the migration lock.
    """
    with engine.connect() as connection:
        version = table(VERSION_TABLE, column("version_num"), schema=schema_of(connection))
        try:
            found = connection.execute(select(version.c.version_num)).scalars().all()
        except DBAPIError as exc:
            if db_errors.classify(exc) is db_errors.DbProblem.MISSING_OBJECT:
                return False  # a new store: the migration creates the table
            raise
    return found == [HEAD]


#: copies making their first start at once: one creates the tables, the others wait for it
#: (a lock of the migration's own transaction, freed by its commit or rollback)
PG_MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(1095649360, 1296648519)"  # "ANHP", "MIGR"
MSSQL_MIGRATION_LOCK = (
    "SET NOCOUNT ON; IF @@TRANCOUNT = 0 BEGIN TRANSACTION; DECLARE @result int; "
    "EXEC @result = sp_getapplock @Resource = N'anahp-migrate', @LockMode = 'Exclusive', "
    "@LockOwner = 'Transaction', @LockTimeout = 120000, @DbPrincipal = 'public'; "
    # back OFF before the result: this connection returns to the pool, and every later
    # rowcount on it would be -1 (see store.affected_rows)
    "SET NOCOUNT OFF; SELECT @result AS result"
)


def _wait_for_other_migrations(connection: Connection) -> None:
    """SQLite took its write lock already (BEGIN IMMEDIATE); servers take a transaction lock."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(PG_MIGRATION_LOCK)
    elif connection.dialect.name == "mssql":
        code = connection.exec_driver_sql(MSSQL_MIGRATION_LOCK).scalar()
        if code not in (0, 1):  # sp_getapplock: 0/1 granted; -1 timed out; -999 refused
            raise StateStoreError(
                _(
                    "Cannot prepare the state tables: another copy of the app has been creating "
                    "them for two minutes (sp_getapplock returned {code}); try again."
                ).format(code=code)
            )


def _create_schema(connection: Connection, schema: str) -> None:
    """The state's own schema, when the DBA has not created it (needs CREATE SCHEMA)."""
    connection.exec_driver_sql(
        f"IF SCHEMA_ID(N'{schema}') IS NULL EXEC(N'CREATE SCHEMA {_quoted(schema)}')"
    )


def move_from_dbo_sql(schema: str) -> str:
    """T-SQL moving state tables an earlier version created in dbo into ``schema``.

    Only when dbo holds the version table and ``schema`` does not: the tables keep
    their rows (watermark, batches, log), so nothing is read or sent again.
    ``ALTER SCHEMA ... TRANSFER`` drops the grants on each table; grants.sql grants
    on the schema instead. docs/sql-server.md has the same block for a DBA.
    """
    from anahp_desktop.state.schema import metadata

    names = [VERSION_TABLE, *(table.name for table in metadata.sorted_tables)]
    moves = " ".join(
        f"IF OBJECT_ID(N'dbo.{name}', N'U') IS NOT NULL "
        f"ALTER SCHEMA {_quoted(schema)} TRANSFER dbo.{name};"
        for name in names
    )
    return (
        f"IF OBJECT_ID(N'dbo.{VERSION_TABLE}', N'U') IS NOT NULL "
        f"AND OBJECT_ID(N'{schema}.{VERSION_TABLE}', N'U') IS NULL "
        f"BEGIN {moves} END"
    )


def _quoted(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"


def offline_sql(dialect: str, schema: str | None = None) -> str:
    """The DDL of every migration for ``dialect`` (e.g. "mssql"), without a database.

    ``schema``: every table, index and the version table qualified with it.
    """
    import io

    from alembic import command

    buffer = io.StringIO()
    config = alembic_config()
    config.output_buffer = buffer
    config.set_main_option("sqlalchemy.url", f"{dialect}://")
    config.set_main_option("dialect_name", dialect)
    if schema:
        config.attributes["schema"] = schema
    command.upgrade(config, "head", sql=True)
    text = buffer.getvalue()
    if schema:
        # the placeholder SQLAlchemy leaves for schema_translate_map, resolved at execution
        text = text.replace("__[SCHEMA__none]", schema)
    return text
