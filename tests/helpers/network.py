"""Stand-ins for a hospital network: an OS trust store, a TLS-inspecting proxy, dead ports.

The OS trust store on Linux is OpenSSL's: truststore calls
``ssl.get_default_verify_paths()`` (which honours ``SSL_CERT_FILE``) on every
connection, so pointing that variable at a bundle holding a private CA puts
the CA "in the system store" for this process only, without touching the
machine's own store. On Windows and macOS the same code asks the OS instead.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.helpers.tls import TestCa, trust_store

#: a name only the test proxy resolves: reaching it proves the request went through the proxy
SINHA_HOST = "sinha.test"


def use_os_trust_store(monkeypatch: pytest.MonkeyPatch, folder: Path, *cas: TestCa) -> Path:
    """Make ``cas`` the whole system trust store of this process (see the module docstring)."""
    store = trust_store(folder / "system-store.pem", *cas)
    monkeypatch.setenv("SSL_CERT_FILE", str(store))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    return store


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def unanswered_port() -> Iterator[int]:
    """A port whose listen queue is full: a connection attempt hangs until its timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = int(server.getsockname()[1])
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        yield port
    finally:
        for sock in (*fillers, server):
            sock.close()
