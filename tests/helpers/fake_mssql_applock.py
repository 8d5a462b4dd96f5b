"""SQL Server's application locks for the stand-in (tests/helpers/fake_mssql.py).

What the sync lock sends, answered as SQL Server documents it
(learn.microsoft.com: sp_getapplock, sp_releaseapplock, APPLOCK_MODE,
APPLOCK_TEST): a lock belongs to a session (``@LockOwner = 'Session'``) and
is identified by principal and resource (binary-compared); a session may take
its own lock again and must release it as many times; a lock another session
holds is refused at once with -1 under ``@LockTimeout = 0``; a session's
locks end with it (closing the connection, or :meth:`AppLocks.kill` as a DBA's
``KILL`` or a dropped network would). Asked without ``SET NOCOUNT ON`` first,
the procedure's row counts would come ahead of the SELECT: the stand-in
refuses such a batch rather than guess what pyodbc would make of it.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pyodbc

Reply = tuple[list[str], list[tuple[Any, ...]]]

_ARGUMENT = re.compile(r"@(\w+) = (?:'([^']*)'|(\?)|(-?\d+))")


class AppLocks:
    """Every application lock of the server: (principal, resource) -> (session, count)."""

    def __init__(self) -> None:
        self.held: dict[tuple[str, str], tuple[int, int]] = {}
        self.killed: set[int] = set()
        self.calls: list[tuple[int, str, int | str]] = []  # (session, what, answer)
        self._mutex = threading.Lock()

    def kill(self, session: int) -> None:
        """The session ends on the server: its locks go, its connection fails from now on."""
        with self._mutex:
            self.killed.add(session)
            self._drop(session)

    def end_session(self, session: int) -> None:
        with self._mutex:
            self._drop(session)

    def answer(self, session: int, sql: str, params: tuple[Any, ...]) -> Reply | None:
        """The reply to an application-lock statement, or None for any other statement."""
        text = " ".join(sql.split())
        if "applock" not in text.lower():
            return None
        with self._mutex:
            if session in self.killed:
                raise pyodbc.OperationalError("08S01", "stand-in: the session was killed")
            values = list(params)
            if "sp_getapplock" in text:
                return self._get(session, text, values)
            if "sp_releaseapplock" in text:
                return self._release(session, text, values)
            if text.startswith("SELECT APPLOCK_MODE('public', ?, 'Session')"):
                owner = self.held.get(("public", values[0]))
                mode = "Exclusive" if owner and owner[0] == session else "NoLock"
                return self._log(session, "APPLOCK_MODE", ["mode"], mode)
            if text.startswith("SELECT APPLOCK_TEST('public', ?, 'Exclusive', 'Session')"):
                owner = self.held.get(("public", values[0]))
                grantable = 1 if owner is None or owner[0] == session else 0
                return self._log(session, "APPLOCK_TEST", ["grantable"], grantable)
        raise AssertionError(f"the stand-in does not know this application-lock call: {text}")

    def _get(self, session: int, text: str, values: list[Any]) -> Reply:
        args = self._arguments(text, values, "sp_getapplock")
        assert args.get("LockMode") == "Exclusive", text
        assert args.get("LockOwner") == "Session", "a Transaction-owned lock needs a transaction"
        assert args.get("LockTimeout") == 0, "the sync never waits for the lock"
        key = (str(args.get("DbPrincipal", "public")), str(args["Resource"]))
        owner = self.held.get(key)
        if owner is not None and owner[0] != session:
            return self._log(session, "sp_getapplock", ["result"], -1)
        self.held[key] = (session, (owner[1] if owner else 0) + 1)
        return self._log(session, "sp_getapplock", ["result"], 0)

    def _release(self, session: int, text: str, values: list[Any]) -> Reply:
        args = self._arguments(text, values, "sp_releaseapplock")
        assert args.get("LockOwner") == "Session", text
        key = (str(args.get("DbPrincipal", "public")), str(args["Resource"]))
        owner = self.held.get(key)
        if owner is None or owner[0] != session:
            raise pyodbc.ProgrammingError(
                "42000", f"stand-in: application lock {key[1]!r} is not held by this session"
            )
        if owner[1] > 1:
            self.held[key] = (session, owner[1] - 1)
        else:
            del self.held[key]
        return self._log(session, "sp_releaseapplock", ["result"], 0)

    @staticmethod
    def _arguments(text: str, values: list[Any], procedure: str) -> dict[str, Any]:
        assert text.startswith("SET NOCOUNT ON;"), f"{procedure} without SET NOCOUNT ON: {text}"
        assert text.endswith("SELECT @result AS result"), text
        args: dict[str, Any] = {}
        for name, literal, placeholder, number in _ARGUMENT.findall(text.split(procedure, 1)[1]):
            if placeholder:
                args[name] = values.pop(0)
            elif number:
                args[name] = int(number)
            else:
                args[name] = literal
        return args

    def _log(self, session: int, what: str, columns: list[str], value: int | str) -> Reply:
        self.calls.append((session, what, value))
        return columns, [(value,)]

    def _drop(self, session: int) -> None:
        for key in [k for k, (owner, _n) in self.held.items() if owner == session]:
            del self.held[key]
