"""A Windows for the task-account commands, on a machine that has none.

:class:`SimulatedWindows` is what :func:`anahp_desktop.windows.host.current`
returns in these tests: DPAPI from :mod:`tests.helpers.fake_dpapi`, an
administrator or not, the operator's account name, and a ``run`` that
records every command line (``icacls``, ``schtasks``) and plays ``icacls``
on a model of the ACLs, so a test can ask who may read a file.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from anahp_desktop.windows.host import WindowsHost
from tests.helpers.fake_dpapi import Computer


@dataclass
class Acl:
    owner: str = ""
    protected: bool = False  # inheritance from the parent removed
    grants: dict[str, str] = field(default_factory=dict)  # principal -> "(OI)(CI)(M)" etc.

    def who_can(self, right: str) -> set[str]:
        """Principals whose explicit grants include ``right`` ("R" read, "W" write)."""
        implies = {"F": "RW", "M": "RW", "RX": "R", "R": "R", "W": "W"}
        found = set()
        for who, spec in self.grants.items():
            letters = spec.rsplit("(", 1)[-1].rstrip(")")
            if right in implies.get(letters, ""):
                found.add(who)
        return found


@dataclass
class SimulatedWindows:
    admin: bool = True
    user: str = r"HOSPITAL\ana.operadora"
    computer: Computer = field(default_factory=Computer)
    commands: list[list[str]] = field(default_factory=list)
    acls: dict[str, Acl] = field(default_factory=dict)
    #: answers a command instead of the default (e.g. icacls refusing an unknown account)
    answer: Callable[[list[str]], subprocess.CompletedProcess[str] | None] = lambda _argv: None

    def host(self) -> WindowsHost:
        return WindowsHost(
            self.computer.dpapi(),
            self.run,
            lambda: self.admin,
            lambda: self.user,
            lambda argv: self.run(argv).returncode,
        )

    def run(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        line = list(argv)
        self.commands.append(line)
        special = self.answer(line)
        if special is not None:
            return special
        if line[0] == "icacls":
            self._icacls(line[1], line[2:])
            return subprocess.CompletedProcess(
                line,
                0,
                f"processed file: {line[1]}\nSuccessfully processed 1 files; "
                "Failed processing 0 files\n",
                "",
            )
        return subprocess.CompletedProcess(line, 0, "SUCCESS\n", "")

    def _icacls(self, path: str, options: list[str]) -> None:
        entry = self.acls.setdefault(path, Acl())
        i = 0
        while i < len(options):
            option = options[i]
            if option == "/reset":
                entry.grants.clear()
                entry.protected = False
            elif option == "/inheritance:r":
                entry.protected = True
            elif option == "/grant:r":
                while i + 1 < len(options) and not options[i + 1].startswith("/"):
                    i += 1
                    who, _sep, rights = options[i].rpartition(":")
                    entry.grants[who] = rights
            elif option == "/setowner":
                i += 1
                entry.owner = options[i]
            i += 1

    def acl_of(self, path: object) -> Acl:
        return self.acls[str(path)]

    def acl_of_saved(self, path: Path) -> Acl:
        """The ACL a file got through the settings writer: set on its temporary file, which
        then took the file's place (a rename keeps the ACL)."""
        prefix = str(path.parent / f"{path.name}.")
        written = [p for p in self.acls if p.startswith(prefix) and p.endswith(".tmp")]
        assert written, f"no ACL was set on a temporary file of {path}"
        return self.acls[written[-1]]

    def command_lines(self, program: str) -> list[list[str]]:
        return [line for line in self.commands if line[0] == program]
