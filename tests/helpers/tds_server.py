"""Just enough of a SQL Server (TDS) on loopback to test the real ODBC driver against.

No SQL Server can run here, but the FreeTDS driver can: this server accepts
its TCP connection and then either never answers (a hung server: the login
timeout must fire) or answers the PRELOGIN handshake, reads the LOGIN7 packet
the driver sends -- which holds the user, password, database and server name
exactly as the driver parsed them from the connection string -- and refuses
the login like SQL Server does (error 18456) or drops the connection.
Everything follows MS-TDS (the protocol's public specification).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

PRELOGIN = 0x12
LOGIN7 = 0x10
TABULAR_RESULT = 0x04
ENCRYPTION_OPTION = 0x01
ENCRYPT_OFF, ENCRYPT_ON, ENCRYPT_NOT_SUP, ENCRYPT_REQ = 0, 1, 2, 3
LOGIN_FIELDS = (
    "host_name",
    "user_name",
    "password",
    "app_name",
    "server_name",
    "extension",
    "library",
    "language",
    "database",
)


@dataclass
class Seen:
    """What the driver sent, for the test to check."""

    connections: int = 0
    client_encryption: int | None = None
    login: dict[str, str] = field(default_factory=dict)
    integrated_security: bool = False
    tls_version: str | None = None
    tls_error: str | None = None
    #: the client opened with a TLS ClientHello, not PRELOGIN: TDS 8.0 (Encrypt=strict)
    tds8: bool = False
    #: mode "accept": what each request after the login carried (tests/helpers/tds_rpc.py)
    requests: list[Any] = field(default_factory=list)


class FakeTdsServer:
    """``mode``: "silent" never answers; "refuse" refuses every login (error 18456);
    "accept" accepts the login and reads the first request (tests/helpers/tds_rpc.py).

    With ``tls`` (an ``ssl.SSLContext`` for the server) and ``server_encryption``
    ENCRYPT_ON or ENCRYPT_REQ, the TLS handshake runs inside PRELOGIN packets,
    as TDS 7.x does it (MS-TDS 2.2.6.5), through ``ssl.MemoryBIO``; the LOGIN7
    packet then arrives encrypted and the refusal goes back encrypted.
    ``seen.tls_error`` says why a handshake failed (the client gave up, say).
    """

    def __init__(
        self,
        mode: str = "refuse",
        server_encryption: int = ENCRYPT_NOT_SUP,
        tls: ssl.SSLContext | None = None,
        login_error: tuple[int, str] = (18456, "Login failed for user '{user}'."),
    ) -> None:
        self.mode = mode
        self.login_error = login_error
        self.server_encryption = server_encryption
        self.tls = tls
        self.seen = Seen()
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._clients: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, name="fake-tds", daemon=True)

    def __enter__(self) -> FakeTdsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        for client in self._clients:
            client.close()  # ends a conversation still waiting on the driver
        self._thread.join(timeout=5)
        for client in self._clients:
            client.close()  # and one accepted while the line above ran

    def _serve(self) -> None:
        self._socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _address = self._socket.accept()
            except (TimeoutError, OSError):
                continue
            self.seen.connections += 1
            self._clients.append(client)
            if self.mode != "silent":
                with contextlib.suppress(OSError, ValueError, ssl.SSLError):
                    self._talk(client)

    def _talk(self, client: socket.socket) -> None:
        client.settimeout(10)
        if client.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS handshake record
            self.seen.tds8 = True
            client.close()  # this stand-in speaks TDS 7.x only
            return
        kind, body = read_message(client)
        if kind != PRELOGIN:
            return
        options = prelogin_options(body)
        if ENCRYPTION_OPTION in options:
            self.seen.client_encryption = options[ENCRYPTION_OPTION][0]
        client.sendall(packet(TABULAR_RESULT, prelogin_reply(self.server_encryption)))
        channel: Channel = PlainChannel(client)
        encrypting = self.server_encryption in (ENCRYPT_ON, ENCRYPT_REQ)
        if self.tls is not None and encrypting and self.seen.client_encryption != ENCRYPT_NOT_SUP:
            try:
                channel = TlsChannel.handshake(client, self.tls)
            except ssl.SSLError as exc:
                self.seen.tls_error = exc.reason or str(exc)
                return
            self.seen.tls_version = channel.version
        kind, body = channel.read_message()
        if kind != LOGIN7:
            return  # e.g. the driver insisted on encryption this server does not offer
        self.seen.login = login_fields(body)
        self.seen.integrated_security = bool(body[25] & 0x80)
        user = self.seen.login["user_name"]
        if self.mode == "accept":
            from tests.helpers.tds_rpc import serve_requests

            channel.send(packet(TABULAR_RESULT, login_ack()))
            serve_requests(channel, self.seen.requests)
            client.close()
            return
        number, text = self.login_error
        channel.send(packet(TABULAR_RESULT, login_failed(user, number, text)))
        client.close()


class Channel(ABC):
    """Where TDS messages travel after PRELOGIN: the socket, or TLS over it."""

    @abstractmethod
    def read_message(self) -> tuple[int, bytes]: ...

    @abstractmethod
    def send(self, data: bytes) -> None: ...


class PlainChannel(Channel):
    def __init__(self, client: socket.socket) -> None:
        self.client = client

    def read_message(self) -> tuple[int, bytes]:
        return read_message(self.client)

    def send(self, data: bytes) -> None:
        self.client.sendall(data)


class TlsChannel(Channel):
    """TLS whose handshake records travel inside PRELOGIN packets, then straight on the socket."""

    def __init__(
        self,
        client: socket.socket,
        tls: ssl.SSLObject,
        incoming: ssl.MemoryBIO,
        outgoing: ssl.MemoryBIO,
    ) -> None:
        self.client = client
        self.tls = tls
        self.incoming = incoming
        self.outgoing = outgoing
        self.version = tls.version()
        self._plain = b""

    @classmethod
    def handshake(cls, client: socket.socket, context: ssl.SSLContext) -> TlsChannel:
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        tls = context.wrap_bio(incoming, outgoing, server_side=True)
        while True:
            try:
                tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                if outgoing.pending:
                    client.sendall(packet(PRELOGIN, outgoing.read()))
                kind, body = read_message(client)
                if kind != PRELOGIN:
                    raise ssl.SSLError(f"expected a PRELOGIN packet, got {kind:#x}") from None
                incoming.write(body)
        if outgoing.pending:  # the server's last flight (Finished), still in PRELOGIN packets
            client.sendall(packet(PRELOGIN, outgoing.read()))
        return cls(client, tls, incoming, outgoing)

    def read_message(self) -> tuple[int, bytes]:
        payload = b""
        while True:
            header = self._read(8)
            kind, status, length = header[0], header[1], struct.unpack(">H", header[2:4])[0]
            payload += self._read(length - 8)
            if status & 0x01:
                return kind, payload

    def send(self, data: bytes) -> None:
        self.tls.write(data)
        self.client.sendall(self.outgoing.read())

    def _read(self, size: int) -> bytes:
        while len(self._plain) < size:
            try:
                self._plain += self.tls.read(65536)
                continue
            except ssl.SSLWantReadError:
                pass
            chunk = self.client.recv(65536)
            if not chunk:
                raise ValueError("connection closed")
            self.incoming.write(chunk)
        taken, self._plain = self._plain[:size], self._plain[size:]
        return taken


# -- the protocol, as little of it as needed ----------------------------------------------


def read_message(client: socket.socket) -> tuple[int, bytes]:
    """One TDS message (possibly several packets): (packet type, payload)."""
    payload = b""
    while True:
        header = _read_exactly(client, 8)
        kind, status, length = header[0], header[1], struct.unpack(">H", header[2:4])[0]
        payload += _read_exactly(client, length - 8)
        if status & 0x01:  # end of message
            return kind, payload


def _read_exactly(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        if not chunk:
            raise ValueError("connection closed")
        data += chunk
    return data


def packet(kind: int, payload: bytes) -> bytes:
    return struct.pack(">BBHHBB", kind, 0x01, len(payload) + 8, 0, 1, 0) + payload


def prelogin_options(body: bytes) -> dict[int, bytes]:
    options: dict[int, bytes] = {}
    index = 0
    while body[index] != 0xFF:
        token = body[index]
        offset, length = struct.unpack(">HH", body[index + 1 : index + 5])
        options[token] = body[offset : offset + length]
        index += 5
    return options


def prelogin_reply(encryption: int) -> bytes:
    version = bytes([15, 0, 0x07, 0xD0, 0, 0])  # SQL Server 2019
    header_size = 2 * 5 + 1
    header = (
        bytes([0x00])
        + struct.pack(">HH", header_size, len(version))
        + bytes([ENCRYPTION_OPTION])
        + struct.pack(">HH", header_size + len(version), 1)
        + b"\xff"
    )
    return header + version + bytes([encryption])


def login_fields(body: bytes) -> dict[str, str]:
    """The variable part of LOGIN7: offsets and lengths (characters) from byte 36."""
    fields: dict[str, str] = {}
    for number, name in enumerate(LOGIN_FIELDS):
        offset, length = struct.unpack("<HH", body[36 + 4 * number : 40 + 4 * number])
        raw = body[offset : offset + 2 * length]
        if name == "password":
            raw = bytes(_unscramble(byte) for byte in raw)
        fields[name] = raw.decode("utf-16-le", "replace")
    return fields


def _unscramble(byte: int) -> int:
    """LOGIN7 passwords are nibble-swapped and XORed with 0xA5; undo it."""
    plain = byte ^ 0xA5
    return ((plain & 0x0F) << 4) | ((plain & 0xF0) >> 4)


def login_failed(
    user: str, number: int = 18456, text: str = "Login failed for user '{user}'."
) -> bytes:
    """An ERROR token (18456 unless told) then DONE with the error bit, as SQL Server refuses."""
    message = text.format(user=user).encode("utf-16-le")
    server = "FAKE".encode("utf-16-le")
    error = (
        struct.pack("<iBB", number, 1, 14)
        + struct.pack("<H", len(message) // 2)
        + message
        + struct.pack("<B", len(server) // 2)
        + server
        + struct.pack("<B", 0)
        + struct.pack("<i", 1)
    )
    done = struct.pack("<BHHQ", 0xFD, 0x0002, 0, 0)
    return struct.pack("<BH", 0xAA, len(error)) + error + done


def sql_server_tls(files: Any, *, oldest: bool = False) -> ssl.SSLContext:
    """A server context as SQL Server offers TLS inside TDS 7.x: at most TLS 1.2, no tickets.

    (SQL Server speaks TLS 1.3 only with TDS 8.0, Encrypt=strict.) ``oldest``:
    a server that offers TLS 1.0 only, as unpatched SQL Server 2008-2014 did.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(files.cert, files.key)
    context.num_tickets = 0
    if oldest:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    else:
        context.maximum_version = ssl.TLSVersion.TLSv1_2
    return context


def login_ack() -> bytes:
    """LOGINACK (TDS 7.4, "FAKE" 15.0) then DONE: the login succeeded (MS-TDS 2.2.7.14)."""
    name = "FAKE".encode("utf-16-le")
    body = (
        bytes([1])  # interface: SQL
        + struct.pack(">I", 0x74000004)  # TDS 7.4
        + bytes([len(name) // 2])
        + name
        + bytes([15, 0, 0x07, 0xD0])
    )
    done = struct.pack("<BHHQ", 0xFD, 0x0000, 0, 0)
    return struct.pack("<BH", 0xAD, len(body)) + body + done


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port nothing listens on (bound then closed)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    yield port
