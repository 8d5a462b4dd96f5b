"""The engine/CLI Portuguese catalogue is complete and compiled (see tools/engine_catalog.py)."""

from __future__ import annotations

import gettext
import importlib.util
import sys
from pathlib import Path

import pytest

from anahp_desktop import translation

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():  # type: ignore[no-untyped-def]
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location(
        "engine_catalog", ROOT / "tools" / "engine_catalog.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["engine_catalog"] = module
    spec.loader.exec_module(module)
    return module


def test_every_engine_string_has_a_portuguese_translation(tool) -> None:  # type: ignore[no-untyped-def]
    template = tool.extract()
    catalog = tool.load("pt_BR")
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        if (
            translated is None
            or translated.fuzzy
            or not strings
            or (isinstance(strings, tuple) and not all(strings))
        ):
            missing.append(message.id)
    assert not missing, (
        f"untranslated (run tools/engine_catalog.py update, translate, compile): {missing[:10]}"
    )


def test_the_compiled_catalogue_is_up_to_date(tool) -> None:  # type: ignore[no-untyped-def]
    assert tool.mo_path("pt_BR").read_bytes() == tool.compiled("pt_BR"), (
        "run tools/engine_catalog.py compile"
    )


def test_placeholders_survive_translation(tool) -> None:  # type: ignore[no-untyped-def]
    import re

    for message in tool.load("pt_BR"):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"\{[a-z_]+[^}]*\}", ids[-1]))
        for text in strings:
            assert set(re.findall(r"\{[a-z_]+[^}]*\}", text)) == wanted, (message.id, text)


def test_installing_portuguese_translates_engine_messages() -> None:
    try:
        translation.install("pt_BR")
        assert translation._("Sync finished.") != "Sync finished."
    finally:
        translation.install("en")
    assert translation._("Sync finished.") == "Sync finished."
    assert isinstance(
        gettext.translation(translation.DOMAIN, translation.LOCALE_DIR, ["pt_BR"]),
        gettext.GNUTranslations,
    )
