"""Each executable's Windows version resource: Task Manager tells the two programs apart.

PyInstaller only writes a version resource when it builds on Windows (its
``versioninfo`` module imports Windows-only modules), so the data is checked
here, from packaging/version_info.py, and the resource itself by the Windows
checklist in docs/windows.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from anahp_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import version_info  # noqa: E402 - packaging/ is not a package


def test_the_two_programs_have_distinct_descriptions_in_both_languages() -> None:
    desktop = version_info.string_tables("anahp-desktop", __version__)
    cli = version_info.string_tables("anahp-sync", __version__)
    assert desktop["041604B0"]["FileDescription"] == "ANAHP Sync"
    assert cli["041604B0"]["FileDescription"] == "ANAHP Sync (linha de comando)"
    assert cli["040904B0"]["FileDescription"] == "ANAHP Sync (command line)"
    for table in version_info.TABLES:
        assert desktop[table]["FileDescription"] != cli[table]["FileDescription"]
        assert (desktop[table]["OriginalFilename"], cli[table]["OriginalFilename"]) == (
            "anahp-desktop.exe",
            "anahp-sync.exe",
        )
        assert desktop[table]["FileVersion"] == cli[table]["ProductVersion"] == __version__


@pytest.mark.parametrize(
    "version,numbers", [("0.1.0", (0, 1, 0, 0)), ("1.2.3+abc", (1, 2, 3, 0)), ("2", (2, 0, 0, 0))]
)
def test_file_version_numbers(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert version_info.file_version(version) == numbers


def test_build_spec_gives_each_program_its_own_resource() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "version=windows_version(name)" in spec
    assert "version_info.pyinstaller_version_info(name, __version__)" in spec
