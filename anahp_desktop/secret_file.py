"""Secrets for a scheduled task's account: DPAPI-protected, in a file only that account reads.

A service account is usually denied interactive logon (a gMSA always is), and
SYSTEM has a Credential Manager of its own, so nobody can "log in once and run
``secrets set``" for them; machine-wide environment variables are readable by
every local user. So an administrator writes the secrets into a file:

* each value encrypted with DPAPI's machine key (:mod:`anahp_desktop.windows.dpapi`)
  and an application entropy -- useless on any other computer, never plaintext;
* the file's ACL lets only the task's account read it (Administrators and
  SYSTEM keep full control; its owner is Administrators, so the operator's
  own account cannot grant itself access);
* written through the one settings writer (unique temporary file, retry while
  an antivirus holds it), the ACL set before it takes the old file's place.

The file is JSON: ``{"format", "version", "account", "secrets": {name: base64}}``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from anahp_desktop.config.settings import Settings
from anahp_desktop.errors import SecretsUnavailableError
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.translation import _

# The Windows modules and the settings writer are imported where a secret file is read or
# written: every command asks :func:`for_settings` for its secrets, and most settings name no
# secret file (a sync's start-up would load them for nothing).
if TYPE_CHECKING:
    from anahp_desktop.windows import acl
    from anahp_desktop.windows.host import WindowsHost

FORMAT = "anahp-sync-secret-file"
VERSION = 1
#: DPAPI's optional entropy: another program's machine-scope blob does not open as ours
ENTROPY = b"anahp-sync secret file v1"
DESCRIPTION = "ANAHP Sync"

HostFactory = Callable[[], "WindowsHost"]


def grants(account: str) -> list[acl.Grant]:
    """Administrators and SYSTEM: full control; the task's account: read; nobody else."""
    from anahp_desktop.windows import acl

    return [
        acl.Grant(acl.ADMINISTRATORS, acl.FULL),
        acl.Grant(acl.SYSTEM, acl.FULL),
        acl.Grant(account, acl.READ),
    ]


class SecretFile:
    """A :class:`~anahp_desktop.secrets.SecretBackend` over a DPAPI-protected file."""

    def __init__(self, path: Path, account: str = "", windows: HostFactory | None = None) -> None:
        self.path = path
        self.account = account
        self._windows = windows

    def _host(self) -> WindowsHost:
        from anahp_desktop.windows import host

        return (self._windows or host.current)()

    # -- reading ----------------------------------------------------------------------------

    def get(self, name: SecretName) -> str | None:
        from anahp_desktop.windows.dpapi import DpapiError

        encoded = self._load()["secrets"].get(name.value)
        if encoded is None:
            return None
        try:
            blob = base64.b64decode(encoded, validate=True)
        except (binascii.Error, TypeError) as exc:
            raise self._not_ours() from exc
        try:
            value = self._host().dpapi.unprotect(blob, ENTROPY)
        except DpapiError as exc:
            raise SecretsUnavailableError(
                _(
                    "The secret file {path} cannot be decrypted here (Windows error {code:#x}): "
                    "a secret file works only on the computer where it was written; run "
                    "'anahp-sync export-for-task' on this computer as administrator."
                ).format(path=self.path, code=exc.code)
            ) from exc
        return value.decode("utf-8")

    def names(self) -> list[SecretName]:
        stored = self._load()["secrets"]
        return [name for name in SecretName if name.value in stored]

    def _load(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise SecretsUnavailableError(
                _(
                    "The secret file {path} named in the settings does not exist: write it with "
                    "'anahp-sync export-for-task --account ACCOUNT' as administrator."
                ).format(path=self.path)
            ) from exc
        except PermissionError as exc:
            raise SecretsUnavailableError(
                _(
                    "The account {user} may not read the secret file {path}: only the account it "
                    "was written for ({account}) may. Run this as that account (the scheduled "
                    "task does), or write the file for {user} with 'anahp-sync export-for-task' "
                    "as administrator."
                ).format(
                    user=self._host().user_name(),
                    path=self.path,
                    account=self.account or "?",
                )
            ) from exc
        except OSError as exc:
            raise SecretsUnavailableError(
                _("Cannot read the secret file {path}: {reason}").format(
                    path=self.path, reason=exc.strerror or type(exc).__name__
                )
            ) from exc
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise self._not_ours() from exc
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or not isinstance(data.get("secrets"), dict)
        ):
            raise self._not_ours()
        return data

    def _not_ours(self) -> SecretsUnavailableError:
        return SecretsUnavailableError(
            _(
                "{path} is not an ANAHP Sync secret file: write it again with "
                "'anahp-sync export-for-task' as administrator."
            ).format(path=self.path)
        )

    # -- writing (as administrator) -----------------------------------------------------------

    def set(self, name: SecretName, value: str) -> None:
        values = self._decrypted_all() if self.path.exists() else {}
        values[name] = value
        self.write(values)

    def delete(self, name: SecretName) -> None:
        if not self.path.exists():
            return
        values = self._decrypted_all()
        if values.pop(name, None) is not None:
            self.write(values)

    def _decrypted_all(self) -> dict[SecretName, str]:
        values: dict[SecretName, str] = {}
        for name in self.names():
            value = self.get(name)
            if value is not None:
                values[name] = value
        return values

    def write(self, values: Mapping[SecretName, str]) -> None:
        """Replace the file's content with ``values``, readable only by :attr:`account`."""
        from anahp_desktop.config.writer import ConfigWriter
        from anahp_desktop.windows import acl

        windows = self._host()
        if not self.account:
            raise SecretsUnavailableError(
                _("The secret file {path} has no account to be read by (secrets.account).").format(
                    path=self.path
                )
            )
        if not windows.is_admin():
            raise SecretsUnavailableError(
                _(
                    "Writing the secret file {path} needs an administrator: open the command "
                    'prompt with "Run as administrator" and run this again.'
                ).format(path=self.path)
            )
        data = {
            "format": FORMAT,
            "version": VERSION,
            "protection": "DPAPI, machine key",
            "account": self.account,
            "secrets": {
                name.value: base64.b64encode(
                    windows.dpapi.protect(value.encode("utf-8"), ENTROPY, DESCRIPTION)
                ).decode("ascii")
                for name, value in values.items()
            },
        }

        def secure(temporary: Path) -> None:
            acl.apply(temporary, grants(self.account), windows.run, owner=acl.ADMINISTRATORS)

        ConfigWriter(self.path, secure=secure, label=_("secret file")).write_text(
            json.dumps(data, indent=2) + "\n"
        )


def for_settings(settings: Settings, env: Mapping[str, str] | None = None) -> Secrets:
    """The secrets these settings use: environment first, then the secret file or the keyring."""
    store = settings.secrets
    if store.file:
        return Secrets(SecretFile(Path(store.file), store.account), env=env)
    return Secrets(env=env)


def describe_location(secrets: Secrets) -> str:
    """Where :func:`for_settings` keeps secrets, for messages."""
    backend = secrets.backend
    if isinstance(backend, SecretFile):
        return _("the secret file {path}").format(path=backend.path)
    return _("the OS keyring")
