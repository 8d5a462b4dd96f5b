"""DPAPI as Windows' ``crypt32.dll`` exposes it, for tests on a machine without Windows.

:class:`anahp_desktop.windows.dpapi.Dpapi` calls ``CryptProtectData`` and
``CryptUnprotectData`` with pointers to real ``DATA_BLOB`` structures and
frees the output with ``kernel32.LocalFree``. These stand-ins take exactly
those arguments, read the input bytes through the pointers, fill the output
blob with memory they allocate, and insist on ``LocalFree`` for each
allocation -- so the ctypes side of the code is exercised for real. The
"encryption" is bound to a per-computer key and to the entropy, like DPAPI's
machine scope: a blob from another computer fails with ``NTE_BAD_KEY_STATE``,
wrong entropy with ``ERROR_INVALID_DATA`` (the errors Windows gives).
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import os
from typing import Any

from anahp_desktop.windows.dpapi import (
    CRYPTPROTECT_LOCAL_MACHINE,
    CRYPTPROTECT_UI_FORBIDDEN,
    DataBlob,
    Dpapi,
)

NTE_BAD_KEY_STATE = 0x8009000B
ERROR_INVALID_DATA = 13
MAGIC = b"\x01\x00\x00\x00FAKE-DPAPI"


class Computer:
    """One computer's DPAPI: its machine key, its allocations, the last error of its thread."""

    def __init__(self, name: str = "SRV-APP01") -> None:
        self.name = name
        self.key = hashlib.sha256(b"machine key of " + name.encode()).digest()
        self.allocated: dict[int, Any] = {}
        self.freed = 0
        self.last_error = 0
        self.calls: list[tuple[str, int]] = []  # (function, flags)

    def dpapi(self) -> Dpapi:
        return Dpapi(FakeCrypt32(self), FakeKernel32(self), lambda: self.last_error)

    # -- the "cipher" ---------------------------------------------------------------------------

    def seal(self, data: bytes, entropy: bytes) -> bytes:
        nonce = os.urandom(16)
        stream = self._stream(nonce, entropy, len(data))
        body = bytes(a ^ b for a, b in zip(data, stream, strict=True))
        tag = hmac.new(self.key, nonce + entropy + body, hashlib.sha256).digest()[:16]
        return MAGIC + self.key[:8] + nonce + tag + body

    def open(self, blob: bytes, entropy: bytes) -> bytes | int:
        """The data, or the Windows error DPAPI would give."""
        head = len(MAGIC)
        if not blob.startswith(MAGIC) or blob[head : head + 8] != self.key[:8]:
            return NTE_BAD_KEY_STATE
        nonce, tag, body = (
            blob[head + 8 : head + 24],
            blob[head + 24 : head + 40],
            blob[head + 40 :],
        )
        expected = hmac.new(self.key, nonce + entropy + body, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(tag, expected):
            return ERROR_INVALID_DATA
        stream = self._stream(nonce, entropy, len(body))
        return bytes(a ^ b for a, b in zip(body, stream, strict=True))

    def _stream(self, nonce: bytes, entropy: bytes, size: int) -> bytes:
        out = b""
        counter = 0
        while len(out) < size:
            out += hashlib.sha256(self.key + nonce + entropy + counter.to_bytes(4, "big")).digest()
            counter += 1
        return out[:size]

    # -- memory -----------------------------------------------------------------------------------

    def fill(self, out: Any, data: bytes) -> None:
        buffer = ctypes.create_string_buffer(data, max(1, len(data)))
        self.allocated[ctypes.addressof(buffer)] = buffer
        out.contents.cbData = len(data)
        out.contents.pbData = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))


def _read(pointer: Any) -> bytes:
    blob: DataBlob = pointer.contents
    return ctypes.string_at(blob.pbData, blob.cbData)


def _flags(value: Any) -> int:
    return int(value.value if hasattr(value, "value") else value)


class FakeCrypt32:
    def __init__(self, computer: Computer) -> None:
        self._computer = computer

    def CryptProtectData(
        self,
        data_in: Any,
        description: Any,
        entropy: Any,
        reserved: Any,
        prompt: Any,
        flags: Any,
        data_out: Any,
    ) -> int:
        computer = self._computer
        value = _flags(flags)
        computer.calls.append(("CryptProtectData", value))
        assert reserved is None and prompt is None
        assert value & CRYPTPROTECT_UI_FORBIDDEN, "a service must never get a DPAPI prompt"
        assert value & CRYPTPROTECT_LOCAL_MACHINE, "task-account secrets use the machine key"
        computer.fill(data_out, computer.seal(_read(data_in), _read(entropy)))
        return 1

    def CryptUnprotectData(
        self,
        data_in: Any,
        description_out: Any,
        entropy: Any,
        reserved: Any,
        prompt: Any,
        flags: Any,
        data_out: Any,
    ) -> int:
        computer = self._computer
        value = _flags(flags)
        computer.calls.append(("CryptUnprotectData", value))
        assert value & CRYPTPROTECT_UI_FORBIDDEN
        result = computer.open(_read(data_in), _read(entropy))
        if isinstance(result, int):
            computer.last_error = result
            return 0
        computer.fill(data_out, result)
        return 1


class FakeKernel32:
    def __init__(self, computer: Computer) -> None:
        self._computer = computer

    def LocalFree(self, pointer: Any) -> None:
        address = pointer.value if hasattr(pointer, "value") else int(pointer)
        buffer = self._computer.allocated.pop(address)  # KeyError: freed what was not allocated
        assert not any(bytes(buffer)), "the output was not wiped before LocalFree"
        self._computer.freed += 1
