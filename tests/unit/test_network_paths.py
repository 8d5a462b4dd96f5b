"""A SQLite state file on a network share is refused: SQLite cannot lock over SMB.

Windows' side is given the drive types Windows would report (``GetDriveTypeW``:
3 a fixed disk, 4 a mapped network drive); Linux's side a mount table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from anahp_desktop.cli import main as cli
from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.network_paths import network_share, refuse_network_sqlite
from anahp_desktop.source.connection import create_database_engine

DRIVE_FIXED, DRIVE_REMOTE = 3, 4


def windows(path: str) -> str:
    types = {"C:\\": DRIVE_FIXED, "D:\\": DRIVE_FIXED, "Z:\\": DRIVE_REMOTE}
    return network_share(path, platform="win32", drive_type=lambda root: types[root.upper()])


@pytest.mark.parametrize(
    "path,where",
    [
        (r"\\srv-arquivos\anahp\state.sqlite", r"\\srv-arquivos\anahp"),
        ("//srv-arquivos/anahp/sub/state.sqlite", r"\\srv-arquivos\anahp"),
        (r"\\?\UNC\srv-arquivos\anahp\state.sqlite", r"\\srv-arquivos\anahp"),
        ("Z:/anahp/state.sqlite", "Z: (a network drive)"),
        (r"z:\anahp\state.sqlite", "z: (a network drive)"),
        ("C:/ProgramData/anahp-sync/state/state.sqlite", ""),
        (r"\\?\D:\dados\state.sqlite", ""),
    ],
)
def test_windows_unc_paths_and_mapped_drives(path: str, where: str) -> None:
    assert windows(path) == where


MOUNTS = (
    "/dev/sda1 / ext4 rw 0 0\n"
    "//srv-arquivos/anahp /mnt/anahp cifs rw,vers=3.0 0 0\n"
    "nas:/export /mnt/nfs\\040share nfs4 rw 0 0\n"
    "tmpfs /mnt/anahp/local tmpfs rw 0 0\n"
)


@pytest.mark.parametrize(
    "path,where",
    [
        ("/mnt/anahp/state.sqlite", "//srv-arquivos/anahp"),
        ("/mnt/nfs share/state.sqlite", "nas:/export"),
        ("/mnt/anahp/local/state.sqlite", ""),  # a local mount inside the share
        ("/var/lib/anahp/state.sqlite", ""),
    ],
)
def test_linux_network_mounts(path: str, where: str) -> None:
    assert network_share(path, platform="linux", mounts=MOUNTS) == where


def test_the_sentence_names_the_share_and_the_way_out() -> None:
    with pytest.raises(ConfigurationError) as caught:
        refuse_network_sqlite(
            r"\\srv-arquivos\anahp\state.sqlite", platform="win32", drive_type=lambda _r: 3
        )
    message = caught.value.message
    assert r"is on a network share (\\srv-arquivos\anahp)" in message
    assert "SQL Server" in message


@pytest.fixture
def share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``tmp_path/share`` mounted, as far as the engine can tell, from an SMB server."""
    from anahp_desktop import network_paths

    folder = tmp_path / "share"
    folder.mkdir()
    monkeypatch.setattr(
        network_paths,
        "_mounts",
        lambda: f"/dev/sda1 / ext4 rw 0 0\n//srv/anahp {folder} cifs rw 0 0\n",
    )
    return folder


def test_the_engine_refuses_a_state_store_on_a_share(share: Path) -> None:
    url = make_url(f"sqlite:///{share / 'state.sqlite'}")
    with pytest.raises(ConfigurationError, match="is on a network share"):
        create_database_engine(url, SourceSettings(), must_exist=False)


def test_status_with_its_state_on_a_share_exits_2(
    share: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    source = tmp_path / "source.sqlite"
    source.write_bytes(b"")
    config.write_text(
        f'[source]\nurl = "sqlite:///{source}"\n[state]\nurl = "sqlite:///{share / "s.sqlite"}"\n',
        encoding="utf-8",
    )
    assert cli.main(["status", "--config", str(config)]) == cli.EXIT_CONFIG
    assert "is on a network share (//srv/anahp)" in capsys.readouterr().err
