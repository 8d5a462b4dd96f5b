"""Every diagnostic record a real ODBC driver leaves after a failed connect.

pyodbc builds its error text from those records, differently per platform:
on Windows it joins all of them (``[state] text (native) (SQLDriverConnect);
[state] text (native); ...``), elsewhere it reads only the first (its
errors.cpp: some unixODBC drivers crashed on a second SQLGetDiagRec). The
operator's machine is mostly Windows, the tests run on Linux: this module
calls unixODBC directly (ctypes) to read all the records, so the classifier
is tested on both forms of the same real texts.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from dataclasses import dataclass

SQL_HANDLE_ENV, SQL_HANDLE_DBC = 1, 2
SQL_ATTR_ODBC_VERSION, SQL_OV_ODBC3 = 200, 3
SQL_ATTR_LOGIN_TIMEOUT = 103
SQL_DRIVER_NOPROMPT = 0
SQL_SUCCESS, SQL_SUCCESS_WITH_INFO = 0, 1


@dataclass(frozen=True)
class DiagRecord:
    state: str
    native: int
    text: str


def connect_diagnostics(connection_string: str, timeout_s: int) -> list[DiagRecord]:
    """Connect with the driver; the diagnostic records of the failure ([] if it connected)."""
    odbc = ctypes.CDLL(ctypes.util.find_library("odbc") or "libodbc.so.2")
    env, dbc = ctypes.c_void_p(), ctypes.c_void_p()
    odbc.SQLAllocHandle(SQL_HANDLE_ENV, None, ctypes.byref(env))
    odbc.SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, ctypes.c_void_p(SQL_OV_ODBC3), 0)
    odbc.SQLAllocHandle(SQL_HANDLE_DBC, env, ctypes.byref(dbc))
    try:
        odbc.SQLSetConnectAttr(dbc, SQL_ATTR_LOGIN_TIMEOUT, ctypes.c_void_p(timeout_s), 0)
        raw = connection_string.encode("utf-8")
        out = ctypes.create_string_buffer(2048)
        length = ctypes.c_short()
        result = odbc.SQLDriverConnect(
            dbc, None, raw, len(raw), out, len(out), ctypes.byref(length), SQL_DRIVER_NOPROMPT
        )
        if result in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
            odbc.SQLDisconnect(dbc)
            return []
        return _records(odbc, dbc)
    finally:
        odbc.SQLFreeHandle(SQL_HANDLE_DBC, dbc)
        odbc.SQLFreeHandle(SQL_HANDLE_ENV, env)


def _records(odbc: ctypes.CDLL, dbc: ctypes.c_void_p) -> list[DiagRecord]:
    records: list[DiagRecord] = []
    number = 1
    while True:
        state = ctypes.create_string_buffer(6)
        native = ctypes.c_int()
        text = ctypes.create_string_buffer(4096)
        length = ctypes.c_short()
        result = odbc.SQLGetDiagRec(
            SQL_HANDLE_DBC,
            dbc,
            number,
            state,
            ctypes.byref(native),
            text,
            len(text),
            ctypes.byref(length),
        )
        if result not in (SQL_SUCCESS, SQL_SUCCESS_WITH_INFO):
            return records
        records.append(
            DiagRecord(state.value.decode(), native.value, text.value.decode("utf-8", "replace"))
        )
        number += 1


def pyodbc_text(records: list[DiagRecord], *, windows: bool) -> str:
    """The message pyodbc raises from these records (errors.cpp's format)."""
    if not records:
        return ""
    first = records[0]
    text = f"[{first.state}] {first.text} ({first.native}) (SQLDriverConnect)"
    if windows:
        text += "".join(f"; [{r.state}] {r.text} ({r.native})" for r in records[1:])
    return text
