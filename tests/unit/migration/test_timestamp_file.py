"""The old service's LAST_SYNC_TIMESTAMP_FILE: isoformat() only, never a silent default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.migration.timestamp_file import in_view_time, read_last_sync, zone_named

NOW = datetime(2026, 12, 1, 12, 0)  # naive UTC
SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def file_with(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "last_sync_timestamp.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "written",
    [
        datetime(2026, 11, 27, 14, 5, 9, 123456, tzinfo=timezone(timedelta(hours=-3))),
        datetime(2026, 11, 27, 17, 5, 9, 123456, tzinfo=UTC),
        datetime(2026, 11, 27, 17, 5, 9, tzinfo=UTC),
    ],
)
def test_what_isoformat_writes_with_an_offset_is_read_in_the_views_time(
    tmp_path: Path, written: datetime
) -> None:
    last = read_last_sync(file_with(tmp_path, written.isoformat() + "\n"), NOW)
    assert last.moment == written and last.has_offset
    start = in_view_time(last, SAO_PAULO, None, NOW)
    assert start == written.astimezone(SAO_PAULO).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("text", "zone", "view_time"),
    [
        ("2026-11-27T17:05:09", "UTC", datetime(2026, 11, 27, 14, 5, 9)),
        ("2026-11-27 14:05:09.123", "America/Sao_Paulo", datetime(2026, 11, 27, 14, 5, 9, 123000)),
        ("2026-11-27T14:05", "America/Sao_Paulo", datetime(2026, 11, 27, 14, 5)),
    ],
)
def test_a_time_without_offset_is_read_in_the_zone_the_operator_names(
    tmp_path: Path, text: str, zone: str, view_time: datetime
) -> None:
    last = read_last_sync(file_with(tmp_path, text), NOW)
    assert not last.has_offset
    assert in_view_time(last, SAO_PAULO, zone_named(zone), NOW) == view_time


def test_a_time_without_offset_and_no_zone_is_refused_with_both_choices(tmp_path: Path) -> None:
    last = read_last_sync(file_with(tmp_path, "2026-11-27T17:05:09"), NOW)
    with pytest.raises(ConfigurationError) as caught:
        in_view_time(last, SAO_PAULO, None, NOW)
    message = caught.value.message
    assert "without a time zone" in message
    assert "UTC (a Docker container's default) or America/Sao_Paulo (the view's" in message
    assert "with --timestamp-zone on the command line" in message


def test_a_missing_file_is_an_error_never_a_start_from_the_beginning(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        read_last_sync(tmp_path / "last_sync_timestamp.txt", NOW)
    message = caught.value.message
    assert "does not exist" in message and "--timestamp-file" in message
    assert message.endswith("Nothing was changed.")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "is empty"),
        ("\n  \n", "is empty"),
        ("1732716309", "holds '1732716309', not a time as the old service wrote it"),
        ("27/11/2026 14:05", "not a time as the old service wrote it"),
        ("2026-11-27T14:05:09Z", "not a time as the old service wrote it"),
        ("2026-11-27", "not a time as the old service wrote it"),
        ("2026-11-27T14:05:09\n2026-11-28T14:05:09", "not a time as the old service wrote it"),
        ("2026-02-30T10:00:00", "holds an impossible date"),
        (b"\x00\xff\xfe binary", "is not text"),
        ("x" * 500, "is too long"),
        ("2027-01-01T00:00:00+00:00", "later than now"),
    ],
)
def test_anything_else_is_refused_with_a_sentence_naming_the_file(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    path = file_with(tmp_path, content)
    with pytest.raises(ConfigurationError) as caught:
        read_last_sync(path, NOW)
    assert expected in caught.value.message
    assert str(path) in caught.value.message


def test_a_folder_is_not_a_timestamp_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="is a folder"):
        read_last_sync(tmp_path, NOW)


def test_a_file_the_system_cannot_open_is_named_with_the_systems_reason(tmp_path: Path) -> None:
    not_a_folder = file_with(tmp_path, "2026-11-27T14:05:09")
    with pytest.raises(ConfigurationError) as caught:
        read_last_sync(not_a_folder / "last_sync_timestamp.txt", NOW)
    assert caught.value.message == (
        f"Cannot read the timestamp file {not_a_folder / 'last_sync_timestamp.txt'}: "
        "Not a directory. Nothing was changed."
    )


def test_a_naive_time_in_the_future_for_its_zone_is_refused(tmp_path: Path) -> None:
    last = read_last_sync(file_with(tmp_path, "2026-12-01T11:00:00"), NOW)
    # 11:00 in São Paulo is 14:00 UTC, two hours after NOW
    with pytest.raises(ConfigurationError, match="later than now"):
        in_view_time(last, SAO_PAULO, SAO_PAULO, NOW)
    assert in_view_time(last, SAO_PAULO, UTC, NOW) == datetime(2026, 12, 1, 8, 0)


def test_an_unknown_zone_name_is_one_sentence() -> None:
    with pytest.raises(ConfigurationError, match="Brasilia is not a time zone"):
        zone_named("Brasilia")
