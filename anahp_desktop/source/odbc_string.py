"""Writing ODBC connection strings that every driver reads back exactly.

An ODBC connection string is ``KEY=value;KEY=value``. A value containing
``;``, ``{``, ``}`` or ``=``, or with spaces at either end, must be wrapped in
braces. The two driver families disagree on what happens inside braces:

* Microsoft's ODBC Driver 17/18 follow the ODBC rule: a ``}`` inside braces
  is written twice (``{a}}b}`` is ``a}b``).
* FreeTDS (checked on 1.3) takes everything up to the first ``}`` that is
  followed by ``;`` and does not undouble ``}}``. So ``}`` is written once,
  and a value containing ``};`` cannot be written at all; a braced value must
  also never be the last one in the string.

``tests/integration/test_freetds_driver.py`` sends passwords through the real
FreeTDS driver to a fake server and reads them back from the login packet.
"""

from __future__ import annotations

from collections.abc import Sequence

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

_SPECIAL = frozenset(";{}=")


def needs_braces(value: str) -> bool:
    return not value or value != value.strip() or any(ch in _SPECIAL for ch in value)


def quote_value(value: str, *, freetds: bool = False, braces: bool = False) -> str:
    """``value`` as the driver must read it, braced when it has to be (or ``braces``)."""
    if not braces and not needs_braces(value):
        return value
    if freetds:
        if "};" in value:
            # FreeTDS would end the value at that brace: there is no way to write it
            raise ConfigurationError(
                _(
                    "FreeTDS cannot take a value that contains '}' followed by ';' (for "
                    "example in the password): change it, or use the Microsoft ODBC Driver "
                    "for SQL Server."
                )
            )
        return "{" + value + "}"
    return "{" + value.replace("}", "}}") + "}"


#: keys whose value is braced by convention even when it need not be
ALWAYS_BRACED = frozenset({"DRIVER"})


def render(pairs: Sequence[tuple[str, str]], *, freetds: bool = False) -> str:
    """``KEY=value;...`` with each value quoted for the driver family."""
    if freetds and pairs and (needs_braces(pairs[-1][1]) or pairs[-1][0] in ALWAYS_BRACED):
        raise ValueError("FreeTDS reads the closing brace of a last braced value as data")
    return ";".join(
        f"{key}={quote_value(value, freetds=freetds, braces=key in ALWAYS_BRACED)}"
        for key, value in pairs
    )


def parse(text: str, *, freetds: bool = False) -> list[tuple[str, str]]:
    """Read a connection string the way the driver family does (for tests and checks)."""
    pairs: list[tuple[str, str]] = []
    position = 0
    while position < len(text):
        if text[position] == ";":
            position += 1
            continue
        equals = text.index("=", position)
        key = text[position:equals].strip()
        position = equals + 1
        if position < len(text) and text[position] == "{":
            value, position = _braced(text, position + 1, freetds=freetds)
        else:
            end = text.find(";", position)
            end = len(text) if end < 0 else end
            value, position = text[position:end], end
        pairs.append((key, value))
    return pairs


def _braced(text: str, start: int, *, freetds: bool) -> tuple[str, int]:
    if freetds:
        end = text.find("};", start)
        if end < 0:
            return text[start:], len(text)  # FreeTDS keeps the last brace as data
        return text[start:end], end + 1
    value: list[str] = []
    position = start
    while position < len(text):
        ch = text[position]
        if ch == "}":
            if text[position + 1 : position + 2] == "}":
                value.append("}")
                position += 2
                continue
            return "".join(value), position + 1
        value.append(ch)
        position += 1
    raise ValueError("unterminated braced value")
