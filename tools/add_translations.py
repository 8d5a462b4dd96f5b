"""Fill pt_BR translations from a small JSON file: {"English source": "Tradução", ...}.

    python tools/add_translations.py new.json && python tools/engine_catalog.py compile

Handy for a few new strings between full translation passes; plural entries take a list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parents[1] / "anahp_desktop/locale/pt_BR/LC_MESSAGES/anahp_sync.po"


def main(path: str) -> None:
    additions = json.loads(Path(path).read_text(encoding="utf-8"))
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="pt_BR")
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in additions:
            value = additions[key]
            message.string = tuple(value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, ignore_obsolete=True, sort_by_file=True)


if __name__ == "__main__":
    main(sys.argv[1])
