"""Starting the desktop app at login, minimized to the tray (the ``app.autostart`` setting).

One small class per platform, each writing what that platform reads at login:
Windows the ``Run`` key of the current user, Linux desktops an XDG autostart
``.desktop`` file, macOS a LaunchAgent property list. Nothing here needs
administrator rights, and turning the setting off removes exactly what was written.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

APP_ID = "anahp-sync-desktop"
DISPLAY_NAME = "ANAHP Sync"
WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
MAC_LABEL = "br.org.anahp.sync-desktop"


class Autostart(Protocol):
    def enable(self, command: Sequence[str]) -> None: ...

    def disable(self) -> None: ...

    def is_enabled(self) -> bool: ...


GUI_PROGRAM = "anahp-desktop"


def launch_command() -> list[str]:
    """How this installation starts the desktop app minimized (bundle or Python).

    In the bundle, the desktop program sits next to whichever program is running
    (``anahp-sync`` may be the one writing the login item). From a Python install,
    Windows gets ``pythonw.exe``, which opens no console window at login.
    """
    executable = Path(sys.executable)
    if getattr(sys, "frozen", False):
        gui = executable.with_name(GUI_PROGRAM + executable.suffix)
        return [str(gui if gui.is_file() else executable), "--minimized"]
    windowless = executable.with_name("pythonw.exe")
    python = windowless if windowless.is_file() else executable
    return [str(python), "-m", "anahp_desktop", "--minimized"]


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/anahp-sync-desktop.desktop`` (GNOME, KDE, XFCE, ...)."""

    def __init__(self, config_home: Path | None = None) -> None:
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def enable(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            "\n".join(
                [
                    "[Desktop Entry]",
                    "Type=Application",
                    f"Name={DISPLAY_NAME}",
                    "Comment=Sends discharge records to ANAHP's SINHA",
                    f"Exec={shlex.join(command)}",
                    "Terminal=false",
                    "X-GNOME-Autostart-enabled=true",
                    "",
                ]
            ),
            encoding="utf-8",
        )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.exists()


class MacLaunchAgent:
    """``~/Library/LaunchAgents/br.org.anahp.sync-desktop.plist``, run at login."""

    def __init__(self, home: Path | None = None) -> None:
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"

    def enable(self, command: Sequence[str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("wb") as handle:
            plistlib.dump(
                {
                    "Label": MAC_LABEL,
                    "ProgramArguments": list(command),
                    "RunAtLoad": True,
                    "ProcessType": "Interactive",
                },
                handle,
            )

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)

    def is_enabled(self) -> bool:
        return self.path.exists()


class WindowsRunKey:
    """A value named "ANAHP Sync" under HKCU\\...\\Run holding the quoted command line.

    ``registry`` is the ``winreg`` module (injectable: there is no registry off Windows).
    """

    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            import winreg as registry  # type: ignore[import-not-found,no-redef,unused-ignore]
        self._reg = registry

    def enable(self, command: Sequence[str]) -> None:
        with self._reg.CreateKey(self._reg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
            self._reg.SetValueEx(
                key, DISPLAY_NAME, 0, self._reg.REG_SZ, subprocess.list2cmdline(command)
            )

    def disable(self) -> None:
        try:
            with self._reg.OpenKey(
                self._reg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, self._reg.KEY_SET_VALUE
            ) as key:
                self._reg.DeleteValue(key, DISPLAY_NAME)
        except FileNotFoundError:
            return

    def is_enabled(self) -> bool:
        try:
            with self._reg.OpenKey(self._reg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
                self._reg.QueryValueEx(key, DISPLAY_NAME)
        except FileNotFoundError:
            return False
        return True


def for_this_platform(platform: str = sys.platform) -> Autostart:
    if platform.startswith("win"):
        return WindowsRunKey()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()


def apply(enabled: bool, autostart: Autostart | None = None) -> None:
    """Make the login item match the setting."""
    target = autostart or for_this_platform()
    if enabled:
        target.enable(launch_command())
    else:
        target.disable()
