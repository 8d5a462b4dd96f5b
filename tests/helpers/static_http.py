"""A tiny HTTP server on 127.0.0.1 that serves fixed bodies and records what was posted."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class StaticServer:
    port: int
    #: path -> (status, content type, body) for GET; POSTs answer ``post_status``
    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    post_status: int = 200
    posts: list[Received] = field(default_factory=list)

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def static_server() -> Iterator[StaticServer]:
    state = StaticServer(0)

    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            status, kind, body = state.pages.get(self.path, (404, "text/plain", b"not found"))
            self._answer(status, kind, body)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.posts.append(Received(self.path, dict(self.headers.items()), body))
            self._answer(state.post_status, "text/plain", b"ok")

        def _answer(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
