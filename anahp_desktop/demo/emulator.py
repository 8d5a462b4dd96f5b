"""A SINHA emulator: a real HTTP server on 127.0.0.1 implementing the contract.

It keeps what it received (to prove nothing was lost or counted twice) and
injects faults on demand: latency, 5xx bursts, 429 with ``Retry-After``,
responses lost after the batch was stored, connections reset mid-body, slow
answers beyond the client's timeout, 401 after N requests, 413 above a size,
malformed JSON in a 200, and per-record 422s. Faults are random with a seed,
or scripted one request at a time for exact tests. Test-only endpoints under
``/_emulator/`` read and change its state; they need no password and the
server only listens on loopback.

A *hostile* SINHA is scripted the same way (docs/reliability.md, "hostile
server"): receipts that name another batch or count other records (for POSTs,
and for lookups through ``lookup_script``), an empty receipt for a batch it did
not keep, answers dripped one byte at a time (headers or body), bodies of a
gigabyte, and any ``Retry-After`` text (``retry_after_header``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import socket
import ssl
import struct
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import ValidationError

from anahp_desktop.sinha.contract import Lote

#: discharge type codes SINHA knows; others get a per-record 422 (the demo uses this)
KNOWN_TIPOS_ALTA = frozenset(
    {
        "1",
        "2",
        "3",
        "4",
        "5",
        "6",
        "7",
        "9",
        "11",
        "12",
        "14",
        "15",
        "16",
        "18",
        "19",
        "21",
        "22",
        "23",
        "24",
        "25",
        "26",
        "27",
        "28",
        "29",
        "31",
        "32",
        "41",
        "42",
        "43",
        "51",
        "61",
        "62",
        "63",
    }
)

SCRIPT_ACTIONS = (
    "ok",
    "500",
    "502",
    "503",
    "504",
    "429",
    "401",
    "409",
    "413",
    "lose",
    "reset",
    "slow",
    "malformed",
    # hostile: answers that must not count as a delivery, and answers that never end
    "wrong_id",  # stores the batch, its receipt names another id_lote
    "wrong_count",  # stores the batch, its receipt counts one record more than sent
    "empty_receipt",  # keeps nothing, answers 201 with recebidos 0 and an empty protocolo
    "drip_headers",  # stores the batch, sends its answer one byte every drip_interval_s
    "drip_body",  # stores the batch, sends the headers, then the body one byte at a time
    "huge",  # stores the batch, answers 201 with a body of huge_bytes (chunked)
    "huge_error",  # keeps nothing, answers 503 with a body of huge_bytes
)
#: what a lookup (GET /lotes/{id_lote}) may be scripted to do instead of telling the truth
LOOKUP_ACTIONS = ("ok", "wrong_id", "wrong_count", "drip_body", "huge")


@dataclass
class Faults:
    """Random faults, each a probability per POST (0 = never)."""

    latency_ms: float = 0.0
    error_rate: float = 0.0
    rate_429: float = 0.0
    retry_after_s: int = 1
    lose_rate: float = 0.0
    reset_rate: float = 0.0
    slow_rate: float = 0.0
    slow_s: float = 0.0
    malformed_rate: float = 0.0
    max_records: int = 0  # 413 above this many records (0 = no limit)
    unauthorized_after: int = -1  # every request after this many gets 401 (-1 = never)
    seed: int | None = None
    retry_after_header: str = ""  # the Retry-After text itself ("1000000000", "nan", "-5")
    drip_interval_s: float = 2.0  # "drip_*": one byte every this many seconds
    huge_bytes: int = 1_000_000_000  # "huge*": body size (generated as it is sent)
    protocolo_size: int = 0  # receipts' protocolo padded to this many characters (0 = short)

    @classmethod
    def from_dict(cls, data: object) -> Faults:
        """Faults from JSON data; ValueError with the reason when it is not a fault object."""
        if not isinstance(data, dict):
            raise ValueError('faults must be a JSON object, e.g. {"error_rate": 0.1}')
        defaults = cls()
        unknown = sorted(set(data) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(unknown)}")
        for name, value in data.items():
            default = getattr(defaults, name)
            if isinstance(default, str):
                fits = isinstance(value, str)
            else:
                number = isinstance(value, int | float) and not isinstance(value, bool)
                fits = number or (value is None and default is None)
            if not fits:
                kind = "text" if isinstance(default, str) else "a number"
                raise ValueError(f"{name} must be {kind}")
        return cls(**data)


@dataclass
class _Stored:
    body_hash: str
    receipt: dict[str, Any]
    records: list[tuple[str, str]]


@dataclass
class EmulatorState:
    """Everything received, and the figures that prove exactly-once delivery."""

    lotes: dict[str, _Stored] = field(default_factory=dict)
    versions: Counter[tuple[str, str]] = field(default_factory=Counter)
    content_ids: dict[str, set[str]] = field(default_factory=dict)
    requests: Counter[str] = field(default_factory=Counter)
    posts: int = 0
    posts_in_flight: int = 0
    most_posts_at_once: int = 0  # how many batches a client had on their way at the same time

    def summary(self) -> dict[str, Any]:
        return {
            "lotes": len(self.lotes),
            "records": sum(len(s.records) for s in self.lotes.values()),
            "versions": len(self.versions),
            "versions_accepted_twice": sum(1 for n in self.versions.values() if n > 1),
            "contents_under_two_ids": sum(1 for ids in self.content_ids.values() if len(ids) > 1),
            "requests": dict(self.requests),
            "posts": self.posts,
            "most_posts_at_once": self.most_posts_at_once,
        }


class SinhaEmulator:
    """Start with :meth:`start` (background thread) or use as a context manager."""

    def __init__(
        self,
        user: str = "demo",
        password: str = "demo",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        faults: Faults | None = None,
        ssl_context: ssl.SSLContext | None = None,
        keep_bodies: bool = False,
    ) -> None:
        self.user = user
        self.password = password
        self.faults = faults or Faults()
        self.state = EmulatorState()
        self.script: list[str] = []
        self.lookup_script: list[str] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._rng = random.Random(self.faults.seed)
        self.keep_bodies = keep_bodies
        self.bodies: list[bytes] = []
        self._scheme = "https" if ssl_context else "http"
        self._server = _QuietServer((host, port), _handler_class(self))
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"{self._scheme}://127.0.0.1:{self.port}/api"

    def start(self) -> SinhaEmulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="sinha-emulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # ends answers being dripped or streamed
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def __enter__(self) -> SinhaEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def set_faults(self, faults: Faults) -> None:
        with self.lock:
            self.faults = faults
            self._rng = random.Random(faults.seed)

    def reset(self) -> None:
        with self.lock:
            self.state = EmulatorState()
            self.script = []
            self.lookup_script = []

    def next_lookup_action(self) -> str:
        with self.lock:
            return self.lookup_script.pop(0) if self.lookup_script else "ok"

    def next_action(self) -> str:
        """The scripted action for this POST, else a random fault (or "ok")."""
        with self.lock:
            if self.script:
                return self.script.pop(0)
            f, r = self.faults, self._rng.random
            for action, rate in (
                ("reset", f.reset_rate),
                ("lose", f.lose_rate),
                ("slow", f.slow_rate),
                ("malformed", f.malformed_rate),
                ("429", f.rate_429),
                ("5xx", f.error_rate),
            ):
                if rate and r() < rate:
                    return (
                        self._rng.choice(["500", "502", "503", "504"])
                        if action == "5xx"
                        else action
                    )
        return "ok"

    def accept(self, lote: Lote, raw: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Store a valid batch; (201 new | 200 same content | 409 other content, body)."""
        content = json.dumps({"cnes": raw["cnes"], "registros": raw["registros"]}, sort_keys=True)
        body_hash = hashlib.sha256(content.encode()).hexdigest()
        with self.lock:
            stored = self.state.lotes.get(lote.id_lote)
            if stored is not None:
                if stored.body_hash == body_hash:
                    return 200, stored.receipt
                return 409, {"erro": "id_lote já recebido com outro conteúdo"}
            protocolo = f"SINHA-{len(self.state.lotes) + 1:08d}"
            receipt = {
                "id_lote": lote.id_lote,
                "protocolo": protocolo.ljust(self.faults.protocolo_size, "0"),
                "recebidos": len(lote.registros),
            }
            versions = [(r["id_registro"], r["atualizado_em"]) for r in raw["registros"]]
            self.state.lotes[lote.id_lote] = _Stored(body_hash, receipt, versions)
            self.state.versions.update(versions)
            self.state.content_ids.setdefault(body_hash, set()).add(lote.id_lote)
            return 201, receipt

    def find(self, id_lote: str) -> dict[str, Any] | None:
        with self.lock:
            stored = self.state.lotes.get(id_lote)
            return stored.receipt if stored else None

    def authorized(self, header: str | None) -> bool:
        with self.lock:
            self.state.requests["total"] += 1
            limit = self.faults.unauthorized_after
            if limit >= 0 and self.state.requests["total"] > limit:
                return False
        expected = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        return header == f"Basic {expected}"


class _QuietServer(ThreadingHTTPServer):
    """Injected resets make the socket layer complain; that is the point, not an error."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def record_errors(lote_raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Per-record problems SINHA reports with 422 (contract violations, unknown codes)."""
    errors: list[dict[str, Any]] = []
    for index, record in enumerate(lote_raw.get("registros") or []):
        if not isinstance(record, dict):
            errors.append({"indice": index, "campo": "", "mensagem": "registro inválido"})
            continue
        tipo = record.get("tipo_alta")
        if isinstance(tipo, str) and tipo not in KNOWN_TIPOS_ALTA:
            errors.append(
                {"indice": index, "campo": "tipo_alta", "mensagem": "tipo de alta desconhecido"}
            )
    return errors


def _validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors():
        loc = error["loc"]
        if len(loc) >= 3 and loc[0] == "registros" and isinstance(loc[1], int):
            errors.append({"indice": loc[1], "campo": str(loc[2]), "mensagem": error["msg"]})
        else:
            errors.append(
                {"indice": -1, "campo": ".".join(map(str, loc)), "mensagem": error["msg"]}
            )
    return errors


def _handler_class(emulator: SinhaEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
        server_version = "SINHA-emulator"

        def log_message(self, format: str, *args: Any) -> None:
            return

        # -- routing --------------------------------------------------------------------

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith("/_emulator/"):
                return self._admin_get(path)
            if not self._check_auth():
                return None
            self._latency()
            if path.endswith("/status"):
                return self._json(200, {"status": "ok"})
            if "/lotes/" in path:
                emulator.state.requests["get_lote"] += 1
                receipt = emulator.find(path.rsplit("/", 1)[1])
                if not receipt:
                    return self._json(404, {"erro": "lote não encontrado"})
                return self._answer_receipt(200, receipt, emulator.next_lookup_action())
            return self._json(404, {"erro": "não encontrado"})

        def do_POST(self) -> None:
            path = self.path.split("?", 1)[0]
            if path.startswith("/_emulator/"):
                return self._admin_post(path)
            if not path.endswith("/lotes"):
                return self._json(404, {"erro": "não encontrado"})
            if not self._check_auth():
                return None
            with emulator.lock:
                state = emulator.state
                state.posts += 1
                state.posts_in_flight += 1
                state.most_posts_at_once = max(state.most_posts_at_once, state.posts_in_flight)
            try:
                self._post_lote()
            finally:
                with emulator.lock:
                    emulator.state.posts_in_flight -= 1
            return None

        def _post_lote(self) -> None:
            action = emulator.next_action()
            if action != "ok":
                with emulator.lock:
                    emulator.state.requests[f"fault_{action}"] += 1
            if action == "reset":
                return self._reset_mid_body()
            raw_body = self._read_body()
            if emulator.keep_bodies:
                with emulator.lock:
                    emulator.bodies.append(raw_body)
            self._latency()
            if action == "slow":
                time.sleep(emulator.faults.slow_s)
            if action in ("500", "502", "503", "504"):
                return self._json(int(action), {"erro": "falha temporária"})
            if action == "429":
                header = emulator.faults.retry_after_header or str(emulator.faults.retry_after_s)
                return self._json(429, {"erro": "muitas requisições"}, {"Retry-After": header})
            if action in ("401", "409", "413"):
                return self._json(int(action), {"erro": f"forçado {action}"})
            if action == "huge_error":
                return self._huge(503, b'{"erro": "falha temporaria"}')
            self._handle_lote(raw_body, action)
            return None

        # -- the contract ---------------------------------------------------------------

        def _handle_lote(self, raw_body: bytes, action: str) -> None:
            try:
                raw = json.loads(raw_body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return self._json(
                    400, {"erros": [{"indice": -1, "campo": "", "mensagem": "JSON inválido"}]}
                )
            limit = emulator.faults.max_records
            if limit and isinstance(raw, dict) and len(raw.get("registros") or []) > limit:
                return self._json(413, {"erro": f"no máximo {limit} registros por lote"})
            try:
                lote = Lote.model_validate(raw)
            except ValidationError as exc:
                return self._json(422, {"erros": _validation_errors(exc)})
            errors = record_errors(raw)
            if errors:
                return self._json(422, {"erros": errors})
            if action == "empty_receipt":  # claims a delivery of nothing, keeps nothing
                return self._json(201, {"id_lote": lote.id_lote, "protocolo": "", "recebidos": 0})
            status, body = emulator.accept(lote, raw)
            if action == "lose":
                return self._drop_connection()
            if action == "malformed" and status in (200, 201):
                return self._raw(status, b'{"id_lote": "' + lote.id_lote.encode() + b'", "protoc')
            if status in (200, 201):
                return self._answer_receipt(status, body, action)
            return self._json(status, body)

        def _answer_receipt(self, status: int, receipt: dict[str, Any], action: str) -> None:
            """A receipt as the contract says, or as a hostile server would send it."""
            if action == "wrong_id":
                receipt = receipt | {"id_lote": "L0000000-not-the-batch-you-sent"}
            elif action == "wrong_count":
                receipt = receipt | {"recebidos": receipt["recebidos"] + 1}
            payload = json.dumps(receipt).encode()
            if action == "drip_headers":
                return self._drip(self._head(status, len(payload)) + payload)
            if action == "drip_body":
                self._send(self._head(status, len(payload)))
                return self._drip(payload)
            if action == "huge":
                return self._huge(status, payload)
            return self._raw(status, payload)

        # -- admin (tests) --------------------------------------------------------------

        def _admin_get(self, path: str) -> None:
            if path == "/_emulator/state":
                with emulator.lock:
                    summary = emulator.state.summary()
                    summary["faults"] = asdict(emulator.faults)
                return self._json(200, summary)
            if path == "/_emulator/versions":
                with emulator.lock:
                    versions = [[i, u, n] for (i, u), n in emulator.state.versions.items()]
                return self._json(200, {"versions": versions})
            return self._json(404, {})

        def _admin_post(self, path: str) -> None:
            try:
                data = json.loads(self._read_body() or b"{}")
                if path == "/_emulator/faults":
                    emulator.set_faults(Faults.from_dict(data))
            except (ValueError, TypeError) as exc:
                return self._json(400, {"erro": str(exc)})
            if not isinstance(data, dict):
                return self._json(400, {"erro": "a JSON object is expected"})
            if path == "/_emulator/faults":
                pass
            elif path == "/_emulator/script":
                with emulator.lock:
                    emulator.script = [a for a in data.get("actions", []) if a in SCRIPT_ACTIONS]
            elif path == "/_emulator/lookup_script":
                with emulator.lock:
                    emulator.lookup_script = [
                        a for a in data.get("actions", []) if a in LOOKUP_ACTIONS
                    ]
            elif path == "/_emulator/reset":
                emulator.reset()
            else:
                return self._json(404, {})
            return self._json(200, {"ok": True})

        # -- plumbing -------------------------------------------------------------------

        def _check_auth(self) -> bool:
            if emulator.authorized(self.headers.get("Authorization")):
                return True
            self._json(
                401, {"erro": "credenciais inválidas"}, {"WWW-Authenticate": 'Basic realm="SINHA"'}
            )
            return False

        def _latency(self) -> None:
            if emulator.faults.latency_ms:
                time.sleep(emulator.faults.latency_ms / 1000)

        def _read_body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            self._raw(status, json.dumps(body, ensure_ascii=False).encode("utf-8"), headers)

        def _raw(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
            self._send(self._head(status, len(payload), headers) + payload)

        @staticmethod
        def _head(status: int, length: int | None, headers: dict[str, str] | None = None) -> bytes:
            reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
            head = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json; charset=utf-8"]
            head.append(
                f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
            )
            head += [f"{k}: {v}" for k, v in (headers or {}).items()]
            return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")

        def _send(self, data: bytes) -> bool:
            try:
                self.wfile.write(data)
                self.wfile.flush()
                return True
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
                return False

        def _drip(self, data: bytes) -> None:
            """One byte every ``drip_interval_s``: each read the client makes gets data in time."""
            for index in range(len(data)):
                if not self._send(data[index : index + 1]):
                    return
                if emulator.stopping.wait(emulator.faults.drip_interval_s):
                    break
            self.close_connection = True

        def _huge(self, status: int, tail: bytes) -> None:
            """``huge_bytes`` of spaces then ``tail``, chunked: made as sent, never held whole."""
            self.close_connection = True
            if not self._send(self._head(status, None)):
                return
            piece = b" " * 65536
            chunk = b"%x\r\n" % len(piece) + piece + b"\r\n"
            left = emulator.faults.huge_bytes
            while left > 0 and not emulator.stopping.is_set():
                if not self._send(chunk):
                    return
                left -= len(piece)
            self._send(b"%x\r\n" % len(tail) + tail + b"\r\n0\r\n\r\n")

        def _drop_connection(self) -> None:
            """The batch is stored, but the client never hears back."""
            self.close_connection = True
            self._abort()

        def _reset_mid_body(self) -> None:
            """Read part of the body, then reset the connection: nothing is stored."""
            length = int(self.headers.get("Content-Length") or 0)
            if length > 1:
                self.rfile.read(length // 2)
            self.close_connection = True
            self._abort()

        def _abort(self) -> None:
            try:
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    return Handler
