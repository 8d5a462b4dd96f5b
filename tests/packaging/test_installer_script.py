"""The Inno Setup script in packaging/windows: consistent with the bundle, the README and the task.

Inno Setup runs only on Windows, so the installer is not built here (the Windows
checklist in docs/windows.md builds and tries it); what can drift is checked.
"""

from __future__ import annotations

import re
from pathlib import Path

from anahp_desktop.os_scheduler import TASK_NAME

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "anahp-sync.iss"
TEXT = SCRIPT.read_text(encoding="utf-8")
DEFINES = dict(re.findall(r'^#define (\w+) "([^"]*)"', TEXT, flags=re.MULTILINE))


def setup_value(key: str) -> str:
    match = re.search(rf"^{key}=(.*)$", TEXT, flags=re.MULTILINE)
    assert match, key
    return match.group(1).strip()


def test_it_installs_the_two_programs_build_spec_makes() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    gui, cli = re.search(r'GUI, CLI = "([\w-]+)", "([\w-]+)"', spec).groups()  # type: ignore[union-attr]
    folder = re.search(r'FOLDER = "([\w-]+)"', spec).group(1)  # type: ignore[union-attr]
    assert (DEFINES["DesktopExe"], DEFINES["CliExe"]) == (f"{gui}.exe", f"{cli}.exe")
    assert DEFINES["Bundle"].replace("\\", "/") == f"../../dist/{folder}"
    assert 'Source: "{#Bundle}\\*"' in TEXT and "recursesubdirs" in TEXT


def test_the_minimum_windows_is_the_one_the_readme_states() -> None:
    assert setup_value("MinVersion") == "10.0.17763"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Windows 10 version 1809 (build 17763) or later" in readme
    assert setup_value("ArchitecturesAllowed") == "x64compatible"


def test_the_version_is_given_not_written_in_the_script() -> None:
    assert "#ifndef AppVersion" in TEXT and "#error" in TEXT
    assert setup_value("AppVersion") == "{#AppVersion}"


def test_files_it_names_exist() -> None:
    icon = (SCRIPT.parent / setup_value("SetupIconFile").replace("\\", "/")).resolve()
    assert icon == ROOT / "resources" / "icons" / "app.ico" and icon.is_file()


def test_uninstall_deletes_the_task_schedule_install_creates() -> None:
    assert DEFINES["TaskName"] == TASK_NAME
    assert 'Parameters: "/Delete /TN ""{#TaskName}"" /F"' in TEXT


def test_the_readme_names_the_script_and_its_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "packaging/windows/anahp-sync.iss" in readme
    assert "iscc /DAppVersion=" in readme.replace("\n  ", " ")
