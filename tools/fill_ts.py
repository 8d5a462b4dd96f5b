"""Fill the unfinished entries of the Qt catalogues from a JSON file, then compile them.

    tools/update_translations            # lupdate: new strings arrive "unfinished"
    .venv/bin/python tools/fill_ts.py new.json
    tools/update_translations --qm

The JSON maps an English source text to its pt_BR translation: a string, or for
a ``%n`` plural a list ``[singular, plural]``; for such plurals the English
forms are given as ``{"en": [...], "pt_BR": [...]}``. English entries that are
not plurals get their source text. Entries already translated are left alone.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

I18N = Path(__file__).resolve().parents[1] / "resources" / "i18n"
MESSAGE = re.compile(r"<message( numerus=\"yes\")?>(.*?)</message>", re.S)
SOURCE = re.compile(r"<source>(.*?)</source>", re.S)
UNFINISHED = re.compile(
    r"<translation type=\"unfinished\">.*?</translation>|<translation type=\"unfinished\"/>", re.S
)


def _escape(text: str) -> str:
    """As lupdate writes text: &amp; &lt; &gt; &apos; &quot;."""
    return html.escape(text, quote=True).replace("&#x27;", "&apos;")


def _forms(value: object, language: str) -> list[str] | str | None:
    if isinstance(value, dict):
        return value.get(language)
    if language == "pt_BR":
        return value  # type: ignore[return-value]
    return None


def fill(ts: Path, language: str, table: dict[str, object]) -> list[str]:
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        plural, body = bool(match.group(1)), match.group(2)
        if not UNFINISHED.search(body):
            return match.group(0)
        found = SOURCE.search(body)
        source = html.unescape(found.group(1)) if found else ""
        value = _forms(table[source], language) if source in table else None
        if value is None and language == "en" and not plural:
            value = source
        if value is None:
            missing.append(source)
            return match.group(0)
        if plural:
            assert isinstance(value, list), source
            forms = "".join(
                f"\n            <numerusform>{_escape(form)}</numerusform>" for form in value
            )
            translation = f"<translation>{forms}\n        </translation>"
        else:
            assert isinstance(value, str), source
            translation = f"<translation>{_escape(value)}</translation>"
        return match.group(0).replace(UNFINISHED.search(body).group(0), translation)  # type: ignore[union-attr]

    text = MESSAGE.sub(replace, ts.read_text(encoding="utf-8"))
    ts.write_text(text, encoding="utf-8")
    return missing


def main(path: str) -> int:
    table = json.loads(Path(path).read_text(encoding="utf-8"))
    missing = []
    for language in ("pt_BR", "en"):
        missing += fill(I18N / f"anahp_desktop_{language}.ts", language, table)
    for source in missing:
        print("untranslated:", source)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
