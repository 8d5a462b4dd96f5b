"""UTF-8 on the console streams: piped passwords with "ç"/"ã" are stored as typed, or refused.

Python on Windows gives a pipe the ANSI code page (cp1252 in Brazil); here the
streams are built with that encoding, as Windows would hand them over.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import keyring
import pytest

from anahp_desktop import translation
from anahp_desktop.cli import main as cli
from anahp_desktop.secrets import KEYRING_SERVICE
from tests.unit.test_secrets import DictKeyring


@pytest.fixture
def store() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    backend = DictKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def piped(data: bytes, encoding: str = "cp1252") -> io.TextIOWrapper:
    """A pipe as Python on Windows opens it: the ANSI code page, not UTF-8."""
    return io.TextIOWrapper(io.BytesIO(data), encoding=encoding)


@pytest.mark.parametrize(
    "data",
    [
        "senha-ção\n".encode(),  # PowerShell 7, or 5.1 with $OutputEncoding = UTF8 ...
        b"\xef\xbb\xbf" + "senha-ção\r\n".encode(),  # ... which writes a byte order mark
    ],
)
def test_a_piped_utf8_password_is_stored_as_typed(
    store: DictKeyring, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    monkeypatch.setattr("sys.stdin", piped(data))
    assert cli.main(["secrets", "set", "sinha-password"]) == 0
    assert store.store[(KEYRING_SERVICE, "sinha-password")] == "senha-ção"


def test_a_password_piped_in_another_code_page_is_refused_not_stored_wrongly(
    store: DictKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", piped("senha-ção\n".encode("cp850")))  # chcp 850
    assert cli.main(["secrets", "set", "sinha-password"]) == cli.EXIT_CONFIG
    assert "not UTF-8 text, so nothing was stored" in capsys.readouterr().err
    assert store.store == {}


def test_redirected_output_is_utf8(monkeypatch: pytest.MonkeyPatch, store: DictKeyring) -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="cp1252", write_through=True)
    monkeypatch.setattr("sys.stdout", out)
    try:
        assert cli.main(["--lang", "pt_BR", "secrets", "status"]) == 0
    finally:
        translation.install("en")  # main() switched this process's language
    out.flush()
    assert "sinha-password: não definido".encode() in raw.getvalue()
