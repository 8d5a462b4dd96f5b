"""Autostart at login: the XDG file and the macOS plist for real, the Windows Run key on a stand-in registry."""

from __future__ import annotations

import plistlib
import shlex
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from anahp_desktop import autostart


def test_xdg_desktop_file_starts_minimized_and_is_removed(tmp_path: Path) -> None:
    target = autostart.XdgAutostart(tmp_path)
    command = ["/opt/anahp sync/anahp-desktop", "--minimized"]
    target.enable(command)
    text = (tmp_path / "autostart" / "anahp-sync-desktop.desktop").read_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert shlex.split(exec_line[5:]) == command
    assert "[Desktop Entry]" in text and target.is_enabled()
    target.disable()
    target.disable()
    assert not target.is_enabled()


def test_mac_launch_agent_runs_at_load(tmp_path: Path) -> None:
    target = autostart.MacLaunchAgent(tmp_path)
    target.enable(["/Applications/ANAHP Sync.app/Contents/MacOS/anahp-desktop", "--minimized"])
    with target.path.open("rb") as handle:
        plist = plistlib.load(handle)
    assert plist["RunAtLoad"] is True and plist["ProgramArguments"][-1] == "--minimized"
    target.disable()
    assert not target.is_enabled()


class FakeRegistry:
    """The few winreg calls WindowsRunKey makes, over a dict (no registry exists off Windows)."""

    HKEY_CURRENT_USER = "HKCU"
    REG_SZ = 1
    KEY_SET_VALUE = 2

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dict[str, Any]] = {}

    @contextmanager
    def CreateKey(self, root: str, path: str):  # type: ignore[no-untyped-def]
        yield self.values.setdefault((root, path), {})

    @contextmanager
    def OpenKey(self, root: str, path: str, *_args: object):  # type: ignore[no-untyped-def]
        if (root, path) not in self.values:
            raise FileNotFoundError(path)
        yield self.values[(root, path)]

    def SetValueEx(
        self, key: dict[str, Any], name: str, _reserved: int, kind: int, value: str
    ) -> None:
        key[name] = (kind, value)

    def QueryValueEx(self, key: dict[str, Any], name: str) -> Any:
        if name not in key:
            raise FileNotFoundError(name)
        return key[name]

    def DeleteValue(self, key: dict[str, Any], name: str) -> None:
        if name not in key:
            raise FileNotFoundError(name)
        del key[name]


def test_windows_run_key_holds_the_quoted_command() -> None:
    registry = FakeRegistry()
    target = autostart.WindowsRunKey(registry)
    assert not target.is_enabled()
    target.enable([r"C:\Program Files\ANAHP Sync\anahp-desktop.exe", "--minimized"])
    kind, value = registry.values[("HKCU", autostart.WINDOWS_RUN_KEY)]["ANAHP Sync"]
    assert kind == FakeRegistry.REG_SZ
    assert value == r'"C:\Program Files\ANAHP Sync\anahp-desktop.exe" --minimized'
    assert target.is_enabled()
    target.disable()
    target.disable()
    assert not target.is_enabled()


def test_launch_command_uses_the_bundle_when_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    assert autostart.launch_command()[-2:] == ["anahp_desktop", "--minimized"]
    monkeypatch.setattr("sys.frozen", True, raising=False)
    assert autostart.launch_command()[1:] == ["--minimized"]


def test_apply_follows_the_setting(tmp_path: Path) -> None:
    target = autostart.XdgAutostart(tmp_path)
    autostart.apply(True, target)
    assert target.is_enabled()
    autostart.apply(False, target)
    assert not target.is_enabled()


def test_the_bundle_starts_the_desktop_program_whichever_program_writes_the_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "ANAHP Sync"
    bundle.mkdir()
    desktop = bundle / "anahp-desktop"
    desktop.write_text("")
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.executable", str(bundle / "anahp-sync"))
    assert autostart.launch_command() == [str(desktop), "--minimized"]
    monkeypatch.setattr("sys.executable", str(desktop))
    assert autostart.launch_command() == [str(desktop), "--minimized"]


def test_a_python_install_on_windows_starts_without_a_console(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "python.exe").write_text("")
    (tmp_path / "pythonw.exe").write_text("")
    monkeypatch.setattr("sys.executable", str(tmp_path / "python.exe"))
    assert autostart.launch_command()[0] == str(tmp_path / "pythonw.exe")
