"""DPAPI through ctypes: ``CryptProtectData``/``CryptUnprotectData`` of ``crypt32.dll``.

Secrets for a scheduled task's account are protected with the *machine* key
(``CRYPTPROTECT_LOCAL_MACHINE``): an administrator writes them for an account
whose own DPAPI key he cannot use (a gMSA, SYSTEM, a service account that may
not log on interactively), and a copy of the file is useless on any other
computer. Who may read the file on this computer is decided by its ACL (see
:mod:`anahp_desktop.secret_file`).

The DLLs are passed in: :func:`for_this_computer` loads the real ones on
Windows; tests give ctypes-level stand-ins that read and fill the very same
``DATA_BLOB`` structures.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

CRYPTPROTECT_UI_FORBIDDEN = 0x1
CRYPTPROTECT_LOCAL_MACHINE = 0x4


class DataBlob(ctypes.Structure):
    """``DATA_BLOB`` (wincrypt.h): a DWORD length and a byte pointer."""

    _fields_ = [("cbData", ctypes.c_uint32), ("pbData", ctypes.POINTER(ctypes.c_char))]


class DpapiError(Exception):
    """A DPAPI call failed; ``code`` is the Windows error (GetLastError)."""

    def __init__(self, function: str, code: int) -> None:
        super().__init__(f"{function} failed with Windows error {code:#x}")
        self.function = function
        self.code = code


class Dpapi:
    """Protect and unprotect bytes; ``crypt32``/``kernel32`` are the DLLs (or stand-ins)."""

    def __init__(self, crypt32: Any, kernel32: Any, last_error: Callable[[], int]) -> None:
        self._crypt32 = crypt32
        self._kernel32 = kernel32
        self._last_error = last_error

    def protect(self, data: bytes, entropy: bytes, description: str) -> bytes:
        """``data`` encrypted with this computer's DPAPI key (no UI, ever)."""
        data_in, _keep_in = _blob(data)
        entropy_in, _keep_entropy = _blob(entropy)
        out = DataBlob()
        ok = self._crypt32.CryptProtectData(
            ctypes.pointer(data_in),
            ctypes.c_wchar_p(description),
            ctypes.pointer(entropy_in),
            None,
            None,
            ctypes.c_uint32(CRYPTPROTECT_UI_FORBIDDEN | CRYPTPROTECT_LOCAL_MACHINE),
            ctypes.pointer(out),
        )
        if not ok:
            raise DpapiError("CryptProtectData", self._last_error())
        return self._take(out)

    def unprotect(self, blob: bytes, entropy: bytes) -> bytes:
        data_in, _keep_in = _blob(blob)
        entropy_in, _keep_entropy = _blob(entropy)
        out = DataBlob()
        ok = self._crypt32.CryptUnprotectData(
            ctypes.pointer(data_in),
            None,
            ctypes.pointer(entropy_in),
            None,
            None,
            ctypes.c_uint32(CRYPTPROTECT_UI_FORBIDDEN),
            ctypes.pointer(out),
        )
        if not ok:
            raise DpapiError("CryptUnprotectData", self._last_error())
        return self._take(out)

    def _take(self, blob: DataBlob) -> bytes:
        """Copy the output, wipe it and give it back to Windows (LocalFree)."""
        try:
            return ctypes.string_at(blob.pbData, blob.cbData)
        finally:
            ctypes.memset(blob.pbData, 0, blob.cbData)
            self._kernel32.LocalFree(ctypes.cast(blob.pbData, ctypes.c_void_p))


def _blob(data: bytes) -> tuple[DataBlob, Any]:
    """A DATA_BLOB over a copy of ``data``; the buffer is returned to be kept alive."""
    buffer = ctypes.create_string_buffer(data, max(1, len(data)))
    return DataBlob(len(data), ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char))), buffer


def for_this_computer() -> Dpapi:
    """The real DPAPI (Windows only: ``ctypes.WinDLL`` exists nowhere else)."""
    win_dll: Any = getattr(ctypes, "WinDLL")  # noqa: B009 - absent off Windows, and mypy knows
    get_last_error: Callable[[], int] = getattr(ctypes, "get_last_error")  # noqa: B009
    return Dpapi(
        win_dll("crypt32", use_last_error=True),
        win_dll("kernel32", use_last_error=True),
        get_last_error,
    )
