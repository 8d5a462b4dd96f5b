"""Files and folders only their owner can read: the state store, the log, the settings.

The SQLite state store holds the batches still to send (CID, dates, age, sex, payer,
ward), so it is health data under LGPD; the log and the settings say where it is and
who sends it. They are created readable by this account only:

- POSIX: files ``0600`` in folders ``0700``, whatever the umask (a mode given to
  ``open`` can only be narrowed by the umask, never widened).
- Windows: a protected DACL (no inheritance) with one entry, full control for the
  account that runs the app. Files created in such a folder -- SQLite's ``-wal`` and
  ``-shm`` among them -- inherit it.

Existing files are not changed behind the operator's back (a folder may be shared on
purpose, see README "ProgramData"); ``--self-test`` says when one is open to others
(:func:`open_to_others`). The app's own folders (named ``anahp-sync``) are closed
whenever the app uses them: nothing but the app belongs there.

The Windows calls (advapi32, through ctypes) are one small class,
:class:`Win32Security`; tests inject a stand-in and run the rest of this module --
which paths, which DACL, when -- exactly as Windows would.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

FILE_MODE = 0o600
DIR_MODE = 0o700
#: well-known SIDs that may hold a DACL entry without the file counting as open to others:
#: the system itself, the machine's administrators (who can take ownership anyway) and the
#: owner placeholders
TRUSTED_SIDS = frozenset({"SY", "S-1-5-18", "BA", "S-1-5-32-544", "OW", "S-1-3-4", "CO", "S-1-3-0"})
_ACE = re.compile(r"\(([^;()]*);([^;()]*);([^;()]*);([^;()]*);([^;()]*);([^;()]*)[^()]*\)")


class Win32Api(Protocol):
    """The three Windows security calls this module needs."""

    def user_sid(self) -> str:
        """The string SID of the account running this process (e.g. ``S-1-5-21-…-1001``)."""
        ...

    def set_dacl(self, path: str, sddl: str) -> None:
        """Replace the DACL of ``path`` by the one of ``sddl`` (``D:P(...)``: protected)."""
        ...

    def dacl(self, path: str) -> str:
        """The DACL of ``path`` in SDDL (``D:...``)."""
        ...


class Permissions(Protocol):
    def close_dir(self, path: Path) -> None: ...

    def close_file(self, path: Path) -> None: ...

    def open_to_others(self, path: Path) -> bool: ...


class PosixPermissions:
    def close_dir(self, path: Path) -> None:
        os.chmod(path, DIR_MODE)

    def close_file(self, path: Path) -> None:
        os.chmod(path, FILE_MODE)

    def open_to_others(self, path: Path) -> bool:
        return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


class WindowsPermissions:
    """Owner-only DACLs; ``api`` is :class:`Win32Security` on Windows, a stand-in in tests."""

    def __init__(self, api: Win32Api | None = None) -> None:
        self._api = api or Win32Security()
        self._sid: str | None = None

    @property
    def sid(self) -> str:
        if self._sid is None:
            self._sid = self._api.user_sid()
        return self._sid

    def owner_only(self, *, folder: bool) -> str:
        """The DACL: protected, one entry, full access for this account (inherited below a folder)."""
        inherit = "OICI" if folder else ""
        return f"D:P(A;{inherit};FA;;;{self.sid})"

    def close_dir(self, path: Path) -> None:
        self._api.set_dacl(str(path), self.owner_only(folder=True))

    def close_file(self, path: Path) -> None:
        self._api.set_dacl(str(path), self.owner_only(folder=False))

    def open_to_others(self, path: Path) -> bool:
        """True when an entry allows anyone but this account, SYSTEM or Administrators in."""
        for kind, _flags, _rights, _object, _inherited, sid in _ACE.findall(
            self._api.dacl(str(path))
        ):
            if kind.upper() in ("A", "OA") and sid not in TRUSTED_SIDS and sid != self.sid:
                return True
        return False


def default_permissions() -> Permissions:
    return WindowsPermissions() if sys.platform == "win32" else PosixPermissions()


def private_dir(path: Path, permissions: Permissions | None = None, *, close: bool = False) -> Path:
    """``path`` as a folder; every folder created here is owner-only, and ``path`` itself too
    when ``close`` (the app's own folders)."""
    permissions = permissions or default_permissions()
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            folder.mkdir(mode=DIR_MODE)
            permissions.close_dir(folder)
    if close and path not in missing:
        permissions.close_dir(path)
    return path


def create_private_file(path: Path, permissions: Permissions | None = None) -> bool:
    """Create ``path`` empty and owner-only; False (nothing changed) when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    (permissions or default_permissions()).close_file(path)
    return True


def write_private_text(
    path: Path, text: str, permissions: Permissions | None = None, encoding: str = "utf-8"
) -> None:
    """Write ``path`` atomically through a private temporary file beside it.

    The file keeps the owner-only protection it is created with (POSIX mode or
    Windows DACL travel with the file through the rename).
    """
    permissions = permissions or default_permissions()
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    create_private_file(tmp, permissions)
    try:
        with open(tmp, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def open_to_others(path: Path, permissions: Permissions | None = None) -> bool:
    """Whether anyone but this account (and the system's own) may open ``path``."""
    return (permissions or default_permissions()).open_to_others(path)


def exposed(paths: list[Path], permissions: Permissions | None = None) -> Iterator[Path]:
    """Those of ``paths`` that exist and are open to others."""
    for path in paths:
        try:
            if path.exists() and open_to_others(path, permissions):
                yield path
        except OSError:
            continue


_BINARY = getattr(os, "O_BINARY", 0)


class Win32Security:
    """``Win32Api`` through advapi32 (Windows only)."""

    SE_FILE_OBJECT = 1
    DACL_SECURITY_INFORMATION = 0x4
    PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000
    SDDL_REVISION_1 = 1
    TOKEN_QUERY = 0x0008
    TOKEN_USER_CLASS = 1

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        self._ctypes = ctypes
        self._wintypes = wintypes
        self._advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)  # type: ignore[attr-defined]
        self._kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        self._declare()

    def _declare(self) -> None:
        """Argument and result types: handles and pointers are 64-bit, ctypes' default is int."""
        c, w = self._ctypes, self._wintypes
        pointer, handle, dword = c.c_void_p, w.HANDLE, w.DWORD
        a, k = self._advapi32, self._kernel32
        k.GetCurrentProcess.restype = handle
        k.GetCurrentProcess.argtypes = []
        k.CloseHandle.argtypes = [handle]
        k.LocalFree.argtypes = [pointer]
        k.LocalFree.restype = pointer
        a.OpenProcessToken.argtypes = [handle, dword, c.POINTER(handle)]
        a.GetTokenInformation.argtypes = [handle, c.c_int, pointer, dword, c.POINTER(dword)]
        a.ConvertSidToStringSidW.argtypes = [pointer, c.POINTER(w.LPWSTR)]
        a.ConvertStringSecurityDescriptorToSecurityDescriptorW.argtypes = [
            w.LPCWSTR,
            dword,
            c.POINTER(pointer),
            pointer,
        ]
        a.GetSecurityDescriptorDacl.argtypes = [
            pointer,
            c.POINTER(w.BOOL),
            c.POINTER(pointer),
            c.POINTER(w.BOOL),
        ]
        a.SetNamedSecurityInfoW.argtypes = [
            w.LPWSTR,
            c.c_int,
            dword,
            pointer,
            pointer,
            pointer,
            pointer,
        ]
        a.SetNamedSecurityInfoW.restype = dword
        a.GetNamedSecurityInfoW.argtypes = [
            w.LPCWSTR,
            c.c_int,
            dword,
            pointer,
            pointer,
            c.POINTER(pointer),
            pointer,
            c.POINTER(pointer),
        ]
        a.GetNamedSecurityInfoW.restype = dword
        a.ConvertSecurityDescriptorToStringSecurityDescriptorW.argtypes = [
            pointer,
            dword,
            dword,
            c.POINTER(w.LPWSTR),
            pointer,
        ]

    def _free(self, value: Any) -> None:
        self._kernel32.LocalFree(self._ctypes.cast(value, self._ctypes.c_void_p))

    def _check(self, ok: int, call: str) -> None:
        if not ok:
            code = self._ctypes.get_last_error()  # type: ignore[attr-defined]
            raise OSError(code, f"{call} failed (Windows error {code})")

    def user_sid(self) -> str:
        ctypes, wintypes = self._ctypes, self._wintypes
        token = wintypes.HANDLE()
        process = self._kernel32.GetCurrentProcess()
        self._check(
            self._advapi32.OpenProcessToken(process, self.TOKEN_QUERY, ctypes.byref(token)),
            "OpenProcessToken",
        )
        try:
            size = wintypes.DWORD()
            self._advapi32.GetTokenInformation(
                token, self.TOKEN_USER_CLASS, None, 0, ctypes.byref(size)
            )
            buffer = ctypes.create_string_buffer(size.value)
            self._check(
                self._advapi32.GetTokenInformation(
                    token, self.TOKEN_USER_CLASS, buffer, size.value, ctypes.byref(size)
                ),
                "GetTokenInformation",
            )
            sid = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0]  # TOKEN_USER.User.Sid
            text = wintypes.LPWSTR()
            self._check(
                self._advapi32.ConvertSidToStringSidW(sid, ctypes.byref(text)),
                "ConvertSidToStringSidW",
            )
            try:
                return str(text.value)
            finally:
                self._free(text)
        finally:
            self._kernel32.CloseHandle(token)

    def set_dacl(self, path: str, sddl: str) -> None:
        ctypes, wintypes = self._ctypes, self._wintypes
        descriptor = ctypes.c_void_p()
        self._check(
            self._advapi32.ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl, self.SDDL_REVISION_1, ctypes.byref(descriptor), None
            ),
            "ConvertStringSecurityDescriptorToSecurityDescriptorW",
        )
        try:
            present, defaulted = wintypes.BOOL(), wintypes.BOOL()
            acl = ctypes.c_void_p()
            self._check(
                self._advapi32.GetSecurityDescriptorDacl(
                    descriptor, ctypes.byref(present), ctypes.byref(acl), ctypes.byref(defaulted)
                ),
                "GetSecurityDescriptorDacl",
            )
            error = self._advapi32.SetNamedSecurityInfoW(
                path,
                self.SE_FILE_OBJECT,
                self.DACL_SECURITY_INFORMATION | self.PROTECTED_DACL_SECURITY_INFORMATION,
                None,
                None,
                acl,
                None,
            )
            if error:
                raise OSError(error, f"SetNamedSecurityInfoW failed (Windows error {error})")
        finally:
            self._free(descriptor)

    def dacl(self, path: str) -> str:
        ctypes, wintypes = self._ctypes, self._wintypes
        descriptor = ctypes.c_void_p()
        acl = ctypes.c_void_p()
        error = self._advapi32.GetNamedSecurityInfoW(
            path,
            self.SE_FILE_OBJECT,
            self.DACL_SECURITY_INFORMATION,
            None,
            None,
            ctypes.byref(acl),
            None,
            ctypes.byref(descriptor),
        )
        if error:
            raise OSError(error, f"GetNamedSecurityInfoW failed (Windows error {error})")
        try:
            text = wintypes.LPWSTR()
            self._check(
                self._advapi32.ConvertSecurityDescriptorToStringSecurityDescriptorW(
                    descriptor,
                    self.SDDL_REVISION_1,
                    self.DACL_SECURITY_INFORMATION,
                    ctypes.byref(text),
                    None,
                ),
                "ConvertSecurityDescriptorToStringSecurityDescriptorW",
            )
            try:
                return str(text.value)
            finally:
                self._free(text)
        finally:
            self._free(descriptor)
