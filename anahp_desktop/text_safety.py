"""Text from outside the app, made safe to show or to hand to a spreadsheet.

Two kinds of text can do harm by being displayed:

- **Control and format characters** in what SINHA sends back (a rejection's
  message, a field name): ANSI escapes recolour or rewrite a terminal, a newline
  forges a second log line, U+202E reverses what follows. :func:`escape_controls`
  turns each into its visible escape (``\\x1b``, ``\\n``, ``\\u202e``).
- **Formulas** in a cell of an exported file: a value starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return is run by Excel or LibreOffice
  (``=HYPERLINK(...)`` in an operator's name). :func:`spreadsheet_cell` makes it
  text with a leading apostrophe, as OWASP's "CSV injection" guidance says.
"""

from __future__ import annotations

import re

#: C0/C1 controls (Cc), line and paragraph separators (Zl, Zp), and the format
#: characters (Cf) that reorder or hide text: bidi controls, zero-width ones, the BOM
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_controls(text: str) -> str:
    """``text`` with every control, separator and format character as a visible escape."""
    return UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def spreadsheet_cell(value: object) -> object:
    """A cell value a spreadsheet will not run: text that looks like a formula gets a ``'``.

    Numbers and dates pass unchanged (a negative number is not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
