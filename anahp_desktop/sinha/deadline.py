"""An overall deadline for each request to SINHA: connecting, sending, headers and body.

httpx's timeouts bound each socket operation, not the exchange: a server that
sends one byte every two seconds (of its headers or of its body) never trips a
five-second read timeout, and held a run -- and the sync lock -- for as long
as it liked. Here every socket operation of a request is given at most the
time left until the request's deadline, so a request ends, whatever the
server does, by then (DNS resolution excepted: the system resolver has its
own timeouts).

How: httpcore, under httpx, reads and writes through a *network backend*; the
one installed by :func:`enforce_on` wraps the transport's own backend and
clamps each operation's timeout to the deadline that :func:`within` sets for
the current thread. A deadline that has passed surfaces as httpx's own
``ReadTimeout``/``WriteTimeout``/``ConnectTimeout``, which the client already
treats as "no answer"; :func:`passed` tells the two apart.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

#: the deadline (time.monotonic()) of the request this thread is making, if any
_DEADLINE: ContextVar[float | None] = ContextVar("sinha_request_deadline", default=None)
#: the largest piece written in one socket call, so a slow reader cannot stretch a write
WRITE_PIECE = 64 * 1024


@contextmanager
def within(deadline: float) -> Iterator[None]:
    """Requests made by this thread inside the block end by ``deadline`` (time.monotonic())."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def passed(deadline: float) -> bool:
    return time.monotonic() >= deadline


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of the current deadline; raises once it passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request's overall deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        for start in range(0, len(buffer), WRITE_PIECE):
            piece = buffer[start : start + WRITE_PIECE]
            self._inner.write(piece, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout)
        )
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Opens connections through ``inner``, each a :class:`DeadlineStream`."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self.inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_tcp(
            host, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return DeadlineStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self.inner.connect_unix_socket(
            path, _left(timeout, httpcore.ConnectTimeout), socket_options
        )
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


def enforce_on(client: httpx.Client) -> int:
    """Install deadlines on every transport of ``client`` that talks to sockets.

    Returns how many transports got them (0 for an injected mock transport,
    which has no socket). httpx exposes no public hook for a network backend,
    so this reaches into ``HTTPTransport``'s connection pool; a test over real
    HTTP (tests/unit/sinha/test_deadline.py) fails if a new httpx moves it.
    """
    transports: list[Any] = [getattr(client, "_transport", None)]
    transports += list(getattr(client, "_mounts", {}).values())
    installed = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            continue
        if not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
        installed += 1
    return installed
