"""Driver error texts from pyodbc/FreeTDS, psycopg and sqlite3 map to the operator's problem."""

from __future__ import annotations

import pytest

from anahp_desktop.db_errors import DbProblem, classify, explain


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "('28000', \"[28000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login failed for user 'sa'. (18456)\")",
            DbProblem.AUTH,
        ),
        (
            'connection failed: FATAL:  password authentication failed for user "anahp"',
            DbProblem.AUTH,
        ),
        (
            "('08S01', '[08S01] [FreeTDS][SQL Server]Unable to connect: Adaptive Server is unavailable or does not exist')",
            DbProblem.UNREACHABLE,
        ),
        (
            "('HYT00', '[HYT00] [Microsoft][ODBC Driver 18 for SQL Server]Login timeout expired (0)')",
            DbProblem.TIMEOUT,
        ),
        (
            "('01000', \"[01000] [unixODBC][Driver Manager]Can't open lib 'ODBC Driver 99 for SQL Server' : file not found (0)\")",
            DbProblem.DRIVER_MISSING,
        ),
        (
            "('IM002', '[IM002] [Microsoft][ODBC Driver Manager] Data source name not found and no default driver specified')",
            DbProblem.DRIVER_MISSING,
        ),
        (
            "[08001] [Microsoft][ODBC Driver 18 for SQL Server]SSL Provider: certificate verify failed",
            DbProblem.TLS,
        ),
        (
            "('42000', '[42000] Cannot open database \"hosp\" requested by the login. The login failed. (4060)')",
            DbProblem.DATABASE_MISSING,
        ),
        ('connection failed: FATAL:  database "nope" does not exist', DbProblem.DATABASE_MISSING),
        ("database is locked", DbProblem.LOCKED),
        ("attempt to write a readonly database", DbProblem.READ_ONLY),
        ("cannot execute UPDATE in a read-only transaction", DbProblem.READ_ONLY),
        (
            "('42S02', \"[42S02] Invalid object name 'sinha_export'. (208)\")",
            DbProblem.MISSING_OBJECT,
        ),
        ('relation "sinha_export" does not exist', DbProblem.MISSING_OBJECT),
        ("no such column: setor", DbProblem.MISSING_OBJECT),
        ("operator does not exist: text >= timestamp without time zone", DbProblem.WRONG_TYPE),
        (
            "('22007', '[22007] Conversion failed when converting date and/or time from character string. (241)')",
            DbProblem.WRONG_TYPE,
        ),
        ("terminating connection due to administrator command", DbProblem.DISCONNECTED),
        (
            'connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused',
            DbProblem.UNREACHABLE,
        ),
        (
            "('42000', \"[42000] The SELECT permission was denied on the object 'sinha_export' (229)\")",
            DbProblem.PERMISSION,
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
