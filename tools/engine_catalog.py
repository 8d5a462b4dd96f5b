"""Maintain the engine/CLI gettext catalogue (the Qt UI has its own .ts/.qm files).

    python tools/engine_catalog.py update    # extract _()/N_()/ngettext() strings, merge into the .po
    python tools/engine_catalog.py compile   # write the .mo the app loads

A test (tests/unit/test_engine_catalog.py) fails when a string is untranslated or the .mo is
stale, so run both after changing any operator-facing text.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "anahp_desktop"
LOCALE = PACKAGE / "locale"
DOMAIN = "anahp_sync"
LANGUAGES = ("pt_BR",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("ui/**.py", "ignore"), ("**.py", "python")]


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    catalog = Catalog(project="anahp-sync", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=METHOD_MAP, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(
            message,
            None,
            [(f"anahp_desktop/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(
            locale=language,
            domain=DOMAIN,
            project="anahp-sync",
            version="",
            copyright_holder="ANAHP Sync Desktop developers",
            fuzzy=False,
        )
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update() -> None:
    template = extract()
    for language in LANGUAGES:
        catalog = load(language)
        catalog.update(template, no_fuzzy_matching=True)
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(
                handle,
                catalog,
                width=100,
                omit_header=False,
                ignore_obsolete=True,
                sort_by_file=True,
            )


def compiled(language: str) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, load(language), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        mo_path(language).write_bytes(compiled(language))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    else:
        sys.exit(__doc__)
