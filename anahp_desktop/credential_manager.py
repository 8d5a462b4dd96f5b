"""Windows Credential Manager errors, as they reach us through the keyring backend.

keyring's ``WinVaultKeyring`` turns only "not found" into ``None``; every
other failure of ``CredRead``/``CredWrite``/``CredDelete`` comes through as the
Win32 error itself: ``pywintypes.error`` (pywin32, or pywin32-ctypes, which
keyring prefers), whose ``args`` are ``(winerror, funcname, strerror)``, or a
plain ``OSError`` with ``winerror``. Neither is a ``KeyringError``. The usual
ones on a hospital server:

* 1312 ``ERROR_NO_SUCH_LOGON_SESSION``: the session has no credential store (a
  scheduled task with "Do not store password", a session over WinRM or SSH);
* 1783 ``RPC_X_BAD_STUB_DATA`` from ``CredWrite``: the value is longer than a
  generic credential holds (``CRED_MAX_CREDENTIAL_BLOB_SIZE``, 2,560 bytes of
  UTF-16, so 1,280 characters);
* 5 ``ERROR_ACCESS_DENIED``, 8 ``ERROR_NOT_ENOUGH_MEMORY``: policy or a damaged
  profile.
"""

from __future__ import annotations

from dataclasses import dataclass

from anahp_desktop.translation import _

ERROR_NO_SUCH_LOGON_SESSION = 1312
RPC_X_BAD_STUB_DATA = 1783
ERROR_INVALID_PARAMETER = 87
#: CRED_MAX_CREDENTIAL_BLOB_SIZE (wincred.h): 5 * 512 bytes; keyring stores UTF-16 text
MAX_BLOB_BYTES = 5 * 512
MAX_CHARACTERS = MAX_BLOB_BYTES // 2


@dataclass(frozen=True)
class WinError:
    """A Win32 error: its number, the API function that failed, Windows' own text."""

    code: int
    function: str
    text: str

    def reason(self) -> str:
        text = self.text.rstrip(". ")
        if text:
            return _("Windows error {code}: {text}").format(code=self.code, text=text)
        return _("Windows error {code}").format(code=self.code)


def windows_error(exc: BaseException) -> WinError | None:
    """The Win32 error ``exc`` carries, or None when it is not one."""
    code = getattr(exc, "winerror", None)
    if not isinstance(code, int) or isinstance(code, bool):
        return None
    if not (isinstance(exc, OSError) or _is_pywintypes_error(exc)):
        return None
    function = getattr(exc, "funcname", None) or getattr(exc, "function", None) or ""
    text = getattr(exc, "strerror", None) or ""
    return WinError(code, str(function), str(text).strip())


def _is_pywintypes_error(exc: BaseException) -> bool:
    cls = type(exc)
    return cls.__name__ == "error" and cls.__module__.rsplit(".", 1)[-1] == "pywintypes"


def sentence(error: WinError, secret: str, variable: str, name: str) -> str:
    """What the operator reads: the Windows error number and what to do about it."""
    if error.code == ERROR_NO_SUCH_LOGON_SESSION:
        return _(
            "The Windows Credential Manager cannot be used in this session to keep the "
            '{secret} ({reason}; a scheduled task with "Do not store password" and sessions '
            "over WinRM or SSH have none): give the task account a secret file with "
            "'anahp-sync export-for-task', or set the environment variable {variable}."
        ).format(secret=secret, reason=error.reason(), variable=variable)
    if error.code in (RPC_X_BAD_STUB_DATA, ERROR_INVALID_PARAMETER) and error.function == (
        "CredWrite"
    ):
        return _(
            "The Windows Credential Manager refused the {secret} ({reason}): it keeps at most "
            "{limit} characters. Use a shorter value, or set the environment variable "
            "{variable}."
        ).format(secret=secret, reason=error.reason(), limit=MAX_CHARACTERS, variable=variable)
    return _(
        "The Windows Credential Manager refused to keep the {secret} ({reason}): set the "
        "environment variable {variable}, or store it again with 'anahp-sync secrets set {name}'."
    ).format(secret=secret, reason=error.reason(), variable=variable, name=name)
