"""Who may read or change the files a scheduled task shares with the operator (``icacls``).

The layout ``anahp-sync export-for-task`` writes under ``C:\\ProgramData\\anahp-sync``
(ProgramData lets every local user read what is created in it, so each
object gets an explicit, non-inherited ACL)::

    anahp-sync\\          Administrators, SYSTEM: full (inherited below); operator: modify
                          (this folder only); task account: read (this folder only)
      config.toml        Administrators, SYSTEM: full; operator: modify; task account: read
      secrets.dpapi      Administrators, SYSTEM: full; task account: read; owner Administrators
      state\\             Administrators, SYSTEM: full; operator and task account: modify,
                          inherited by the SQLite file and its -wal/-shm/-journal files

``icacls`` is used rather than the security API because it resolves account
names (``HOSPITAL\\svc-anahp``, a gMSA's ``HOSPITAL\\svc-anahp$``) and
well-known SIDs itself, and because the exact command lines can be checked in
tests and read by an administrator.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

ADMINISTRATORS = "*S-1-5-32-544"
SYSTEM = "*S-1-5-18"
#: accounts Windows knows by well-known SIDs (icacls takes "*SID" in any language of Windows)
WELL_KNOWN = {
    "system": SYSTEM,
    "nt authority\\system": SYSTEM,
    "localsystem": SYSTEM,
    "local service": "*S-1-5-19",
    "nt authority\\local service": "*S-1-5-19",
    "network service": "*S-1-5-20",
    "nt authority\\network service": "*S-1-5-20",
}

FULL, MODIFY, READ, READ_EXECUTE = "F", "M", "R", "RX"

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


@dataclass(frozen=True)
class Grant:
    """One access control entry: an account (name or ``*SID``), its rights, inherited or not."""

    who: str
    rights: str
    inherit: bool = False

    def spec(self) -> str:
        inherit = "(OI)(CI)" if self.inherit else ""
        return f"{principal(self.who)}:{inherit}({self.rights})"


def principal(account: str) -> str:
    """What icacls is given for ``account``: its well-known SID when it has one."""
    return WELL_KNOWN.get(account.strip().lower(), account.strip())


def commands(
    path: PurePath, grants: Sequence[Grant], owner: str = "", *, recursive: bool = False
) -> list[list[str]]:
    """The icacls command lines that give ``path`` exactly ``grants`` (and no inherited ACE).

    ``/reset`` first (explicit ACEs added by hand are gone; with ``recursive``,
    ``/T``, the files inside go back to inheriting from the folder), then
    inheritance from the parent removed and the grants written, then the owner.
    """
    target = str(path)
    lines = [["icacls", target, "/reset", *(["/T"] if recursive else []), "/Q"]]
    lines.append(["icacls", target, "/inheritance:r", "/grant:r", *(g.spec() for g in grants)])
    if owner:
        lines.append(["icacls", target, "/setowner", principal(owner)])
    return lines


def apply(
    path: PurePath,
    grants: Sequence[Grant],
    run: Runner,
    owner: str = "",
    *,
    recursive: bool = False,
) -> None:
    """Run :func:`commands`; Windows' own answer is in the sentence when it refuses."""
    for line in commands(path, grants, owner, recursive=recursive):
        result = run(line)
        if result.returncode != 0:
            answer = " ".join((result.stdout + " " + result.stderr).split())
            raise ConfigurationError(
                _("Windows refused to set who may read {path} ({answer}).").format(
                    path=path, answer=answer or f"icacls exit {result.returncode}"
                )
            )
