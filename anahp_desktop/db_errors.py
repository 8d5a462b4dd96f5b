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
    TIMEOUT = "timeout"
    DATABASE_MISSING = "database_missing"
    DRIVER_MISSING = "driver_missing"
    TLS = "tls"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    MISSING_OBJECT = "missing_object"
    WRONG_TYPE = "wrong_type"
    DISCONNECTED = "disconnected"
    PERMISSION = "permission"
    OTHER = "other"


#: (problem, pattern) tried in order, most specific first, against the driver's text in lower case
_PATTERNS: tuple[tuple[DbProblem, str], ...] = (
    (
        DbProblem.DRIVER_MISSING,
        r"im002|can't open lib|data source name not found|no module named|driver .* not found",
    ),
    (
        DbProblem.DATABASE_MISSING,
        r"cannot open database|database \".*\" does not exist|\b4060\b|unknown database",
    ),
    (DbProblem.TLS, r"\bssl\b|\btls\b|certificate|encryption not supported"),
    (
        DbProblem.AUTH,
        r"28000|login failed|password authentication failed|authentication failed|18456|no password supplied",
    ),
    (DbProblem.TIMEOUT, r"hyt00|timeout expired|timed out|login timeout"),
    (
        DbProblem.LOCKED,
        r"database is locked|database table is locked|lock request time out|\b1222\b",
    ),
    (DbProblem.READ_ONLY, r"readonly database|read-only|read only"),
    (
        DbProblem.PERMISSION,
        r"permission denied|permission was denied|42501|\(229\)|unable to open database file",
    ),
    (
        DbProblem.UNREACHABLE,
        r"08001|adaptive server is unavailable|connection refused|could not connect|could not translate host|name or service not known|no route to host|network-related|server is not found|unable to connect",
    ),
    (
        DbProblem.WRONG_TYPE,
        r"operator does not exist|42883|operand type clash|conversion failed|datatype mismatch|invalid input syntax for type|22007|22008|22018",
    ),
    (
        DbProblem.MISSING_OBJECT,
        r"42s02|42s22|invalid object name|invalid column name|no such table|no such column|does not exist|undefinedtable|undefinedcolumn",
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


def explain(problem: DbProblem, what: str) -> str:
    """A sentence for ``problem`` on ``what`` (e.g. "the hospital database")."""
    sentences = {
        DbProblem.AUTH: _("Login to {what} failed: check the user name and password."),
        DbProblem.UNREACHABLE: _(
            "Cannot reach {what}: check the host name, instance or port, and that the server is running and not blocked by a firewall."
        ),
        DbProblem.TIMEOUT: _(
            "{what} did not answer in time: check the network and the server, or raise the timeout."
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
