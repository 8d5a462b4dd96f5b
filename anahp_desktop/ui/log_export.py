"""The filtered operations log as a file an operator's spreadsheet opens as columns.

Brazilian Excel reads a CSV with ``;`` between fields and a decimal comma
(``,`` would put every row in one column), so a CSV follows the window's
language: ``;`` for Portuguese, ``,`` for English, with a BOM so Excel reads
UTF-8. Times are the computer's local time with its UTC offset; statuses and
origins (triggers) are the words the window shows. XLSX (XlsxWriter, in
constant-memory mode) carries real dates and numbers and needs no separator.
Rows are streamed from the database a keyset page at a time.

No cell is ever a live formula: CSV text starting with ``= + - @``, a tab or a
carriage return gets a leading apostrophe (``text_safety.spreadsheet_cell``), and
XLSX cells are written as text, never as formulas or links (an operator named
``=HYPERLINK(...)`` stays a name).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from anahp_desktop.state import queries
from anahp_desktop.state.queries import LogFilter, LogRow
from anahp_desktop.state.store import StateStore
from anahp_desktop.text_safety import spreadsheet_cell
from anahp_desktop.ui import formatting

CSV, XLSX = "csv", "xlsx"


def csv_delimiter(locale: QLocale) -> str:
    """``;`` where the decimal mark is a comma (Brazilian Excel's list separator), else ``,``."""
    return ";" if locale.decimalPoint() == "," else ","


def headers() -> list[str]:
    return [
        QCoreApplication.translate("LogExport", "Started"),
        QCoreApplication.translate("LogExport", "Finished"),
        QCoreApplication.translate("LogExport", "Status"),
        QCoreApplication.translate("LogExport", "Origin"),
        "id_lote",
        "CNES",
        QCoreApplication.translate("LogExport", "Records"),
        QCoreApplication.translate("LogExport", "Rejected"),
        QCoreApplication.translate("LogExport", "Attempt"),
        "HTTP",
        QCoreApplication.translate("LogExport", "Error category"),
        QCoreApplication.translate("LogExport", "Error"),
        QCoreApplication.translate("LogExport", "Run"),
        QCoreApplication.translate("LogExport", "Operator"),
        QCoreApplication.translate("LogExport", "App version"),
    ]


def time_text(moment: datetime | None) -> str:
    """Local date and time in the window's format, with the UTC offset (``-03:00``)."""
    value = formatting.local(moment)
    if value is None:
        return ""
    offset = value.strftime("%z")
    return f"{formatting.wall_time(value)} {offset[:3]}:{offset[3:]}"


def status_text(row: LogRow) -> str:
    label = formatting.status_label(row.status)
    if row.resolved:
        return QCoreApplication.translate("LogTableModel", "%1 · resolved").replace("%1", label)
    return label


def cells(row: LogRow, when: Callable[[datetime | None], object]) -> list[object]:
    """One row's values, times through ``when`` (text for CSV, datetimes for XLSX)."""
    return [
        when(row.started_at),
        when(row.finished_at),
        status_text(row),
        formatting.trigger_label(row.trigger),
        row.id_lote or "",
        row.cnes or "",
        row.records_sent,
        row.records_rejected,
        row.attempt,
        row.http_status if row.http_status is not None else "",
        formatting.category_label(row.error_category),
        row.error_message or "",
        row.run_id,
        row.operator,
        row.app_version,
    ]


def export_log(
    store: StateStore, flt: LogFilter, newest_first: bool, path: Path, kind: str = CSV
) -> int:
    """Write every row matching ``flt`` to ``path`` (written aside, then moved in place)."""
    rows = queries.iter_log_rows(store, flt, newest_first=newest_first)
    tmp = path.with_name(path.name + ".part")
    try:
        count = _write_xlsx(rows, tmp) if kind == XLSX else _write_csv(rows, tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def _write_csv(rows: Iterable[LogRow], path: Path) -> int:
    count = 0
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=csv_delimiter(QLocale()))
        writer.writerow(headers())
        for row in rows:
            writer.writerow([spreadsheet_cell(cell) for cell in cells(row, time_text)])
            count += 1
    return count


def _write_xlsx(rows: Iterable[LogRow], path: Path) -> int:
    import xlsxwriter  # type: ignore[import-untyped]

    # text stays text: never a formula, never a link
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(str(path), options)
    try:
        sheet = book.add_worksheet(QCoreApplication.translate("LogExport", "Operations log"))
        bold = book.add_format({"bold": True})
        moment = book.add_format({"num_format": _date_pattern()})
        titles: Sequence[str] = headers()
        sheet.write_row(0, 0, titles, bold)
        sheet.set_column(0, 1, 20)
        sheet.set_column(4, 4, 58)
        sheet.set_column(11, 11, 60)
        count = 0
        for count, row in enumerate(rows, start=1):
            values = cells(row, _naive_local)
            for column, value in enumerate(values):
                if isinstance(value, datetime):
                    sheet.write_datetime(count, column, value, moment)
                else:
                    sheet.write(count, column, value)
        sheet.freeze_panes(1, 0)
    finally:
        book.close()
    return count


def _naive_local(moment: datetime | None) -> datetime | str:
    value = formatting.local(moment)
    return value.replace(tzinfo=None) if value is not None else ""


def _date_pattern() -> str:
    portuguese = QLocale().language() == QLocale.Language.Portuguese
    return "dd/mm/yyyy hh:mm:ss" if portuguese else "yyyy-mm-dd hh:mm:ss"
