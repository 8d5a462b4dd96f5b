"""Every string of the UI has a Portuguese translation, and the .qm files match the .ts."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from anahp_desktop.ui.resources import resources_dir

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LANGUAGES = ("pt_BR", "en")


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    found: dict[tuple[str, str], ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            found[(name, message.findtext("source") or "")] = message
    return found


def _lupdate(target: Path, language: str) -> None:
    sources = sorted(str(p) for p in (ROOT / "anahp_desktop" / "ui").rglob("*.py"))
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources,
            "-locations",
            "none",
            "-source-language",
            "en",
            "-target-language",
            language,
            "-ts",
            str(target),
        ],
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ui_string_is_translated(tmp_path: Path, language: str) -> None:
    fresh = tmp_path / "fresh.ts"
    _lupdate(fresh, language)
    in_code = set(_messages(fresh))
    committed = _messages(resources_dir() / "i18n" / f"anahp_desktop_{language}.ts")
    missing = sorted(in_code - set(committed))
    assert not missing, f"run tools/update_translations and translate: {missing[:10]}"
    assert len(in_code) > 250
    for key in in_code:
        translation = committed[key].find("translation")
        assert translation is not None
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), key
        texts = [f.text for f in translation.iter("numerusform")] or [translation.text]
        assert all(texts), f"empty translation for {key}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogues_are_up_to_date(tmp_path: Path, language: str) -> None:
    ts = resources_dir() / "i18n" / f"anahp_desktop_{language}.ts"
    compiled = tmp_path / "fresh.qm"
    subprocess.run(
        # as tools/update_translations compiles them: identical texts left out (Qt shows the source)
        [
            str(BIN / "pyside6-lrelease"),
            "-silent",
            "-removeidentical",
            str(ts),
            "-qm",
            str(compiled),
        ],
        check=True,
        capture_output=True,
    )
    committed = resources_dir() / "i18n" / f"anahp_desktop_{language}.qm"
    assert committed.read_bytes() == compiled.read_bytes(), "run tools/update_translations --qm"


def test_portuguese_catalogue_is_used(qapp: object) -> None:
    from PySide6.QtCore import QCoreApplication, QTranslator

    translator = QTranslator()
    assert translator.load(str(resources_dir() / "i18n" / "anahp_desktop_pt_BR.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert QCoreApplication.translate("Dashboard", "Sync now") == "Sincronizar agora"
        assert QCoreApplication.translate("Labels", "Failed") == "Falhou"
        plural = QCoreApplication.translate(
            "MainWindow", "Send the %n waiting batch(es) to SINHA now?", "", 3
        )
        assert plural == "Enviar agora ao SINHA os 3 lotes em espera?"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_no_ui_module_writes_a_translator_note_by_accident() -> None:
    """lupdate reads ``#:`` as a note for translators and pins it to the next tr() it meets.

    A constant's ``#:`` documentation comment thus showed up, glued to unrelated notes, beside
    strings far below it; in the UI a plain ``#`` comment says the same without that.
    """
    noted = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "anahp_desktop" / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.lstrip().startswith("#:")
    ]
    assert noted == []
