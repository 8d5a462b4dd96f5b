"""Whether a file lives on a network share: SQLite must not keep the state there.

SQLite's write-ahead log needs shared memory that does not exist across
computers, and its file locks over SMB (and NFS) are unreliable: two programs
could both believe they hold the lock, and the state store -- the record of
what was sent -- would be corrupted. So a SQLite file on a network share is
refused with a sentence pointing at the SQL Server state store.

Windows: a UNC path (``\\\\server\\share\\...``, also ``\\\\?\\UNC\\...``) or a
drive letter Windows reports as ``DRIVE_REMOTE`` (a mapped network drive).
Linux: a path whose mount is a network file system (cifs, smb3, nfs, ...).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath
from typing import Any

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

DRIVE_REMOTE = 4  # GetDriveTypeW
NETWORK_FILESYSTEMS = frozenset(
    {"cifs", "smb3", "smbfs", "nfs", "nfs4", "afs", "ncpfs", "fuse.sshfs", "davfs", "9p"}
)
_DEVICE = re.compile(r"^[\\/]{2}[?.][\\/]")  # \\?\ or \\.\ prefixes

DriveType = Callable[[str], int]


def _drive_type(root: str) -> int:
    windll: Any = getattr(__import__("ctypes"), "windll")  # noqa: B009 - Windows only
    return int(windll.kernel32.GetDriveTypeW(root))


def _mounts() -> str:
    try:
        return Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def network_share(
    path: str,
    *,
    platform: str | None = None,
    drive_type: DriveType | None = None,
    mounts: str | None = None,
) -> str:
    """Where on the network ``path`` is (``\\\\server\\share``, ``Z: (network drive)``), or ""."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return _windows_share(path, drive_type or _drive_type)
    if platform.startswith("linux"):
        return _linux_share(path, _mounts() if mounts is None else mounts)
    return ""


def _windows_share(path: str, drive_type: DriveType) -> str:
    text = path.strip()
    if _DEVICE.match(text):
        rest = text[4:]
        if rest[:4].upper() in ("UNC\\", "UNC/"):
            return "\\\\" + "\\".join(_share_parts(rest[4:]))
        text = rest  # \\?\C:\... is a local path written the long way
    elif text[:2] in ("\\\\", "//", "\\/", "/\\"):
        return "\\\\" + "\\".join(_share_parts(text[2:]))
    drive = PureWindowsPath(text).drive
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:
        return _("{drive} (a network drive)").format(drive=drive)
    return ""


def _share_parts(rest: str) -> list[str]:
    parts = [p for p in re.split(r"[\\/]", rest) if p]
    return parts[:2]


def _linux_share(path: str, mounts: str) -> str:
    target = str(Path(path).absolute())
    best, best_type, best_source = "", "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        source, point, fstype = fields[0], _unescape(fields[1]), fields[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type, best_source = point, fstype, source
    return best_source if best_type in NETWORK_FILESYSTEMS else ""


def _unescape(field: str) -> str:
    """/proc/mounts writes spaces and the like as octal escapes (\\040)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def refuse_network_sqlite(path: str, **probe: Any) -> None:
    """Raise the operator's sentence when the SQLite file ``path`` is on a network share."""
    where = network_share(path, **probe)
    if where:
        raise ConfigurationError(
            _(
                "The SQLite database {path} is on a network share ({where}): SQLite cannot lock "
                "a file safely over the network, so the record of what was sent could be "
                'corrupted. Keep the state store in SQL Server (leave "State store" empty in '
                "the settings), or in a folder on this computer."
            ).format(path=path, where=where)
        )
