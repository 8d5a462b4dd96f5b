"""Small helpers for database and API URLs that must never leak a password."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

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


def without_credentials(url: str) -> str:
    """An http(s) URL fit to show: a user or password inside it becomes ``***``.

    For URLs an operator typed, which may be broken (no ``//``, a bad IPv6 host):
    never raises, and never returns what came before an ``@``.
    """
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is not None and "@" in parts.netloc:
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit(parts._replace(netloc=f"***@{host}"))
    return "***@" + url.rsplit("@", 1)[1]


def has_credentials(url: str) -> bool:
    try:
        return "@" in urlsplit(url).netloc
    except ValueError:
        return "@" in url
