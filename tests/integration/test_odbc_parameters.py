"""How a timestamp parameter reaches SQL Server through the real drivers.

The TDS stand-in (tests/helpers/tds_server.py, mode "accept") logs FreeTDS and
Microsoft ODBC Driver 18 in and decodes the RPC each sends for a statement with
parameters (tests/helpers/tds_rpc.py). A plain ``datetime`` parameter travels as
``datetime2`` with the fraction pyodbc decided from the server's type
information -- here the stand-in gives none, and the microseconds are lost --
and ``setinputsizes`` does not change that. The state store's timestamps
(anahp_desktop/state/timestamps.py) travel as style-121 text inside
``CONVERT(DATETIME2(7), ?, 121)`` and arrive with every digit.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

import pyodbc
import pytest
from sqlalchemy import update

from anahp_desktop.state.schema import batches
from anahp_desktop.state.timestamps import ExactTimestamp
from tests.helpers.mssql_rules import DIALECT
from tests.helpers.tds_rpc import Request
from tests.helpers.tds_server import FakeTdsServer

pytestmark = pytest.mark.freetds

MOMENT = datetime(2026, 10, 1, 8, 0, 0, 123456)
CONNECT = {
    "FreeTDS": "DRIVER={{FreeTDS}};SERVER=127.0.0.1;PORT={port};UID=u;PWD=p;"
    "TDS_Version=7.4;ClientCharset=UTF-8;Encryption=request",
    "ODBC Driver 18 for SQL Server": "DRIVER={{ODBC Driver 18 for SQL Server}};"
    "SERVER=127.0.0.1,{port};UID=u;PWD=p;Encrypt=no",
}


@pytest.fixture(params=sorted(CONNECT), ids=["freetds", "msodbc18"])
def driver(request: pytest.FixtureRequest) -> str:
    name = str(request.param)
    if name not in pyodbc.drivers():
        message = f"the ODBC driver {name!r} is not registered (scripts/test registers both)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return name


def sent(driver: str, sql: str, params: list[Any], sizes: list[Any] | None = None) -> Request:
    """The request the driver sent for ``sql`` (the stand-in refuses it afterwards)."""
    with FakeTdsServer("accept") as server:
        connection = pyodbc.connect(
            CONNECT[driver].format(port=server.port), timeout=5, autocommit=True
        )
        try:
            cursor = connection.cursor()
            if sizes:
                cursor.setinputsizes(sizes)
            with pytest.raises(pyodbc.Error, match="stand-in reads parameters"):
                cursor.execute(sql, *params)
        finally:
            connection.close()
    found: list[Request] = [
        r for r in server.seen.requests if "SELECT ?" in r.text or "@P" in r.text
    ]
    (request,) = found
    return request


def test_a_plain_datetime_parameter_loses_its_microseconds_even_with_setinputsizes(
    driver: str,
) -> None:
    for sizes in (None, [(pyodbc.SQL_TYPE_TIMESTAMP, 27, 7)]):
        request = sent(driver, "SELECT ?", [MOMENT], sizes)
        (parameter,) = request.timestamps()
        assert parameter.type_name == "datetime2"
        assert parameter.value != MOMENT and parameter.value == MOMENT.replace(microsecond=0)


def test_the_state_stores_timestamps_arrive_with_every_digit(driver: str) -> None:
    statement = (
        update(batches)
        .where(batches.c.id_lote == "lote-1")
        .values(updated_at=MOMENT, delivered_at=MOMENT)
    )
    compiled = statement.compile(dialect=DIALECT)
    values = compiled.construct_params()
    processors: Any = compiled._bind_processors  # what SQLAlchemy applies itself
    params = [
        processors[key](values[key]) if key in processors else values[key]
        for key in compiled.positiontup or ()
    ]
    request = sent(driver, str(compiled), params)
    assert "CONVERT(DATETIME2(7), @P1, 121)" in request.text
    texts = [p.value for p in request.parameters if p.value == "2026-10-01 08:00:00.1234560"]
    assert len(texts) == 2 and not request.timestamps()
    assert ExactTimestamp(7).process_bind_param(MOMENT, DIALECT) == texts[0]
