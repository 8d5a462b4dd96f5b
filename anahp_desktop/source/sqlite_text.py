"""How text from a SQLite view is decoded: strict first, lenient for a page that needs it.

A row whose text is not UTF-8 must become a rejected record (``invalid_unicode``),
not a failed read, so every source connection decodes with :data:`LENIENT_TEXT`,
which keeps undecodable bytes as lone surrogates for the validator to find. That
factory is a Python call for every text value: on the reader's page query it was
a third of reading a row (1.1-1.6 us of 3-4 us, docs/performance.md). The page
read therefore decodes with ``str`` -- C's own decoding -- and reads a page again
with the lenient factory only when sqlite3 reports text it cannot decode.
"""

from __future__ import annotations

import operator
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: bytes -> str keeping undecodable bytes as lone surrogates (a C callable: it runs per value)
LENIENT_TEXT = operator.methodcaller("decode", "utf-8", "surrogateescape")

#: how CPython's sqlite3 starts the OperationalError it raises when ``str`` decoding
#: fails ("Could not decode to UTF-8 column 'x' with text '...'", Modules/_sqlite/cursor.c)
UNDECODABLE = "Could not decode to UTF-8"


def undecodable_text(exc: BaseException) -> bool:
    """``exc`` (sqlite3's own, or SQLAlchemy's wrapping of it) is text that is not UTF-8."""
    original = getattr(exc, "orig", exc)
    return isinstance(original, sqlite3.OperationalError) and str(original).startswith(UNDECODABLE)


@contextmanager
def strict_text(driver_connection: Any) -> Iterator[None]:
    """Decode with ``str`` inside the block; the connection's own factory again after it."""
    own: Callable[[bytes], Any] = driver_connection.text_factory
    driver_connection.text_factory = str
    try:
        yield
    finally:
        driver_connection.text_factory = own
