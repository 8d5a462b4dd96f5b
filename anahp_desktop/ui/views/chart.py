"""Records delivered and rejected per day, drawn with QPainter (no QtCharts needed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from anahp_desktop.ui import formatting

DELIVERED_COLOR = QColor("#2e7d5b")
REJECTED_COLOR = QColor("#d9822b")
GRID_COLOR = QColor("#e3e7ec")
TEXT_COLOR = QColor("#5b6573")


class DailyChart(QWidget):
    """Stacked bars: delivered below, rejected on top, one bar per day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._days: list[tuple[date, int, int]] = []
        # why there are no bars ("" when the figures were read); "#:" would be a translator note
        self.unavailable = ""
        self.setMinimumHeight(130)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_days(self, days: Sequence[tuple[date, int, int]]) -> None:
        self._days = list(days)
        self.unavailable = ""
        self.update()

    def set_unavailable(self, text: str) -> None:
        """No figures could be read: say so instead of drawing empty days as zeros."""
        self._days = []
        self.unavailable = text
        self.update()

    def days(self) -> list[tuple[date, int, int]]:
        return list(self._days)

    def sizeHint(self) -> QSize:
        return QSize(600, 220)

    # -- drawing ----------------------------------------------------------------------------

    def _plot_rect(self) -> QRectF:
        return QRectF(48, 28, max(10, self.width() - 64), max(10, self.height() - 58))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        painter.setFont(font)
        plot = self._plot_rect()
        if self.unavailable:
            painter.setPen(TEXT_COLOR)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.unavailable)
            painter.end()
            return
        top = self._scale_top()
        self._draw_grid(painter, plot, top)
        self._draw_bars(painter, plot, top)
        self._draw_legend(painter)
        painter.end()

    def _scale_top(self) -> int:
        """Four grid steps of a round size, so every label is a whole round number."""
        highest = max((d + r for _day, d, r in self._days), default=0)
        return 4 * _nice_step(max(highest, 1) / 4)

    def _draw_grid(self, painter: QPainter, plot: QRectF, top: int) -> None:
        painter.setPen(QPen(GRID_COLOR, 1))
        for i in range(5):
            y = plot.bottom() - plot.height() * i / 4
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT_COLOR)
            painter.drawText(
                QRectF(0, y - 8, plot.left() - 6, 16),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                formatting.number(round(top * i / 4)),
            )
            painter.setPen(QPen(GRID_COLOR, 1))

    def axis_labels(self) -> dict[int, str]:
        """The days named under the bars (every fifth and the last), in the window's format."""
        last = len(self._days) - 1
        return {
            i: formatting.day_month(day)
            for i, (day, _d, _r) in enumerate(self._days)
            if i % 5 == 0 or i == last
        }

    def tooltip_text(self, index: int) -> str:
        when, delivered, rejected = self._days[index]
        return (
            self.tr("%1: %2 delivered, %3 rejected")
            .replace("%1", formatting.day(when))
            .replace("%2", formatting.number(delivered))
            .replace("%3", formatting.number(rejected))
        )

    def _draw_bars(self, painter: QPainter, plot: QRectF, top: int) -> None:
        if not self._days:
            return
        slot = plot.width() / len(self._days)
        width = max(2.0, slot * 0.7)
        labels = self.axis_labels()
        painter.setPen(Qt.PenStyle.NoPen)
        for i, (_day, delivered, rejected) in enumerate(self._days):
            x = plot.left() + i * slot + (slot - width) / 2
            h_delivered = plot.height() * delivered / top
            h_rejected = plot.height() * rejected / top
            painter.setBrush(DELIVERED_COLOR)
            painter.drawRect(QRectF(x, plot.bottom() - h_delivered, width, h_delivered))
            painter.setBrush(REJECTED_COLOR)
            painter.drawRect(QRectF(x, plot.bottom() - h_delivered - h_rejected, width, h_rejected))
            if i in labels:
                painter.setPen(TEXT_COLOR)
                painter.drawText(
                    QRectF(x - 20, plot.bottom() + 4, width + 40, 16),
                    int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
                    labels[i],
                )
                painter.setPen(Qt.PenStyle.NoPen)

    def _draw_legend(self, painter: QPainter) -> None:
        x = 48.0
        for color, text in (
            (DELIVERED_COLOR, self.tr("Delivered")),
            (REJECTED_COLOR, self.tr("Rejected")),
        ):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(x, 8, 12, 12), 2, 2)
            painter.setPen(TEXT_COLOR)
            advance = painter.fontMetrics().horizontalAdvance(text)
            painter.drawText(
                QRectF(x + 16, 4, advance + 8, 20), int(Qt.AlignmentFlag.AlignVCenter), text
            )
            x += 16 + advance + 24

    # -- tooltips ---------------------------------------------------------------------------

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent):
            index = self._day_at(event.pos().x())
            if index is not None:
                QToolTip.showText(event.globalPos(), self.tooltip_text(index), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def _day_at(self, x: float) -> int | None:
        plot = self._plot_rect()
        if not self._days or not plot.left() <= x <= plot.right():
            return None
        index = int((x - plot.left()) / (plot.width() / len(self._days)))
        return min(index, len(self._days) - 1)


def _nice_step(raw: float) -> int:
    """1, 2, 5, 10, 20, 50, ... at or above ``raw``."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if magnitude * factor >= raw:
                return magnitude * factor
        magnitude *= 10
