"""Text the operator cannot read whole: labels, buttons, combo boxes and headers cut short.

Used by the offscreen tests of each fix and by the 1366×768 walk-through on a
real X display (:mod:`tests.ui.xvfb_views`), in both languages. A widget that
elides its own text on purpose says so with the ``elided`` property and must
then carry the whole text in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableView,
    QWidget,
)

#: a title bar's own icon and buttons beside the title (openbox: icon, 3 buttons, padding)
TITLE_BAR_ALLOWANCE = 120
#: what rounding may cost (a pixel either way)
SLACK = 1


def title_width(window: QWidget) -> int:
    """What a window manager needs for the title in bold, plus its icon and buttons."""
    font = QFont(window.font())
    font.setBold(True)
    return QFontMetrics(font).horizontalAdvance(window.windowTitle()) + TITLE_BAR_ALLOWANCE


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) else widget.objectName()
    return f"{type(widget).__name__} '{str(shown)[:50]}'"


def inside_scrolled_content(widget: QWidget) -> bool:
    """In a table, list or text box: reached by scrolling it, not by the screen.

    The pages' own scroll areas (``pageScroll``) do not count: a page must fit.
    """
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.objectName() != "pageScroll":
            return widget is not parent
        parent = parent.parentWidget()
    return False


def _label(label: QLabel) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.property("elided"):  # cut on purpose: with "…", and the whole in the tooltip
        if label.fontMetrics().horizontalAdvance(label.text()) > label.contentsRect().width():
            return f"{_name(label)} is not elided to its width"
        if label.text().endswith("…") and not label.toolTip():
            return f"{_name(label)} elided without its tooltip"
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"{_name(label)} needs {needed} px of height, has {label.height()}"
        return None
    needed = label.sizeHint().width()
    if needed > label.width() + SLACK:
        return f"{_name(label)} needs {needed} px, has {label.width()}"
    return None


def _fits(widget: QWidget) -> str | None:
    needed = widget.sizeHint().width()
    if needed > widget.width() + SLACK:
        return f"{_name(widget)} needs {needed} px, has {widget.width()}"
    return None


def _header(header: QHeaderView) -> list[str]:
    problems: list[str] = []
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return problems
    last = header.logicalIndex(header.count() - 1)
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        if section == last and header.stretchLastSection():
            continue  # takes what is left; its text is the widest anyway in our tables
        needed, has = header.sectionSizeHint(section), header.sectionSize(section)
        if needed > has + SLACK:
            title = model.headerData(section, header.orientation())
            problems.append(f"header '{title}' needs {needed} px, has {has}")
    return problems


def _calendar(calendar: QCalendarWidget) -> list[str]:
    """Every week of the month shown whole (the last one was cut by the app's table border)."""
    view = calendar.findChild(QTableView)
    if view is None or view.model() is None:
        return []
    last = view.model().rowCount() - 1
    bottom = view.rowViewportPosition(last) + view.rowHeight(last)
    if bottom > view.viewport().height() + SLACK:
        return [f"calendar's last week ends at {bottom} px, the view is {view.viewport().height()}"]
    return []


def clipped(window: QWidget) -> list[str]:
    """Every visible text of ``window`` that is cut short, described."""
    problems: list[str] = []
    frame = window.frameGeometry().width()
    if isinstance(window, QDialog) and window.windowTitle() and title_width(window) > frame:
        problems.append(
            f"title '{window.windowTitle()}' needs {title_width(window)} px, the window is {frame}"
        )
    widgets = [window, *window.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible() or widget.width() == 0 or widget.window() is not window:
            continue  # hidden, or a dialog of this window (checked as a window of its own)
        if isinstance(widget, QCalendarWidget):
            problems += _calendar(widget)
            continue
        if isinstance(widget, QHeaderView):
            problems += _header(widget)
            continue
        if inside_scrolled_content(widget) or isinstance(widget, QMenu | QAbstractItemView):
            continue
        problem = None
        if isinstance(widget, QLabel):
            problem = _label(widget)
        elif isinstance(widget, QAbstractButton | QComboBox):
            problem = _fits(widget)
        if problem is None and isinstance(widget, QLabel | QAbstractButton) and widget.text():
            problem = _cut_by_parent(widget)
        if problem is not None:
            problems.append(problem)
    return problems


def _cut_by_parent(widget: QWidget) -> str | None:
    """Inside its window, yet partly outside an ancestor that clips it."""
    rect = QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractScrollArea):
            return None  # scrolled: reachable
        area = QRect(parent.mapTo(widget.window(), QPoint(0, 0)), parent.size())
        if not area.contains(rect):
            return f"{_name(widget)} cut by {type(parent).__name__}"
        parent = parent.parentWidget()
    return None


def status_message_clipped(window: QMainWindow) -> str | None:
    """A plain status bar cuts a long message without a sign; ours elides it, tooltip whole."""
    bar = window.statusBar()
    message = bar.currentMessage()
    if not message or bar.findChild(QLabel, "statusMessage") is not None:
        return None  # ours: its label is checked with the others
    permanent = sum(
        w.width() for w in bar.findChildren(QWidget) if w.isVisible() and w.parent() is bar
    )
    room = bar.width() - permanent - 16
    needed = QFontMetrics(bar.font()).horizontalAdvance(message)
    if needed > room:
        return f"status bar message needs {needed} px, has {room}: '{message[:60]}'"
    return None
