"""The Windows calls the task-account commands make, in one replaceable object.

:func:`current` builds the real one on Windows. Off Windows it refuses with a
sentence; the tests replace it with a simulated Windows (a DPAPI stand-in, a
recorder of ``icacls``/``schtasks`` command lines, an administrator or not).
"""

from __future__ import annotations

import locale
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _
from anahp_desktop.windows import dpapi
from anahp_desktop.windows.acl import Runner


@dataclass(frozen=True)
class WindowsHost:
    dpapi: dpapi.Dpapi
    #: runs a Windows command (icacls, schtasks) and returns its exit code and output
    run: Runner
    #: True in an elevated ("Run as administrator") process
    is_admin: Callable[[], bool]
    #: DOMAIN\user of this process
    user_name: Callable[[], str]
    #: runs a command on this console (schtasks asks for a password there); its exit code
    run_attached: Callable[[Sequence[str]], int]


def run_command(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run a console tool of Windows; its output is in the console's (OEM) code page."""
    result = subprocess.run(list(argv), capture_output=True, check=False)
    windows = sys.platform.startswith("win")
    encoding = "oem" if windows else locale.getpreferredencoding(False)
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode(encoding, "replace"),
        result.stderr.decode(encoding, "replace"),
    )


def run_attached(argv: Sequence[str]) -> int:
    return subprocess.run(list(argv), check=False).returncode


def _is_admin() -> bool:
    windll: Any = getattr(__import__("ctypes"), "windll")  # noqa: B009 - Windows only
    return bool(windll.shell32.IsUserAnAdmin())


def _user_name() -> str:
    domain = os.environ.get("USERDOMAIN", "")
    user = os.environ.get("USERNAME", "")
    return f"{domain}\\{user}" if domain else user


def current(platform: str = sys.platform) -> WindowsHost:
    """This computer's Windows; a ConfigurationError anywhere else."""
    if not platform.startswith("win"):
        raise ConfigurationError(
            _(
                "This works only on Windows (DPAPI secret files, ACLs, the Task Scheduler); "
                "on this system give the secrets in the keyring or in environment variables."
            )
        )
    return WindowsHost(dpapi.for_this_computer(), run_command, _is_admin, _user_name, run_attached)
