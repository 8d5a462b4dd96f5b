"""The Windows version resource of each executable: what Explorer and Task Manager show.

Both programs used to carry the same FileDescription, so Task Manager listed
two "ANAHP Sync" processes and nobody could tell the tray app from the
scheduled command line. Each now has its own description, in Brazilian
Portuguese and in English (Windows shows the table of the user's language),
with its own internal and original file name.

Pure data here; build.spec turns it into PyInstaller's ``VSVersionInfo``.
"""

from __future__ import annotations

COMPANY = "ANAHP"
PRODUCT = "ANAHP Sync Desktop"
COPYRIGHT = "ANAHP - Associação Nacional de Hospitais Privados"
#: language id, code page (Unicode): the string tables, in the order Windows should prefer them
TABLES = {"041604B0": (0x0416, 1200), "040904B0": (0x0409, 1200)}
DESCRIPTIONS = {
    "anahp-desktop": {"041604B0": "ANAHP Sync", "040904B0": "ANAHP Sync"},
    "anahp-sync": {
        "041604B0": "ANAHP Sync (linha de comando)",
        "040904B0": "ANAHP Sync (command line)",
    },
}


def file_version(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` (or ``0.1.0+local``) as the four numbers of FILEVERSION."""
    numbers = [int(part) for part in version.split("+")[0].split(".")[:4] if part.isdigit()]
    padded = [*numbers, 0, 0, 0, 0][:4]
    return (padded[0], padded[1], padded[2], padded[3])


def string_tables(program: str, version: str) -> dict[str, dict[str, str]]:
    """Each string table (by its language id) of ``program``'s version resource."""
    return {
        table: {
            "CompanyName": COMPANY,
            "FileDescription": DESCRIPTIONS[program][table],
            "FileVersion": version,
            "InternalName": program,
            "LegalCopyright": COPYRIGHT,
            "OriginalFilename": f"{program}.exe",
            "ProductName": PRODUCT,
            "ProductVersion": version,
        }
        for table in TABLES
    }


def pyinstaller_version_info(program: str, version: str):  # type: ignore[no-untyped-def]
    """PyInstaller's ``VSVersionInfo`` for ``program`` (imported here: only build.spec calls it)."""
    from PyInstaller.utils.win32 import versioninfo as vi

    numbers = file_version(version)
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=numbers, prodvers=numbers),
        kids=[
            vi.StringFileInfo(
                [
                    vi.StringTable(table, [vi.StringStruct(k, v) for k, v in strings.items()])
                    for table, strings in string_tables(program, version).items()
                ]
            ),
            vi.VarFileInfo(
                [vi.VarStruct("Translation", [n for pair in TABLES.values() for n in pair])]
            ),
        ],
    )
