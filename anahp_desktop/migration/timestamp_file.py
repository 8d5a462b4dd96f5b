"""The old service's ``LAST_SYNC_TIMESTAMP_FILE``: when it last synced successfully.

The service wrote ``datetime.isoformat()``: ``2026-11-27T14:05:09.123456``, with an
offset (``-03:00``) when its datetime was aware. Only that form is accepted,
with ``T`` or a space between date and time; anything else, a missing, empty or
unreadable file, or a time in the future is refused with a sentence. There is
no default: starting from the beginning would send the whole history again.

A time without an offset says nothing about its clock (a container's UTC, or
the hospital's local time), so the operator names the zone it was written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

#: what datetime.isoformat() writes, for every timespec from hours to microseconds
ISOFORMAT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}(?::\d{2}(?::\d{2}(?:\.\d{3}|\.\d{6})?)?)?"
    r"(?:[+-]\d{2}:\d{2}(?::\d{2}(?:\.\d{6})?)?)?"
)
#: the file holds one line; anything much longer is not the service's file
MAX_BYTES = 200
EXAMPLE = "2026-11-27T14:05:09.123456-03:00"


@dataclass(frozen=True)
class LastSync:
    """The time read from the file, as written (aware when the file had an offset)."""

    path: Path
    text: str
    moment: datetime

    @property
    def has_offset(self) -> bool:
        return self.moment.tzinfo is not None


def read_last_sync(path: Path, now_utc: datetime | None = None) -> LastSync:
    """Read and check the file; every problem is a ConfigurationError naming the file."""
    text = _read_text(path)
    if not text:
        raise ConfigurationError(
            _(
                "The timestamp file {path} is empty: the old service never finished a sync, or "
                "this is not its file. Nothing was changed."
            ).format(path=path)
        )
    if not ISOFORMAT.fullmatch(text):
        raise ConfigurationError(
            _(
                "The timestamp file {path} holds {text}, not a time as the old service wrote it "
                "(for example {example}). Nothing was changed."
            ).format(path=path, text=_quoted(text), example=EXAMPLE)
        )
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # the right shape, an impossible date (2026-02-30)
        raise ConfigurationError(
            _("The timestamp file {path} holds an impossible date: {text}.").format(
                path=path, text=_quoted(text)
            )
        ) from None
    last = LastSync(path, text, moment)
    now = now_utc or datetime.now(UTC).replace(tzinfo=None)
    if last.has_offset and moment.astimezone(UTC).replace(tzinfo=None) > now:
        raise in_the_future(last)
    return last


def zone_named(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(
            _("{name} is not a time zone (examples: UTC, America/Sao_Paulo).").format(name=name)
        ) from None


def in_view_time(
    last: LastSync, view_zone: tzinfo, written_in: tzinfo | None, now_utc: datetime
) -> datetime:
    """The moment as the view writes ``updated_at``: naive, in the view's zone.

    ``written_in`` is the zone of a time without offset; required for such a time.
    """
    moment = last.moment
    if moment.tzinfo is None:
        if written_in is None:
            raise ConfigurationError(
                _(
                    "The timestamp file {path} holds {text} without a time zone: say which "
                    "clock the old service wrote it with, UTC (a Docker container's default) or "
                    "{zone} (the view's time zone), with --timestamp-zone on the command line, "
                    "and check the dry run. Nothing was changed."
                ).format(path=last.path, text=last.text, zone=view_zone)
            )
        moment = moment.replace(tzinfo=written_in)
    if moment.astimezone(UTC).replace(tzinfo=None) > now_utc:
        raise in_the_future(last)
    return moment.astimezone(view_zone).replace(tzinfo=None)


def in_the_future(last: LastSync) -> ConfigurationError:
    return ConfigurationError(
        _(
            "The timestamp file {path} says the last sync was at {text}, which is later than "
            "now: records changed until then would never be sent. Check the clock of the "
            "machine the old service ran on, or the zone given. Nothing was changed."
        ).format(path=last.path, text=last.text)
    )


def _read_text(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ConfigurationError(
            _(
                "The timestamp file {path} does not exist. Give the file the old service wrote "
                "(its LAST_SYNC_TIMESTAMP_FILE, kept in a Docker volume) with --timestamp-file: "
                "without it the app cannot know what was already delivered. Nothing was changed."
            ).format(path=path)
        ) from None
    except IsADirectoryError:
        raise ConfigurationError(
            _("{path} is a folder, not the old service's timestamp file.").format(path=path)
        ) from None
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot read the timestamp file {path}: {reason}. Nothing was changed.").format(
                path=path, reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    if len(raw) > MAX_BYTES:
        raise ConfigurationError(
            _(
                "The timestamp file {path} is too long to be the old service's timestamp file. "
                "Nothing was changed."
            ).format(path=path)
        )
    try:
        return raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ConfigurationError(
            _(
                "The timestamp file {path} is not text: it is not the old service's timestamp "
                "file. Nothing was changed."
            ).format(path=path)
        ) from None


def _quoted(text: str) -> str:
    shown = text if len(text) <= 60 else text[:60] + "…"
    return repr(shown)
