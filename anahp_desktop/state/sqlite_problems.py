"""A SQLite state file's own problems, each with its own sentence naming the file.

The generic database sentences (:mod:`anahp_desktop.db_errors`) are written for
servers: a read-only SQLite file there pointed at SQL Server grants, and a full
disk and a damaged file both read "the state store reported an error". A local
file's problems have local fixes, so they are told apart here, from the texts
SQLite itself gives (``sqlite3.OperationalError``/``DatabaseError`` messages are
SQLite's own ``sqlite3_errstr`` texts, the same on every platform).
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Engine

from anahp_desktop.errors import StateStoreError
from anahp_desktop.translation import _


class SqliteProblem(StrEnum):
    DISK_FULL = "disk_full"  # SQLITE_FULL
    CORRUPT = "corrupt"  # SQLITE_NOTADB, SQLITE_CORRUPT
    READ_ONLY = "read_only"  # SQLITE_READONLY
    CANNOT_OPEN = "cannot_open"  # SQLITE_CANTOPEN


#: SQLite's own texts (sqlite3_errstr), lower case, for each problem
TEXTS: tuple[tuple[SqliteProblem, tuple[str, ...]], ...] = (
    (SqliteProblem.DISK_FULL, ("database or disk is full",)),
    (SqliteProblem.CORRUPT, ("file is not a database", "database disk image is malformed")),
    (SqliteProblem.READ_ONLY, ("attempt to write a readonly database",)),
    (SqliteProblem.CANNOT_OPEN, ("unable to open database file",)),
)


def classify(exc: BaseException) -> SqliteProblem | None:
    texts: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(texts) < 8:
        texts.append(str(current).lower())
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    text = " ".join(texts)
    for problem, known in TEXTS:
        if any(fragment in text for fragment in known):
            return problem
    return None


def explain(problem: SqliteProblem, path: str) -> str:
    sentences = {
        SqliteProblem.DISK_FULL: _(
            "The disk that holds the state store {path} is full: free some space there; nothing "
            "was lost and the next run resumes."
        ),
        SqliteProblem.CORRUPT: _(
            "The state store file {path} is damaged (it is no longer a readable SQLite database): "
            "restore it from a backup, or move it away and confirm a fresh start with "
            "'anahp-sync state fresh-start'."
        ),
        SqliteProblem.READ_ONLY: _(
            "The state store file {path} is read-only for this account: let it write the file "
            "and its folder (SQLite writes its journal beside the file)."
        ),
        SqliteProblem.CANNOT_OPEN: _(
            "The state store file {path} cannot be opened: check that its folder exists and that "
            "this account may create and write files in it."
        ),
    }
    return sentences[problem].format(path=path)


def translate(exc: BaseException, engine: Engine) -> StateStoreError | None:
    """The sentence for a SQLite state file's own problem; None for anything else."""
    if engine.dialect.name != "sqlite":
        return None
    problem = classify(exc)
    if problem is None:
        return None
    return StateStoreError(explain(problem, engine.url.database or ""), problem.value)
