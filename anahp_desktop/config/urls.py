"""Small helpers for database and API URLs that must never leak a password."""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError


def strip_password(url: str) -> str:
    """``url`` without its password (an unparsable value is returned unchanged)."""
    if not url:
        return url
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.password is None:
        return url
    # URL.set() treats None as "unchanged"; URL is a NamedTuple, so replace the field itself
    return parsed._replace(password=None).render_as_string(hide_password=False)


def redact(url: str | URL) -> str:
    """A URL safe to show or log: password replaced by ``***``."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"
