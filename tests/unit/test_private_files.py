"""Owner-only files and folders: POSIX modes for real, Windows DACLs through the same code
with the three Windows security calls injected (a stand-in that keeps DACLs per path)."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from anahp_desktop import applog, private_files
from anahp_desktop.private_files import (
    PosixPermissions,
    WindowsPermissions,
    create_private_file,
    exposed,
    private_dir,
    write_private_text,
)

USER = "S-1-5-21-1004336348-1177238915-682003330-1001"
#: %LOCALAPPDATA%'s usual DACL (what a file created there inherits on Windows)
LOCALAPPDATA_DACL = f"D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;ID;FA;;;{USER})"
#: C:\\ProgramData's: every local user may read what is created there
PROGRAMDATA_DACL = "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)(A;OICIID;0x1200a9;;;BU)"


class FakeWin32:
    """The Win32Api: user_sid, set_dacl, dacl -- what Windows would keep, per path."""

    def __init__(self, default: str = LOCALAPPDATA_DACL) -> None:
        self.default = default
        self.dacls: dict[str, str] = {}
        self.calls: list[tuple[str, str]] = []

    def user_sid(self) -> str:
        return USER

    def set_dacl(self, path: str, sddl: str) -> None:
        assert os.path.exists(path), f"set_dacl on a missing {path}"
        self.calls.append((path, sddl))
        self.dacls[path] = sddl

    def dacl(self, path: str) -> str:
        return self.dacls.get(path, self.default)


@pytest.fixture
def no_umask() -> Iterator[None]:
    previous = os.umask(0)  # the worst case: 0666 files and 0777 folders by default
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- POSIX ----------------------------------------------------------------------------------


def test_folders_made_here_are_0700_and_files_0600_under_umask_000(
    tmp_path: Path, no_umask: None
) -> None:
    folder = private_dir(tmp_path / "a" / "b")
    assert (mode(tmp_path / "a"), mode(folder)) == (0o700, 0o700)
    assert create_private_file(folder / "state.sqlite")
    assert mode(folder / "state.sqlite") == 0o600
    write_private_text(folder / "config.toml", "x = 1\n")
    assert mode(folder / "config.toml") == 0o600
    assert sorted(p.name for p in folder.iterdir()) == ["config.toml", "state.sqlite"]


def test_an_existing_file_or_folder_is_left_alone_unless_it_is_the_apps_own(
    tmp_path: Path, no_umask: None
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    (shared / "state.sqlite").write_text("")
    os.chmod(shared / "state.sqlite", 0o644)
    private_dir(shared)
    assert not create_private_file(shared / "state.sqlite")
    assert (mode(shared), mode(shared / "state.sqlite")) == (0o755, 0o644)
    private_dir(shared, close=True)  # the app's own folder (anahp-sync): closed on every use
    assert mode(shared) == 0o700


def test_open_to_others_names_what_group_or_others_may_open(tmp_path: Path) -> None:
    files = []
    for name, file_mode in (("ok", 0o600), ("group", 0o640), ("world", 0o604)):
        path = tmp_path / name
        path.write_text("")
        os.chmod(path, file_mode)
        files.append(path)
    assert list(exposed([*files, tmp_path / "missing"], PosixPermissions())) == files[1:]


def test_log_files_are_private_including_after_a_rollover(tmp_path: Path, no_umask: None) -> None:
    logger = logging.getLogger("anahp_desktop")
    before = list(logger.handlers)
    for handler in before:
        logger.removeHandler(handler)
    try:
        path = applog.setup(directory=tmp_path / "log")
        assert path is not None
        handler = next(h for h in logger.handlers if getattr(h, "_anahp_file", False))
        assert isinstance(handler, applog.TolerantRotatingFileHandler)
        logger.warning("first")
        handler.doRollover()
        logger.warning("second")
        handler.flush()
        files = sorted((tmp_path / "log").iterdir())
        assert [f.name for f in files] == ["anahp-sync.log", "anahp-sync.log.1"]
        assert [mode(f) for f in files] == [0o600, 0o600]
        assert mode(tmp_path / "log") == 0o700
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        for handler in before:
            logger.addHandler(handler)


# -- Windows, through the same code ---------------------------------------------------------


def test_windows_folders_and_files_get_a_protected_owner_only_dacl(tmp_path: Path) -> None:
    api = FakeWin32()
    windows = WindowsPermissions(api)
    folder = private_dir(tmp_path / "anahp-sync", windows)
    create_private_file(folder / "state.sqlite", windows)
    write_private_text(folder / "config.toml", "x = 1\n", windows)
    assert api.dacls[str(folder)] == f"D:P(A;OICI;FA;;;{USER})"  # inherited by -wal and -shm
    assert api.dacls[str(folder / "state.sqlite")] == f"D:P(A;;FA;;;{USER})"
    temporary = [path for path, _ in api.calls if path.endswith(".tmp")]
    assert len(temporary) == 1 and api.dacls[temporary[0]] == f"D:P(A;;FA;;;{USER})"
    assert not windows.open_to_others(folder / "state.sqlite")


def test_windows_existing_files_in_programdata_are_reported_open_to_others(
    tmp_path: Path,
) -> None:
    api = FakeWin32(default=PROGRAMDATA_DACL)
    windows = WindowsPermissions(api)
    state = tmp_path / "state.sqlite"
    state.write_text("")  # made by hand in C:\\ProgramData: inherits "Users may read"
    assert not create_private_file(state, windows)
    assert api.calls == []  # an existing file is not changed behind the operator's back
    assert list(exposed([state], windows)) == [state]


@pytest.mark.parametrize(
    ("dacl", "open_to_others"),
    [
        (LOCALAPPDATA_DACL, False),  # system, administrators and the user
        (f"D:P(A;;FA;;;{USER})", False),
        ("D:AI(A;ID;FA;;;SY)(A;ID;FA;;;S-1-5-32-544)(A;ID;FA;;;OW)", False),
        (PROGRAMDATA_DACL, True),  # BUILTIN\\Users
        (f"D:(A;;FA;;;{USER})(A;;FR;;;WD)", True),  # Everyone
        (f"D:(A;;FA;;;{USER})(A;;0x1200a9;;;AU)", True),  # Authenticated Users
        (f"D:(A;;FA;;;{USER})(A;;FA;;;S-1-5-21-1004336348-1177238915-682003330-1002)", True),
        (f"D:(A;;FA;;;{USER})(D;;FA;;;WD)", False),  # a deny entry opens nothing
    ],
)
def test_windows_open_to_others_reads_the_dacl(dacl: str, open_to_others: bool) -> None:
    api = FakeWin32(default=dacl)
    assert WindowsPermissions(api).open_to_others(Path("C:/x")) is open_to_others


def test_the_platform_decides_which_permissions_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(private_files.default_permissions(), PosixPermissions)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(private_files, "Win32Security", FakeWin32)
    assert isinstance(private_files.default_permissions(), WindowsPermissions)
