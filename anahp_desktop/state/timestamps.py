"""State-store timestamps that reach SQL Server with every digit, whatever the driver.

pyodbc sends a Python ``datetime`` parameter with as many fraction digits as it
learnt from the driver at connect time (``SQLGetTypeInfo(SQL_TYPE_TIMESTAMP)``,
answered by the server's ``sp_datatype_info_100``): the first type listed decides,
and ``setinputsizes`` does not change it. Proven against both real drivers in
tests/integration/test_odbc_parameters.py: a timestamp with microseconds can
arrive as ``datetime2`` cut to the second or the millisecond. Record keys
(``sinha_batch_records.updated_at``) cut that way never match the view's
versions again, and every record in the lookback window is batched a second
time.

So on SQL Server a state timestamp is sent as text in style 121 and converted
by the server, ``CONVERT(DATETIME2(7), ?, 121)`` -- exactly what the view's
reader does (see source/view_sql.py): the driver's idea of timestamps plays no
part. Other databases get the ``datetime`` itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.expression import ColumnClause
from sqlalchemy.types import TypeEngine


class ExactTimestamp(TypeDecorator[datetime]):
    """``DATETIME2(precision)`` on SQL Server, bound as text through CONVERT; DateTime elsewhere."""

    impl = DateTime
    cache_ok = True
    #: read by tests/helpers/mssql_rules.py: a datetime parameter of this type travels as text
    exact_text = True

    def __init__(self, precision: int) -> None:
        super().__init__()
        self.precision = precision

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "mssql":
            from sqlalchemy.dialects import mssql  # loaded already: the dialect in use

            return dialect.type_descriptor(mssql.DATETIME2(precision=self.precision))  # type: ignore[no-untyped-call]
        return dialect.type_descriptor(DateTime())

    def bind_expression(self, bindvalue: Any) -> ColumnElement[Any]:
        return _ExactParameter(bindvalue)

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if dialect.name == "mssql" and isinstance(value, datetime):
            return style_121(value)
        return value


def style_121(value: datetime) -> str:
    """``yyyy-mm-dd hh:mi:ss.fffffff``: SQL Server's style 121 of a DATETIME2(7)."""
    return value.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f") + "0"


class _ExactParameter(ColumnClause[Any]):
    """The bind parameter, wrapped in CONVERT(DATETIME2(7), ..., 121) on SQL Server only."""

    inherit_cache = True

    def __init__(self, bindvalue: Any) -> None:
        super().__init__("exact_parameter", type_=bindvalue.type)
        self.bindvalue = bindvalue


@compiles(_ExactParameter)
def _plain(element: _ExactParameter, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.bindvalue, **kw))


@compiles(_ExactParameter, "mssql")
def _converted(element: _ExactParameter, compiler: Any, **kw: Any) -> str:
    return f"CONVERT(DATETIME2(7), {compiler.process(element.bindvalue, **kw)}, 121)"
