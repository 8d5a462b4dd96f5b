"""Turning database driver errors into one sentence an operator can act on.

pyodbc (SQL Server, FreeTDS), psycopg (PostgreSQL) and sqlite3 each word the
same problems differently; :func:`classify` recognises the common ones by
SQLSTATE or message, and :func:`explain` phrases them. The raw driver text is
kept out of the sentence on purpose: it can be long, and some drivers echo
the connection string.
"""

from __future__ import annotations

import re
from enum import StrEnum

from anahp_desktop.translation import _


class DbProblem(StrEnum):
    AUTH = "auth"
    UNREACHABLE = "unreachable"
    HOST_UNKNOWN = "host_unknown"
    PORT_CLOSED = "port_closed"
    INSTANCE_NOT_FOUND = "instance_not_found"
    TIMEOUT = "timeout"
    DATABASE_MISSING = "database_missing"
    DRIVER_MISSING = "driver_missing"
    TLS = "tls"
    TLS_UNTRUSTED = "tls_untrusted"
    TLS_NAME_MISMATCH = "tls_name_mismatch"
    TLS_OLD_PROTOCOL = "tls_old_protocol"
    TLS_NOT_OFFERED = "tls_not_offered"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    MISSING_OBJECT = "missing_object"
    WRONG_TYPE = "wrong_type"
    DISCONNECTED = "disconnected"
    PERMISSION = "permission"
    DEADLOCK = "deadlock"
    SNAPSHOT_CONFLICT = "snapshot_conflict"
    SET_OPTIONS = "set_options"
    OTHER = "other"


#: the server could not be reached at all (where to look: network, names, firewall)
NETWORK_PROBLEMS = frozenset(
    {
        DbProblem.UNREACHABLE,
        DbProblem.HOST_UNKNOWN,
        DbProblem.PORT_CLOSED,
        DbProblem.INSTANCE_NOT_FOUND,
        DbProblem.TIMEOUT,
    }
)
#: failures to connect: the driver's text names no record, so the log file may keep it
CONNECTION_PROBLEMS = NETWORK_PROBLEMS | frozenset(
    {
        DbProblem.AUTH,
        DbProblem.DATABASE_MISSING,
        DbProblem.DRIVER_MISSING,
        DbProblem.TLS,
        DbProblem.TLS_UNTRUSTED,
        DbProblem.TLS_NAME_MISMATCH,
        DbProblem.TLS_OLD_PROTOCOL,
        DbProblem.TLS_NOT_OFFERED,
    }
)
#: the work may simply be tried again (SQL Server chose this transaction to give way)
TRANSIENT_PROBLEMS = frozenset({DbProblem.DEADLOCK, DbProblem.SNAPSHOT_CONFLICT})

# Every pattern below matches a text a real driver printed, captured by
# tests/integration/test_odbc_driver_texts.py with FreeTDS 1.3 and Microsoft ODBC Driver 18
# (docs/sql-server.md lists them). SQL Server's own messages are translated into the server's
# language (a Brazilian server answers "Falha de logon..."), so server errors are recognised by
# their number, which pyodbc appends to every record as "(18456)"; Microsoft's network errors
# carry the Winsock code the same way ("(11001)"). On Windows pyodbc joins every record of a
# failure; elsewhere it keeps only the first, so both forms are tested.

#: (problem, pattern) tried in order, most specific first, against the driver's text in lower case
_PATTERNS: tuple[tuple[DbProblem, str], ...] = (
    (
        DbProblem.DRIVER_MISSING,
        r"im002|can't open lib|data source name not found|no module named",
    ),
    (DbProblem.TLS_NAME_MISMATCH, r"subject name does not match host name"),
    (DbProblem.TLS_UNTRUSTED, r"certificate verify failed"),
    (DbProblem.TLS_OLD_PROTOCOL, r"legacy sigalg disallowed or unsupported"),
    (DbProblem.TLS_NOT_OFFERED, r"encryption not supported on sql server"),
    (DbProblem.TLS, r"ssl provider|\bssl\b|\btls\b|certificate"),
    (
        DbProblem.DATABASE_MISSING,
        r"\(4060\)|database \".*\" does not exist|unknown database",
    ),
    (
        DbProblem.AUTH,
        r"28000|\(18456\)|\(18452\)|password authentication failed|authentication failed|no password supplied",
    ),
    (DbProblem.SET_OPTIONS, r"\(1934\)"),
    (DbProblem.DEADLOCK, r"\(1205\)"),
    (DbProblem.SNAPSHOT_CONFLICT, r"\(3960\)|\(3961\)"),
    (DbProblem.HOST_UNKNOWN, r"unknown host machine name|\(11001\)|could not translate host"),
    (DbProblem.INSTANCE_NOT_FOUND, r"error locating server/instance specified"),
    (DbProblem.PORT_CLOSED, r"\(10057\)"),
    (DbProblem.TIMEOUT, r"hyt00|login timeout expired|timed out|timeout error \[258\]"),
    (
        DbProblem.LOCKED,
        r"database is locked|database table is locked|\(1222\)",
    ),
    (DbProblem.READ_ONLY, r"readonly database|read-only|read only|\(3906\)"),
    (
        DbProblem.PERMISSION,
        r"permission denied|42501|\(229\)|\(230\)|\(262\)|\(2760\)|\(15151\)|\(15247\)|unable to open database file",
    ),
    (
        DbProblem.UNREACHABLE,
        r"08001|adaptive server is unavailable|connection refused|could not connect|no route to host|network-related|server is not found|unable to connect",
    ),
    (
        DbProblem.WRONG_TYPE,
        r"operator does not exist|42883|\(206\)|\(241\)|\(242\)|\(245\)|\(8114\)|datatype mismatch|invalid input syntax for type|22007|22008|22018",
    ),
    (
        DbProblem.MISSING_OBJECT,
        r"42s02|42s22|\(208\)|\(207\)|no such table|no such column|does not exist|undefinedtable|undefinedcolumn",
    ),
    (
        DbProblem.DISCONNECTED,
        r"08s01|communication link failure|server closed the connection|connection reset|terminating connection|adaptive server connection failed|connection already closed|broken pipe|08003|08006",
    ),
)


def classify(exc: BaseException) -> DbProblem:
    text = _error_text(exc).lower()
    for problem, pattern in _PATTERNS:
        if re.search(pattern, text):
            return problem
    return DbProblem.OTHER


def driver_text(exc: BaseException, problem: DbProblem) -> str | None:
    """The driver's own words for a connection failure (for the log file), else None.

    Other errors may quote a record's values (a conversion error names the value): their
    text stays out of the log, as applog withholds it from tracebacks.
    """
    if problem not in CONNECTION_PROBLEMS:
        return None
    return _error_text(exc)


def explain(problem: DbProblem, what: str) -> str:
    """A sentence for ``problem`` on ``what`` (e.g. "the hospital database")."""
    sentences = {
        DbProblem.AUTH: _("Login to {what} failed: check the user name and password."),
        DbProblem.UNREACHABLE: _(
            "Cannot reach {what}: check the host name, instance or port, and that the server is running and not blocked by a firewall."
        ),
        DbProblem.HOST_UNKNOWN: _(
            "Cannot reach {what}: the host name is not known on this network (DNS). Check the spelling, or use the server's IP address."
        ),
        DbProblem.PORT_CLOSED: _(
            "Cannot reach {what}: the server refused the connection on that port. Check the port (SQL Server's default is 1433), that SQL Server accepts TCP/IP connections and that no firewall blocks it."
        ),
        DbProblem.INSTANCE_NOT_FOUND: _(
            "Cannot reach {what}: the named instance was not found. The SQL Server Browser (UDP port 1434) did not answer or does not know it: check the instance name, start the Browser service, or give the instance's TCP port instead."
        ),
        DbProblem.TIMEOUT: _(
            "{what} did not answer in time: check the host, port or instance, the network and the server, or raise the login timeout."
        ),
        DbProblem.DATABASE_MISSING: _(
            "The database name for {what} does not exist or this login cannot open it."
        ),
        DbProblem.DRIVER_MISSING: _(
            "The database driver for {what} is not installed: install Microsoft ODBC Driver 18 for SQL Server (or FreeTDS) and choose it in the settings."
        ),
        DbProblem.TLS: _(
            "The encrypted connection to {what} failed (certificate or TLS): install the server's certificate or, if your DBA agrees, enable TrustServerCertificate."
        ),
        DbProblem.TLS_UNTRUSTED: _(
            "The encrypted connection to {what} failed: this computer does not trust the server's certificate (self-signed or from an unknown authority). Ask the DBA for a certificate this computer trusts or, if your DBA agrees, enable TrustServerCertificate."
        ),
        DbProblem.TLS_NAME_MISMATCH: _(
            "The encrypted connection to {what} failed: the server's certificate is for another name than the host in the settings. Use the name the certificate was issued for (ask the DBA)."
        ),
        DbProblem.TLS_OLD_PROTOCOL: _(
            "The encrypted connection to {what} failed: the server offers only an old TLS version (TLS 1.0/1.1) that this computer refuses. Ask the DBA to update SQL Server for TLS 1.2."
        ),
        DbProblem.TLS_NOT_OFFERED: _(
            "{what} does not offer encryption, and the settings require it: ask the DBA to configure a certificate on SQL Server, or turn encryption off in the settings if your DBA agrees."
        ),
        DbProblem.LOCKED: _("{what} is locked by another program: try again in a moment."),
        DbProblem.READ_ONLY: _(
            "{what} is read-only for this app: it needs permission to write its state tables."
        ),
        DbProblem.PERMISSION: _(
            "This login has no permission for that in {what}: ask the DBA for the grants in sql/mssql/."
        ),
        DbProblem.MISSING_OBJECT: _("A table, view or column is missing in {what}."),
        DbProblem.WRONG_TYPE: _("A column of {what} has another type than agreed."),
        DbProblem.DISCONNECTED: _(
            "The connection to {what} was lost: the next run will try again."
        ),
        DbProblem.DEADLOCK: _(
            "{what} chose this read to give way to another program's transaction (deadlock): the next run will try again."
        ),
        DbProblem.SNAPSHOT_CONFLICT: _(
            "{what} ended the snapshot this run read from (a table was changed or rebuilt meanwhile): the next run will try again."
        ),
        DbProblem.SET_OPTIONS: _(
            "{what} refused a statement because of the session's SET options (error 1934, filtered indexes or indexed views): ask the DBA to check sql/mssql/prechecks.sql."
        ),
        DbProblem.OTHER: _("{what} reported an error."),
    }
    sentence = sentences[problem].format(what=what)
    return sentence[0].upper() + sentence[1:]


def _error_text(exc: BaseException) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(type(current).__name__)
        parts.extend(str(arg) for arg in current.args)
        orig = getattr(current, "orig", None)
        current = (
            orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
        )
    return " ".join(parts)
