"""The dashboard's chart: its dates in the window's own date format, per language."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot

from anahp_desktop.ui.views.chart import DailyChart

LAST_DAY = date(2026, 12, 2)
DAYS = [(LAST_DAY - timedelta(days=29 - i), 10 * i, i % 3) for i in range(30)]


@pytest.fixture
def locale() -> Iterator[None]:
    yield
    QLocale.setDefault(QLocale("en"))  # the session's language (tests/ui/conftest.py)


@pytest.mark.parametrize(
    ("language", "first", "last", "tooltip"),
    [
        ("pt_BR", "03/11", "02/12", "02/12/2026: 290 delivered, 2 rejected"),
        ("en", "11-03", "12-02", "2026-12-02: 290 delivered, 2 rejected"),
    ],
)
def test_chart_dates_follow_the_windows_date_format(
    qtbot: QtBot, locale: None, language: str, first: str, last: str, tooltip: str
) -> None:
    QLocale.setDefault(QLocale(language))
    chart = DailyChart()
    qtbot.addWidget(chart)
    chart.set_days(DAYS)
    labels = chart.axis_labels()
    assert sorted(labels) == [0, 5, 10, 15, 20, 25, 29]
    assert (labels[0], labels[29]) == (first, last)
    assert chart.tooltip_text(29) == tooltip  # the app's catalogue is English here
