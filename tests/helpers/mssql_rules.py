"""What a statement must look like to run on SQL Server, checked on its compiled form.

``problems(statement, rows)`` compiles a SQLAlchemy statement with the
``mssql+pyodbc`` dialect -- the one production uses -- and lists everything
SQL Server would reject or get wrong: syntax it lacks (``LIMIT``, ``ILIKE``,
``RETURNING``, boolean literals...), ``OFFSET`` paging, a ``GROUP BY`` holding a
parameter (error 8120), an unquoted reserved word, and parameters bound with the wrong type (a datetime that is not
``DATETIME2`` is compared at the wrong precision; text that is not
``NVARCHAR`` loses every character outside the server's code page, since
pyodbc gets ``SQL_VARCHAR`` for it through ``setinputsizes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.dialects import mssql
from sqlalchemy.dialects.mssql import pyodbc as mssql_pyodbc
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.elements import BindParameter


def _sql_server_2019() -> Any:
    """The dialect as it is once connected to SQL Server 2019 (pyodbc's qmark style)."""
    dialect: Any = mssql_pyodbc.dialect(paramstyle="qmark")
    dialect.server_version_info = (15, 0, 2000, 5)
    dialect._setup_version_attributes()
    dialect._supports_nvarchar_max = True
    return dialect


DIALECT = _sql_server_2019()

#: Transact-SQL reserved keywords (learn.microsoft.com, "Reserved Keywords (Transact-SQL)")
TSQL_RESERVED = frozenset(
    """
    ADD ALL ALTER AND ANY AS ASC AUTHORIZATION BACKUP BEGIN BETWEEN BREAK BROWSE BULK BY
    CASCADE CASE CHECK CHECKPOINT CLOSE CLUSTERED COALESCE COLLATE COLUMN COMMIT COMPUTE
    CONSTRAINT CONTAINS CONTAINSTABLE CONTINUE CONVERT CREATE CROSS CURRENT CURRENT_DATE
    CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURSOR DATABASE DBCC DEALLOCATE DECLARE
    DEFAULT DELETE DENY DESC DISK DISTINCT DISTRIBUTED DOUBLE DROP DUMP ELSE END ERRLVL
    ESCAPE EXCEPT EXEC EXECUTE EXISTS EXIT EXTERNAL FETCH FILE FILLFACTOR FOR FOREIGN
    FREETEXT FREETEXTTABLE FROM FULL FUNCTION GOTO GRANT GROUP HAVING HOLDLOCK IDENTITY
    IDENTITY_INSERT IDENTITYCOL IF IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY KILL
    LEFT LIKE LINENO LOAD MERGE NATIONAL NOCHECK NONCLUSTERED NOT NULL NULLIF OF OFF OFFSETS
    ON OPEN OPENDATASOURCE OPENQUERY OPENROWSET OPENXML OPTION OR ORDER OUTER OVER PERCENT
    PIVOT PLAN PRECISION PRIMARY PRINT PROC PROCEDURE PUBLIC RAISERROR READ READTEXT
    RECONFIGURE REFERENCES REPLICATION RESTORE RESTRICT RETURN REVERT REVOKE RIGHT ROLLBACK
    ROWCOUNT ROWGUIDCOL RULE SAVE SCHEMA SECURITYAUDIT SELECT SEMANTICKEYPHRASETABLE
    SEMANTICSIMILARITYDETAILSTABLE SEMANTICSIMILARITYTABLE SESSION_USER SET SETUSER SHUTDOWN
    SOME STATISTICS SYSTEM_USER TABLE TABLESAMPLE TEXTSIZE THEN TO TOP TRAN TRANSACTION
    TRIGGER TRUNCATE TRY_CONVERT TSEQUAL UNION UNIQUE UNPIVOT UPDATE UPDATETEXT USE USER
    VALUES VARYING VIEW WAITFOR WHEN WHERE WHILE WITH WRITETEXT
    """.split()  # noqa: SIM905 (a list read like the documentation's)
)

#: syntax other databases have and SQL Server does not (or must never see from us)
FORBIDDEN = (
    (r"\bLIMIT\b", "LIMIT (SQL Server pages with TOP or OFFSET ... FETCH)"),
    (r"\bOFFSET\b|\bROW_NUMBER\(\) OVER", "OFFSET paging (the engine pages by keyset)"),
    (r"\bILIKE\b", "ILIKE"),
    (r"\bRETURNING\b", "RETURNING"),
    (r"\bNULLS (FIRST|LAST)\b", "NULLS FIRST/LAST"),
    (r"\|\|", "|| concatenation"),
    (r"::", ":: casts"),
    (r"\b(?<!')(true|false)\b(?!')", "boolean literals"),
    (r"\bON CONFLICT\b|\bINSERT OR\b|\bUPSERT\b", "upserts of other databases"),
    (r"\bGLOB\b|\bAUTOINCREMENT\b|\bPRAGMA\b", "SQLite syntax"),
    (r"\bNTEXT\b|\bTEXT\b(?! *\()", "TEXT/NTEXT (deprecated; NVARCHAR(max))"),
    (r"\bBOOLEAN\b", "BOOLEAN (SQL Server has BIT)"),
)


def compile_mssql(statement: ClauseElement, column_keys: Sequence[str] | None = None) -> Any:
    return statement.compile(dialect=DIALECT, column_keys=list(column_keys or []) or None)


def problems(
    statement: ClauseElement,
    rows: Sequence[Mapping[str, Any]] = (),
    *,
    reserved_columns: Iterable[str] = (),
) -> list[str]:
    """Everything wrong with ``statement`` on SQL Server ([] when nothing is)."""
    keys = sorted({key for row in rows for key in row}) if rows else None
    compiled = compile_mssql(statement, keys)
    sql = " ".join(str(compiled).split())
    found: list[str] = []
    for pattern, name in FORBIDDEN:
        if re.search(pattern, sql, flags=re.IGNORECASE):
            found.append(f"{name}: {sql}")
    for clause in group_by_clauses(sql):
        if "?" in clause:
            found.append(
                "GROUP BY with a bound parameter (SQL Server error 8120: the SELECT and "
                f"GROUP BY copies get different parameters): {sql}"
            )
    if getattr(statement, "_limit_clause", None) is not None and not re.search(
        r"\bTOP\b|\bFETCH (FIRST|NEXT)\b", sql
    ):
        found.append(f"a limit that is neither TOP nor FETCH: {sql}")
    for name in reserved_columns:
        if re.search(rf"(?<![\[\w]){re.escape(name)}(?![\w\]])", sql):
            found.append(f"reserved word {name} not quoted as [{name}]: {sql}")
    values: dict[str, list[Any]] = {}
    for key, bind in compiled.binds.items():
        values.setdefault(key, []).append(bind.value)
    for row in rows:
        for key, value in row.items():
            values.setdefault(key, []).append(value)
    for key, bind in compiled.binds.items():
        for value in values.get(key, []):
            found += _bind_problems(bind, value, sql)
    return found


def group_by_clauses(sql: str) -> list[str]:
    """The text of each GROUP BY clause, up to HAVING/ORDER BY or the end of its parenthesis."""
    clauses: list[str] = []
    for match in re.finditer(r"\bGROUP BY\b", sql, flags=re.IGNORECASE):
        depth = 0
        end = len(sql)
        for index in range(match.end(), len(sql)):
            ch = sql[index]
            depth += ch == "("
            depth -= ch == ")"
            if depth < 0 or re.match(r"\s(HAVING|ORDER BY|UNION)\b", sql[index:], re.IGNORECASE):
                end = index
                break
        clauses.append(sql[match.end() : end])
    return clauses


def _bind_problems(bind: BindParameter[Any], value: Any, sql: str) -> list[str]:
    items = value if isinstance(value, list | tuple) and bind.expanding else [value]
    impl = bind.type.dialect_impl(DIALECT)
    kind = bind.type.compile(dialect=DIALECT) if not _is_null_type(bind) else "NULL TYPE"
    out: list[str] = []
    for item in items:
        if getattr(bind.type, "exact_text", False) and "CONVERT(DATETIME2(7), ?, 121)" in sql:
            continue  # sent as text, converted by the server (anahp_desktop/state/timestamps.py)
        if isinstance(item, datetime) and not isinstance(impl, mssql.DATETIME2):
            out.append(f"datetime parameter {bind.key} bound as {kind}, not DATETIME2: {sql}")
        elif isinstance(item, date) and not isinstance(item, datetime):
            if not isinstance(impl, mssql.DATE):
                out.append(f"date parameter {bind.key} bound as {kind}: {sql}")
        elif isinstance(item, str) and not kind.startswith(("NVARCHAR", "NCHAR")):
            out.append(f"text parameter {bind.key} bound as {kind}, not NVARCHAR: {sql}")
    return out


def _is_null_type(bind: BindParameter[Any]) -> bool:
    return bind.type._isnull
