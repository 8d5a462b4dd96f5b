"""The Windows Credential Manager, simulated under keyring's real ``WinVaultKeyring``.

There is no Windows here. keyring's Windows backend imports
``win32ctypes.pywin32.pywintypes`` and ``win32ctypes.pywin32.win32cred``
(pywin32-ctypes, which it prefers to pywin32); this module provides both, with
the same names, signatures, dictionaries and errors, over an in-memory vault,
and loads keyring's own ``keyring/backends/Windows.py`` against them. So the
code under test meets exactly what it meets on Windows: keyring's compound
target names, its handling of "not found" (1168), and every other Win32 error
surfacing as ``pywintypes.error(winerror, funcname, strerror)`` -- modelled on
pywin32-ctypes' class (an ``Exception`` with ``winerror``, ``funcname`` and
``strerror``, the tuple in ``args``), like pywin32's own ``pywintypes.error``.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import keyring.backends

#: Windows' own texts (FormatMessage, en-US) for the errors the vault raises
MESSAGES = {
    1168: "Element not found.",
    1312: "A specified logon session does not exist. It may already have been terminated.",
    1783: "The stub received bad data.",
}
CRED_TYPE_GENERIC = 1
CRED_MAX_CREDENTIAL_BLOB_SIZE = 5 * 512


class error(Exception):
    """``pywintypes.error`` as pywin32-ctypes defines it."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        self.winerror = args[0] if len(args) > 0 else None
        self.funcname = args[1] if len(args) > 1 else None
        self.strerror = args[2] if len(args) > 2 else None
        Exception.__init__(self, *args, **kw)


error.__module__ = "win32ctypes.pywin32.pywintypes"


def win_error(code: int, function: str) -> error:
    return error(code, function, MESSAGES[code])


@dataclass
class Vault:
    """The current user's generic credentials, by target name, as Credential Manager keeps them."""

    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: False: the session has no credential store (S4U task, WinRM, SSH): every call fails 1312
    logon_session: bool = True

    def targets(self) -> dict[str, str]:
        """Target name -> user name: what Control Panel -> Windows Credentials lists."""
        return {t: c["UserName"] for t, c in sorted(self.credentials.items())}

    # -- the win32cred API, as pywin32-ctypes has it ------------------------------------------

    def CredRead(self, TargetName: str, Type: int, Flags: int = 0) -> dict[str, Any]:
        self._session("CredRead")
        if TargetName not in self.credentials:
            raise win_error(1168, "CredRead")
        return dict(self.credentials[TargetName])

    def CredWrite(self, Credential: dict[str, Any], Flags: int = 0) -> None:
        self._session("CredWrite")
        blob = Credential["CredentialBlob"]
        data = blob.encode("utf-16-le") if isinstance(blob, str) else bytes(blob)
        if len(data) > CRED_MAX_CREDENTIAL_BLOB_SIZE:
            raise win_error(1783, "CredWrite")
        stored = {key: value for key, value in Credential.items() if key != "CredentialBlob"}
        stored["CredentialBlob"] = data
        self.credentials[Credential["TargetName"]] = stored

    def CredDelete(self, TargetName: str, Type: int, Flags: int = 0) -> None:
        self._session("CredDelete")
        if self.credentials.pop(TargetName, None) is None:
            raise win_error(1168, "CredDelete")

    def _session(self, function: str) -> None:
        if not self.logon_session:
            raise win_error(1312, function)


def _modules(vault: Vault) -> dict[str, types.ModuleType]:
    package = types.ModuleType("win32ctypes")
    pywin32 = types.ModuleType("win32ctypes.pywin32")
    pywintypes = types.ModuleType("win32ctypes.pywin32.pywintypes")
    pywintypes.error = error  # type: ignore[attr-defined]
    win32cred = types.ModuleType("win32ctypes.pywin32.win32cred")
    for name in ("CredRead", "CredWrite", "CredDelete"):
        setattr(win32cred, name, getattr(vault, name))
    constants = {
        "CRED_TYPE_GENERIC": CRED_TYPE_GENERIC,
        "CRED_PERSIST_SESSION": 1,
        "CRED_PERSIST_LOCAL_MACHINE": 2,
        "CRED_PERSIST_ENTERPRISE": 3,
    }
    for name, value in constants.items():
        setattr(win32cred, name, value)
    package.pywin32 = pywin32  # type: ignore[attr-defined]
    pywin32.pywintypes = pywintypes  # type: ignore[attr-defined]
    pywin32.win32cred = win32cred  # type: ignore[attr-defined]
    return {
        "win32ctypes": package,
        "win32ctypes.pywin32": pywin32,
        "win32ctypes.pywin32.pywintypes": pywintypes,
        "win32ctypes.pywin32.win32cred": win32cred,
    }


@contextmanager
def credential_manager(vault: Vault | None = None) -> Iterator[Vault]:
    """keyring's real ``WinVaultKeyring`` over ``vault``, as the active keyring."""
    vault = vault or Vault()
    modules = _modules(vault)
    saved = {name: sys.modules.get(name) for name in modules}
    previous = keyring.get_keyring()
    sys.modules.update(modules)
    try:
        source = Path(keyring.backends.__file__).with_name("Windows.py")
        name = "keyring.backends._simulated_windows"
        spec = importlib.util.spec_from_file_location(name, source)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert not module.missing_deps, "keyring's Windows backend did not take the simulation"
        keyring.set_keyring(module.WinVaultKeyring())
        yield vault
    finally:
        keyring.set_keyring(previous)
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old
