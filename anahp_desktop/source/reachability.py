"""Why a SQL Server could not be reached, asked of the network itself after a driver gave up.

Microsoft's ODBC Driver 18 on Linux, and pyodbc everywhere but Windows, show
only a failure's first diagnostic record: "Login timeout expired" for a
closed port, an unknown host and a silent SQL Server Browser alike, and
FreeTDS says "Unable to connect to data source" for several of them. When
the driver's text says no more than "unreachable" or "timeout", three cheap
questions tell the operator which: does DNS know the host, does the SQL
Server Browser (UDP 1434) name the instance's port, does the port accept a
TCP connection. Each has a short deadline; nothing is sent beyond a Browser
request (MS-SQLR) and a TCP handshake that is closed at once.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from sqlalchemy.engine import URL

from anahp_desktop.db_errors import DbProblem
from anahp_desktop.source import odbc_string

DEFAULT_PORT = 1433
BROWSER_PORT = 1434
#: MS-SQLR CLNT_UCAST_INST: "which port does this instance listen on?"
CLNT_UCAST_INST = 0x04
SVR_RESP = 0x05
PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int | None = None
    instance: str = ""


def address_of(url: URL) -> ServerAddress | None:
    """Where an ``mssql+pyodbc`` URL built by this app points (None when it cannot tell)."""
    raw = url.query.get("odbc_connect")
    if not isinstance(raw, str):
        return None
    from urllib.parse import unquote_plus

    text = raw if "DRIVER=" in raw.upper() else unquote_plus(raw)
    try:
        pairs = {key.upper(): value for key, value in odbc_string.parse(text)}
    except ValueError:
        return None
    server = pairs.get("SERVER", "").strip()
    if not server:
        return None
    host, _sep, instance = server.partition("\\")
    port: int | None = None
    if "," in host:
        host, _comma, digits = host.rpartition(",")
        port = int(digits) if digits.strip().isdigit() else None
    if pairs.get("PORT", "").strip().isdigit():
        port = int(pairs["PORT"])
    return ServerAddress(host.strip(), port, instance.strip())


def diagnose(address: ServerAddress, timeout_s: float = PROBE_TIMEOUT_S) -> DbProblem | None:
    """HOST_UNKNOWN, INSTANCE_NOT_FOUND or PORT_CLOSED; None when the network says nothing new."""
    try:
        infos = socket.getaddrinfo(address.host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return DbProblem.HOST_UNKNOWN
    ip = str(infos[0][4][0])
    port = address.port
    if address.instance and port is None:
        port = browser_port(ip, address.instance, timeout_s)
        if port is None:
            return DbProblem.INSTANCE_NOT_FOUND
    try:
        with socket.create_connection((ip, port or DEFAULT_PORT), timeout=timeout_s):
            return None  # it listens: the driver's own reason stands
    except ConnectionRefusedError:
        return DbProblem.PORT_CLOSED
    except OSError:
        return None  # filtered or slow: the driver's timeout already says it


def browser_port(ip: str, instance: str, timeout_s: float = PROBE_TIMEOUT_S) -> int | None:
    """The instance's TCP port as the SQL Server Browser tells it (None: no answer, no such)."""
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        udp.settimeout(timeout_s)
        try:
            udp.sendto(
                bytes([CLNT_UCAST_INST]) + instance.encode("ascii", "replace") + b"\0",
                (ip, BROWSER_PORT),
            )
            reply, _address = udp.recvfrom(65535)
        except OSError:
            return None
    return _instance_port(reply, instance)


def _instance_port(reply: bytes, instance: str) -> int | None:
    if len(reply) < 3 or reply[0] != SVR_RESP:
        return None
    fields = reply[3:].decode("ascii", "replace").split(";")
    values = dict(zip(fields[0::2], fields[1::2], strict=False))
    if values.get("InstanceName", "").upper() != instance.upper():
        return None
    port = values.get("tcp", "")
    return int(port) if port.isdigit() else None
