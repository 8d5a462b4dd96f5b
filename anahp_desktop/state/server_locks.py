"""Run locks owned by a database session: PostgreSQL advisory locks, SQL Server applocks.

Each holder opens a connection of its own, detached from the pool, takes the
lock on it, keeps it open for the whole run and checks it before sending.
The server frees the lock when that session ends: on an explicit release,
when the holder's process dies (its TCP connection closes), when a DBA kills
the session, or when the server's keepalive finds the client gone (a power
cut; PostgreSQL is told below to look after ~30 s, SQL Server looks after its
"Keep Alive" setting, 30 s by default).

A lock is taken by a session, and a session may take its own lock again:
that is why the holder's connection never goes back to the pool.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod

from sqlalchemy import Connection, Engine, TextClause, Unicode, bindparam, text
from sqlalchemy.exc import SQLAlchemyError

from anahp_desktop.errors import StateStoreError
from anahp_desktop.state.store import translate
from anahp_desktop.translation import N_, _

log = logging.getLogger(__name__)


class SessionLock(ABC):
    """The common part: a dedicated connection in autocommit, errors translated."""

    lost_reason = N_("the state store closed the connection that held it")

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None

    def try_acquire(self) -> bool:
        conn = self._connect()
        try:
            granted = self._take(conn)
        except SQLAlchemyError as exc:
            conn.close()
            raise translate(exc) from exc
        except BaseException:
            conn.close()
            raise
        if not granted:
            conn.close()
            return False
        self._conn = conn
        return True

    def still_held(self) -> bool:
        if self._conn is None:
            return False
        try:
            return self._holds(self._conn)
        except SQLAlchemyError as exc:
            log.warning("the sync lock's connection failed: %s", exc)
            return False

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if not conn.invalidated:  # a session the server ended holds nothing
                self._let_go(conn)
        except SQLAlchemyError as exc:
            log.warning("releasing the sync lock failed (its session's end frees it): %s", exc)
        finally:
            try:
                conn.close()  # detached: this ends the session on the server
            except SQLAlchemyError as exc:
                log.warning("closing the sync lock's connection failed: %s", exc)

    def held_by_anyone(self) -> bool:
        try:
            with self._engine.connect() as conn:
                return self._anyone_holds(conn)
        except SQLAlchemyError as exc:
            raise translate(exc) from exc

    def _connect(self) -> Connection:
        try:
            conn = self._engine.connect()
        except SQLAlchemyError as exc:
            raise translate(exc) from exc
        try:
            conn.execution_options(isolation_level="AUTOCOMMIT")  # no transaction left open
            conn.detach()  # never handed to another user of the pool
            self._prepare(conn)
        except SQLAlchemyError as exc:
            conn.close()
            raise translate(exc) from exc
        return conn

    def _prepare(self, conn: Connection) -> None:  # noqa: B027 (optional hook, not abstract)
        """Session settings before the lock is taken."""

    @abstractmethod
    def _take(self, conn: Connection) -> bool: ...

    @abstractmethod
    def _holds(self, conn: Connection) -> bool: ...

    @abstractmethod
    def _let_go(self, conn: Connection) -> None: ...

    @abstractmethod
    def _anyone_holds(self, conn: Connection) -> bool: ...


# -- PostgreSQL -------------------------------------------------------------------------

#: the two int4 keys of the advisory lock ("ANHP", "SYNC"); pg_locks shows them as
#: classid and objid with objsubid 2, scoped to the current database
PG_KEYS = (0x414E4850, 0x53594E43)
_PG_KEY_MATCH = (
    f"locktype = 'advisory' AND classid = {PG_KEYS[0]} AND objid = {PG_KEYS[1]} "
    "AND objsubid = 2 AND granted"
)
PG_TRY = text(f"SELECT pg_try_advisory_lock({PG_KEYS[0]}, {PG_KEYS[1]})")
PG_UNLOCK = text(f"SELECT pg_advisory_unlock({PG_KEYS[0]}, {PG_KEYS[1]})")
PG_HELD_HERE = text(
    f"SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND {_PG_KEY_MATCH}"
)
PG_HELD_ANYWHERE = text(
    "SELECT count(*) FROM pg_locks WHERE database = "
    f"(SELECT oid FROM pg_database WHERE datname = current_database()) AND {_PG_KEY_MATCH}"
)
#: the server notices a holder that vanished without closing its connection (power cut,
#: network gone) within ~30 s instead of the operating system's default two hours
PG_KEEPALIVES = (
    "SET tcp_keepalives_idle = 15",
    "SET tcp_keepalives_interval = 5",
    "SET tcp_keepalives_count = 3",
)


class PostgresRunLock(SessionLock):
    def _prepare(self, conn: Connection) -> None:
        for statement in PG_KEEPALIVES:
            try:
                conn.exec_driver_sql(statement)
            except SQLAlchemyError as exc:  # e.g. not supported by the server's platform
                log.info("%s refused: %s", statement, exc)

    def _take(self, conn: Connection) -> bool:
        return bool(conn.execute(PG_TRY).scalar_one())

    def _holds(self, conn: Connection) -> bool:
        return int(conn.execute(PG_HELD_HERE).scalar_one()) > 0

    def _let_go(self, conn: Connection) -> None:
        conn.execute(PG_UNLOCK)

    def _anyone_holds(self, conn: Connection) -> bool:
        return int(conn.execute(PG_HELD_ANYWHERE).scalar_one()) > 0


# -- SQL Server -------------------------------------------------------------------------

#: the application lock's name (case-sensitive, scoped to the state store's database)
APPLOCK_RESOURCE = "anahp-sync"
#: sp_getapplock's answers that mean granted (0 at once, 1 after a wait)
APPLOCK_GRANTED = (0, 1)
#: with @LockTimeout = 0: another session holds it
APPLOCK_TIMED_OUT = -1

# SET NOCOUNT ON: the procedure's inner statements must not send row counts ahead of the
# SELECT, whose row is the first result pyodbc then sees. Session-owned, so no transaction.
_RESOURCE = bindparam("resource", APPLOCK_RESOURCE, type_=Unicode(255))
APPLOCK_TAKE = text(
    "SET NOCOUNT ON; DECLARE @result int; "
    "EXEC @result = sp_getapplock @Resource = :resource, @LockMode = 'Exclusive', "
    "@LockOwner = 'Session', @LockTimeout = 0, @DbPrincipal = 'public'; "
    "SELECT @result AS result"
).bindparams(_RESOURCE)
APPLOCK_RELEASE = text(
    "SET NOCOUNT ON; DECLARE @result int; "
    "EXEC @result = sp_releaseapplock @Resource = :resource, @LockOwner = 'Session', "
    "@DbPrincipal = 'public'; "
    "SELECT @result AS result"
).bindparams(_RESOURCE)
APPLOCK_MODE_HERE = text("SELECT APPLOCK_MODE('public', :resource, 'Session') AS mode").bindparams(
    _RESOURCE
)
APPLOCK_GRANTABLE = text(
    "SELECT APPLOCK_TEST('public', :resource, 'Exclusive', 'Session') AS grantable"
).bindparams(_RESOURCE)
SQL_SERVER_STATEMENTS: tuple[TextClause, ...] = (
    APPLOCK_TAKE,
    APPLOCK_RELEASE,
    APPLOCK_MODE_HERE,
    APPLOCK_GRANTABLE,
)


class SqlServerRunLock(SessionLock):
    def _take(self, conn: Connection) -> bool:
        code = conn.execute(APPLOCK_TAKE).scalar()
        if code in APPLOCK_GRANTED:
            return True
        if code == APPLOCK_TIMED_OUT:
            return False
        # -2 cancelled, -3 deadlock victim, -999 a parameter or permission problem:
        # nobody is known to hold it, so never answer "already running"
        raise StateStoreError(
            _(
                "SQL Server did not grant the sync lock (sp_getapplock returned {code}); "
                "ask the DBA to check the app's permissions on the state store's database."
            ).format(code=code)
        )

    def _holds(self, conn: Connection) -> bool:
        return conn.execute(APPLOCK_MODE_HERE).scalar() == "Exclusive"

    def _let_go(self, conn: Connection) -> None:
        code = conn.execute(APPLOCK_RELEASE).scalar()
        if code != 0:
            log.warning("sp_releaseapplock returned %s (the session's end frees the lock)", code)

    def _anyone_holds(self, conn: Connection) -> bool:
        return conn.execute(APPLOCK_GRANTABLE).scalar() == 0
