"""A forwarding HTTP proxy on 127.0.0.1, as hospitals run them, for network tests.

It understands ``CONNECT host:port`` (tunnels for https://) and absolute-form
requests (``GET http://host/...`` for plain http://). Optional behaviours,
each one a way real proxies behave:

- ``credentials``: demand ``Proxy-Authorization: Basic`` (407 otherwise);
- ``refuse_connect``: answer CONNECT with 403 (a proxy policy blocking a site);
- ``reissue``: terminate TLS itself with a certificate for the requested host
  signed by the proxy's own CA, as TLS-inspecting proxies do, and speak plain
  TCP to the origin (the SINHA emulator on http://127.0.0.1);
- ``hosts``: names only the proxy can resolve (``sinha.test`` -> 127.0.0.1), so
  a request that reaches the origin proves it went through the proxy.

Every request line it received is kept in ``seen`` with whether it carried the
right credentials.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import socketserver
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Seen:
    method: str
    target: str
    authorized: bool


@dataclass
class ProxyBehaviour:
    credentials: tuple[str, str] | None = None
    refuse_connect: bool = False
    hosts: Mapping[str, str] = field(default_factory=dict)
    #: host name -> server-side SSL context presenting a certificate for that host
    reissue: Callable[[str], ssl.SSLContext] | None = None


class ForwardingProxy:
    def __init__(self, behaviour: ProxyBehaviour | None = None) -> None:
        self.behaviour = behaviour or ProxyBehaviour()
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                proxy._handle(self.connection, self.rfile)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request: object, client_address: object) -> None:
                return  # a client that hangs up mid-tunnel is normal here

        self._server = Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ForwardingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    # -- one client connection ----------------------------------------------------------

    def _handle(self, client: socket.socket, rfile: object) -> None:
        reader = rfile  # a buffered reader over the client socket
        request_line = reader.readline(65536).decode("latin-1").strip()  # type: ignore[attr-defined]
        if not request_line:
            return
        headers = _read_headers(reader)
        method, target, _version = request_line.split(" ", 2)
        authorized = self._authorized(headers)
        with self._lock:
            self.seen.append(Seen(method, target, authorized))
        if self.behaviour.credentials is not None and not authorized:
            client.sendall(
                b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                b'Proxy-Authenticate: Basic realm="hospital"\r\n'
                b"Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        if method == "CONNECT":
            self._connect(client, target)
        else:
            self._forward(client, reader, method, target, headers)

    def _authorized(self, headers: dict[str, str]) -> bool:
        expected = self.behaviour.credentials
        if expected is None:
            return True
        token = base64.b64encode(f"{expected[0]}:{expected[1]}".encode()).decode()
        return headers.get("proxy-authorization", "") == f"Basic {token}"

    def _origin(self, host: str, port: int) -> socket.socket:
        address = self.behaviour.hosts.get(host, host)
        return socket.create_connection((address, port), timeout=10)

    def _connect(self, client: socket.socket, target: str) -> None:
        host, _, port = target.rpartition(":")
        if self.behaviour.refuse_connect:
            client.sendall(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        try:
            upstream = self._origin(host, int(port))
        except OSError:
            client.sendall(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        downstream: socket.socket = client
        if self.behaviour.reissue is not None:
            try:
                downstream = self.behaviour.reissue(host).wrap_socket(client, server_side=True)
            except (ssl.SSLError, OSError):
                upstream.close()
                return  # the client refused our certificate
        _pump(downstream, upstream)

    def _forward(
        self,
        client: socket.socket,
        reader: object,
        method: str,
        target: str,
        headers: dict[str, str],
    ) -> None:
        parts = urlsplit(target)
        body = reader.read(int(headers.get("content-length", "0") or 0))  # type: ignore[attr-defined]
        try:
            upstream = self._origin(parts.hostname or "", parts.port or 80)
        except OSError:
            client.sendall(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            return
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        kept = {k: v for k, v in headers.items() if not k.startswith("proxy-")}
        kept["connection"] = "close"
        head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in kept.items())
        upstream.sendall(head.encode("latin-1") + b"\r\n" + body)
        with upstream:
            while chunk := upstream.recv(65536):
                client.sendall(chunk)


def _read_headers(reader: object) -> dict[str, str]:
    headers: dict[str, str] = {}
    while True:
        line = reader.readline(65536).decode("latin-1")  # type: ignore[attr-defined]
        if line in ("\r\n", "\n", ""):
            return headers
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()


def _pump(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes."""

    def copy(src: socket.socket, dst: socket.socket) -> None:
        try:
            while chunk := src.recv(65536):
                dst.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    other = threading.Thread(target=copy, args=(b, a), daemon=True)
    other.start()
    copy(a, b)
    other.join(10)
    b.close()
    if isinstance(a, ssl.SSLSocket):
        a.close()  # our TLS layer over the client's socket (the handler closes the plain one)
