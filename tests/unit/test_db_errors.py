"""Driver error texts map to the operator's problem.

The SQL Server texts here are copied from what the real drivers printed in
tests/integration/test_odbc_driver_texts.py (FreeTDS 1.3, Microsoft ODBC
Driver 18.6 on Linux), in the form pyodbc raises them; that test checks the
classification against the live drivers in CI. psycopg and sqlite3 texts are
those libraries' own.
"""

from __future__ import annotations

import pytest

from anahp_desktop.db_errors import NETWORK_PROBLEMS, DbProblem, classify, explain

D18 = "[Microsoft][ODBC Driver 18 for SQL Server]"
NOT_FOUND = (
    f"[08001] {D18}A network-related or instance-specific error has occurred while establishing "
    "a connection to 127.0.0.1,1. Server is not found or not accessible. Check if instance name "
    "is correct and if SQL Server is configured to allow remote connections. For more "
    "information see SQL Server Books Online. (10057)"
)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # Driver 18, closed port: all records (Windows) and the first only (elsewhere)
        (
            f"[HYT00] {D18}Login timeout expired (0) (SQLDriverConnect); "
            f"[08001] {D18}TCP Provider: Error code 0x2749 (10057); {NOT_FOUND}",
            DbProblem.PORT_CLOSED,
        ),
        (f"[HYT00] {D18}Login timeout expired (0) (SQLDriverConnect)", DbProblem.TIMEOUT),
        # the defect this module once had: "Server is not found" read as "driver not found"
        (NOT_FOUND, DbProblem.PORT_CLOSED),
        (NOT_FOUND.replace("(10057)", "(-1)"), DbProblem.UNREACHABLE),
        (
            f"[HYT00] {D18}Login timeout expired (0) (SQLDriverConnect); "
            f"[08001] {D18}TCP Provider: Error code 0x2AF9 (11001)",
            DbProblem.HOST_UNKNOWN,
        ),
        (
            "[08001] [FreeTDS][SQL Server]Unable to connect to data source (0) (SQLDriverConnect); "
            "[01000] [FreeTDS][SQL Server]Unknown host machine name. (20013)",
            DbProblem.HOST_UNKNOWN,
        ),
        (
            f"[HYT00] {D18}Login timeout expired (0) (SQLDriverConnect); [08001] {D18}SQL Server "
            "Network Interfaces: Error Locating Server/Instance Specified [xFFFFFFFF].  (-1)",
            DbProblem.INSTANCE_NOT_FOUND,
        ),
        (
            "[08S01] [FreeTDS][SQL Server]Unable to connect: Adaptive Server is unavailable or "
            "does not exist (20009) (SQLDriverConnect)",
            DbProblem.UNREACHABLE,
        ),
        (
            f"[28000] {D18}[SQL Server]Login failed for user 'sinha_sync'. (18456) (SQLDriverConnect)",
            DbProblem.AUTH,
        ),
        (
            "[42000] [FreeTDS][SQL Server]Falha de logon do usuário 'sinha_sync'. (18456) "
            "(SQLDriverConnect)",
            DbProblem.AUTH,
        ),
        (
            f"[08001] {D18}SSL Provider: [error:0A000086:SSL routines::certificate verify "
            "failed:unable to get local issuer certificate] (-1) (SQLDriverConnect)",
            DbProblem.TLS_UNTRUSTED,
        ),
        (
            f"[08001] {D18}SSL Provider: [error:0A000086:SSL routines::certificate verify "
            "failed:subject name does not match host name] (-1) (SQLDriverConnect)",
            DbProblem.TLS_NAME_MISMATCH,
        ),
        (
            f"[08001] {D18}SSL Provider: [error:0A00014D:SSL routines::legacy sigalg disallowed "
            "or unsupported] (-1) (SQLDriverConnect)",
            DbProblem.TLS_OLD_PROTOCOL,
        ),
        (
            f"[08001] {D18}Encryption not supported on SQL Server. (20) (SQLDriverConnect)",
            DbProblem.TLS_NOT_OFFERED,
        ),
        (
            "[01000] [unixODBC][Driver Manager]Can't open lib 'ODBC Driver 99 for SQL Server' : "
            "file not found (0) (SQLDriverConnect)",
            DbProblem.DRIVER_MISSING,
        ),
        (
            'connection failed: FATAL:  password authentication failed for user "anahp"',
            DbProblem.AUTH,
        ),
        ('connection failed: FATAL:  database "nope" does not exist', DbProblem.DATABASE_MISSING),
        ("database is locked", DbProblem.LOCKED),
        ("attempt to write a readonly database", DbProblem.READ_ONLY),
        ("cannot execute UPDATE in a read-only transaction", DbProblem.READ_ONLY),
        ('relation "sinha_export" does not exist', DbProblem.MISSING_OBJECT),
        ("no such column: setor", DbProblem.MISSING_OBJECT),
        ("operator does not exist: text >= timestamp without time zone", DbProblem.WRONG_TYPE),
        ("terminating connection due to administrator command", DbProblem.DISCONNECTED),
        (
            'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused',
            DbProblem.UNREACHABLE,  # PostgreSQL: the SQL Server sentence would name port 1433
        ),
        ("something nobody expected", DbProblem.OTHER),
    ],
)
def test_driver_texts_are_classified(text: str, problem: DbProblem) -> None:
    assert classify(Exception(text)) is problem


def test_every_problem_has_a_sentence_naming_the_database() -> None:
    for problem in DbProblem:
        sentence = explain(problem, "the hospital database")
        assert "hospital database" in sentence and sentence[0].isupper() and "\n" not in sentence


def test_a_network_problem_never_tells_to_install_a_driver() -> None:
    for problem in NETWORK_PROBLEMS:
        assert "install" not in explain(problem, "the hospital database").lower()
