"""Operator-facing text of the engine and CLI, in English and Brazilian Portuguese.

The engine translates with gettext (``locale/<lang>/LC_MESSAGES/anahp_sync.mo``);
the Qt layer has its own ``.qm`` catalogue and calls :func:`install` with the
language it chose, so engine errors shown in the GUI match the window.
Source strings are English; an untranslated string falls back to English.
"""

from __future__ import annotations

import contextlib
import gettext
import locale
import os
from pathlib import Path

DOMAIN = "anahp_sync"
LOCALE_DIR = Path(__file__).with_name("locale")
SUPPORTED = ("pt_BR", "en")

_translation: gettext.NullTranslations = gettext.NullTranslations()


def system_language() -> str:
    """The supported language closest to the operator's system locale."""
    candidates = [os.environ.get(var, "") for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):  # broken locale settings
        candidates.append(locale.getlocale()[0] or "")
    for value in candidates:
        if not value or value in ("C", "POSIX", "C.UTF-8"):
            continue
        return "pt_BR" if value.lower().startswith(("pt", "portuguese")) else "en"
    return "en"


def resolve_language(setting: str | None) -> str:
    """Map a settings value ("system", "pt_BR", "en", "pt-BR", ...) to a supported language."""
    if not setting or setting == "system":
        return system_language()
    normalized = setting.replace("-", "_")
    if normalized.lower().startswith("pt"):
        return "pt_BR"
    return "en"


def install(language: str | None = None) -> str:
    """Select the language for every later call of :func:`_`; returns the one chosen."""
    global _translation
    chosen = resolve_language(language)
    _translation = gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[chosen], fallback=True
    )
    return chosen


def _(message: str) -> str:
    """Translate ``message`` into the installed language."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; translate it later with ``_()``."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)
