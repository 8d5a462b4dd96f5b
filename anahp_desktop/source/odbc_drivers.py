"""Which installed ODBC driver talks to SQL Server, best first: one rule for the window and engine.

Every Windows has Microsoft's legacy ``SQL Server`` driver (from the Windows
2000 era): it returns ``datetime2`` and ``date`` columns as text, so the view
cannot be read with it, and the blame would land on the DBA's view. SQL
Server Native Client still reads the view but has been out of support since
2022. So the order is ODBC Driver 18, 17, any other "ODBC Driver N for SQL
Server" (newest first), FreeTDS, Native Client, and the legacy driver last,
with a sentence whenever the best one found is not a current driver.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from anahp_desktop.translation import _

ODBC_18 = "ODBC Driver 18 for SQL Server"
ODBC_17 = "ODBC Driver 17 for SQL Server"
LEGACY = "SQL Server"
_MICROSOFT = re.compile(r"^ODBC Driver (\d+(?:\.\d+)?) for SQL Server$", re.IGNORECASE)
_NATIVE_CLIENT = re.compile(r"^SQL (?:Server )?Native Client(?: (\d+(?:\.\d+)?))?$", re.IGNORECASE)


class DriverKind(IntEnum):
    """Driver families, in order of preference (lower is better)."""

    ODBC_18 = 0
    ODBC_17 = 1
    MICROSOFT_OTHER = 2
    FREETDS = 3
    NATIVE_CLIENT = 4
    LEGACY = 5


@dataclass(frozen=True)
class DriverChoice:
    """The driver to use (``name``; empty when none is usable) and what to tell the operator."""

    name: str
    installed: tuple[str, ...]  # the SQL Server drivers found, best first
    note: str = ""

    @property
    def usable(self) -> bool:
        return bool(self.name)


def kind(name: str) -> DriverKind | None:
    """The family of a driver name, or None for drivers of other databases."""
    if name == ODBC_18:
        return DriverKind.ODBC_18
    if name == ODBC_17:
        return DriverKind.ODBC_17
    if _MICROSOFT.match(name):
        return DriverKind.MICROSOFT_OTHER
    if "freetds" in name.lower():
        return DriverKind.FREETDS
    if _NATIVE_CLIENT.match(name):
        return DriverKind.NATIVE_CLIENT
    if name.lower() == LEGACY.lower():
        return DriverKind.LEGACY
    return None


def _version(name: str) -> float:
    match = _MICROSOFT.match(name) or _NATIVE_CLIENT.match(name)
    return float(match.group(1)) if match and match.group(1) else 0.0


def rank(available: Iterable[str]) -> list[str]:
    """The SQL Server drivers among ``available``, best first (other databases' are left out)."""
    found = {name for name in available if kind(name) is not None}
    return sorted(found, key=lambda name: (kind(name), -_version(name), name))


def legacy_driver_sentence() -> str:
    return _(
        "Windows' legacy ODBC driver \"SQL Server\" reads the view's datetime2 columns as "
        "text, so the view cannot be read with it: install Microsoft ODBC Driver 18 for SQL "
        "Server and choose it in the settings."
    )


def choose_driver(available: Iterable[str], current: str = "") -> DriverChoice:
    """The driver the settings window proposes and the engine uses when none is set.

    ``current`` is a driver already chosen in the settings: it is kept, with a
    sentence when it is the legacy driver or Native Client.
    """
    ranked = tuple(rank(available))
    if current:
        current_kind = kind(current)
        if current_kind is DriverKind.LEGACY:
            return DriverChoice(current, ranked, legacy_driver_sentence())
        if current_kind is DriverKind.NATIVE_CLIENT:
            return DriverChoice(current, ranked, _native_client_sentence(current))
        return DriverChoice(current, ranked)
    if not ranked:
        return DriverChoice(
            "",
            ranked,
            _(
                "No ODBC driver for SQL Server is installed: install Microsoft ODBC Driver 18 "
                "for SQL Server."
            ),
        )
    best = ranked[0]
    best_kind = kind(best)
    if best_kind is DriverKind.LEGACY:
        return DriverChoice(
            "",
            ranked,
            _(
                'Only Windows\' legacy ODBC driver "SQL Server" is installed: it reads the '
                "view's datetime2 columns as text, so the view cannot be read with it. Install "
                "Microsoft ODBC Driver 18 for SQL Server."
            ),
        )
    if best_kind is DriverKind.NATIVE_CLIENT:
        return DriverChoice(best, ranked, _native_client_sentence(best))
    return DriverChoice(best, ranked)


def _native_client_sentence(driver: str) -> str:
    return _(
        "{driver} is SQL Server Native Client, which Microsoft no longer supports: it works "
        "for now; install Microsoft ODBC Driver 18 for SQL Server."
    ).format(driver=driver)
