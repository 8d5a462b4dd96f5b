"""What a driver sends with a query's parameters, read from the wire (MS-TDS 2.2.6.6).

The stand-in in tds_server.py, in mode "accept", logs the driver in and hands
the first request here: an RPC (``sp_executesql``/``sp_prepexec``, how the
drivers send a parameterised statement) or a plain SQL batch. Each parameter
is decoded with its TYPE_INFO -- for a timestamp, whether it travels as
``datetime`` (1/300 s) or ``datetime2(n)`` and the exact value received --
so a test can prove what binding reaches SQL Server from a real driver.
The request is then refused with an error, which ends the driver's call.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

SQL_BATCH = 0x01
RPC = 0x03
TABULAR_RESULT = 0x04
DATETIMN, DATETIME2N, NVARCHAR, INTN, BIGVARBINARY = 0x6F, 0x2A, 0xE7, 0x26, 0xA5
BIGVARCHAR, BIGBINARY, NCHAR, BIGCHAR = 0xA7, 0xAD, 0xEF, 0xAF
NTEXT, TEXT = 0x63, 0x23
PLP = 0xFFFF


@dataclass
class Parameter:
    name: str
    type_name: str
    scale: int | None
    value: Any


@dataclass
class Request:
    kind: str  # "rpc" or "batch"
    text: str = ""
    parameters: list[Parameter] = field(default_factory=list)

    def timestamps(self) -> list[Parameter]:
        return [p for p in self.parameters if p.type_name in ("datetime", "datetime2")]


def serve_requests(channel: Any, seen: list[Request]) -> None:
    """Read requests until the driver hangs up, refusing each (the driver's call then fails)."""
    while True:
        try:
            kind, body = channel.read_message()
        except (OSError, ValueError):
            return
        try:
            seen.append(parse(kind, body))
        except (ValueError, struct.error, IndexError) as exc:
            seen.append(Request(f"undecoded: {exc}"))
        channel.send(_refusal())


def parse(kind: int, body: bytes) -> Request:
    position = struct.unpack("<I", body[:4])[0]  # ALL_HEADERS: its total length first
    if kind == SQL_BATCH:
        return Request("batch", body[position:].decode("utf-16-le", "replace"))
    if kind != RPC:
        return Request(f"packet {kind:#x}")
    reader = _Reader(body, position)
    if reader.u16() == 0xFFFF:
        procedure = f"proc {reader.u16()}"  # 10 sp_executesql, 13 sp_prepexec
    else:
        reader.position -= 2
        procedure = reader.text(reader.u16())
    reader.u16()  # option flags
    request = Request("rpc", procedure + "\n")
    while reader.position < len(body) and body[reader.position] not in (0x80, 0xFF, 0xFE):
        parameter = _parameter(reader)
        if parameter.type_name == "nvarchar" and isinstance(parameter.value, str):
            request.text += parameter.value + "\n"
        request.parameters.append(parameter)
    return request


class _Reader:
    def __init__(self, data: bytes, position: int) -> None:
        self.data = data
        self.position = position

    def take(self, size: int) -> bytes:
        chunk = self.data[self.position : self.position + size]
        self.position += size
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return int(struct.unpack("<H", self.take(2))[0])

    def u32(self) -> int:
        return int(struct.unpack("<I", self.take(4))[0])

    def text(self, characters: int) -> str:
        return self.take(2 * characters).decode("utf-16-le", "replace")


def _parameter(reader: _Reader) -> Parameter:
    name = reader.text(reader.u8())
    reader.u8()  # status flags
    kind = reader.u8()
    if kind == DATETIME2N:
        scale = reader.u8()
        length = reader.u8()
        return Parameter(name, "datetime2", scale, _datetime2(reader.take(length), scale))
    if kind == DATETIMN:
        reader.u8()  # max length
        length = reader.u8()
        return Parameter(name, "datetime", None, _datetime(reader.take(length)))
    if kind == INTN:
        reader.u8()
        length = reader.u8()
        return Parameter(
            name, "int", None, int.from_bytes(reader.take(length), "little", signed=True)
        )
    if kind in (NVARCHAR, NCHAR, BIGVARCHAR, BIGCHAR):
        size = reader.u16()
        reader.take(5)  # collation
        raw = _plp(reader) if size == PLP else _short(reader)
        wide = kind in (NVARCHAR, NCHAR)
        value = None if raw is None else raw.decode("utf-16-le" if wide else "latin-1", "replace")
        return Parameter(name, "nvarchar" if wide else "varchar", None, value)
    if kind in (NTEXT, TEXT):
        reader.u32()  # max length
        reader.take(5)  # collation
        length = reader.u32()
        raw = None if length == 0xFFFFFFFF else reader.take(length)
        wide = kind == NTEXT
        value = None if raw is None else raw.decode("utf-16-le" if wide else "latin-1", "replace")
        return Parameter(name, "nvarchar" if wide else "varchar", None, value)
    if kind in (BIGVARBINARY, BIGBINARY):
        size = reader.u16()
        raw = _plp(reader) if size == PLP else _short(reader)
        return Parameter(name, "varbinary", None, raw)
    raise ValueError(f"parameter {name!r}: TDS type {kind:#x} not decoded by this stand-in")


def _short(reader: _Reader) -> bytes | None:
    length = reader.u16()
    return None if length == 0xFFFF else reader.take(length)


def _plp(reader: _Reader) -> bytes | None:
    total = struct.unpack("<Q", reader.take(8))[0]
    if total == 0xFFFFFFFFFFFFFFFF:
        return None
    data = b""
    while True:
        chunk = reader.u32()
        if chunk == 0:
            return data
        data += reader.take(chunk)


def _datetime2(raw: bytes, scale: int) -> datetime | None:
    if not raw:
        return None
    time_size = len(raw) - 3
    units = int.from_bytes(raw[:time_size], "little")
    days = int.from_bytes(raw[time_size:], "little")
    ticks_100ns = units * 10 ** (7 - scale)
    moment = datetime.combine(date(1, 1, 1) + timedelta(days=days), datetime.min.time())
    return moment + timedelta(microseconds=ticks_100ns // 10)


def _datetime(raw: bytes) -> datetime | None:
    if not raw:
        return None
    days, three_hundredths = struct.unpack("<iI", raw)
    base = datetime(1900, 1, 1) + timedelta(days=days)
    return base + timedelta(milliseconds=round(three_hundredths * 10 / 3))


def _refusal() -> bytes:
    message = "This stand-in reads parameters and answers nothing.".encode("utf-16-le")
    server = "FAKE".encode("utf-16-le")
    error = (
        struct.pack("<iBB", 50000, 1, 16)
        + struct.pack("<H", len(message) // 2)
        + message
        + struct.pack("<B", len(server) // 2)
        + server
        + struct.pack("<B", 0)
        + struct.pack("<i", 1)
    )
    done = struct.pack("<BHHQ", 0xFD, 0x0002, 0, 0)
    payload = struct.pack("<BH", 0xAA, len(error)) + error + done
    return struct.pack(">BBHHBB", TABULAR_RESULT, 0x01, len(payload) + 8, 0, 1, 0) + payload
