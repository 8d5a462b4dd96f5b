"""A small titled card: a caption, a big value and a line of detail."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

OK, WARNING, ERROR, NEUTRAL = "ok", "warning", "error", "neutral"


class Card(QFrame):
    """Signals: clicked() when the card is clickable and the operator clicks it."""

    clicked = Signal()

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setProperty("tone", NEUTRAL)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setObjectName("cardCaption")
        self.value = QLabel("…")
        self.value.setObjectName("cardValue")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setWordWrap(True)
        self.detail = QLabel("")
        self.detail.setObjectName("cardDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self._layout = layout
        self._clickable = False

    def add_widget(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)

    def set(self, value: str, detail: str = "", tone: str = NEUTRAL) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            self.style().unpolish(self)
            self.style().polish(self)
            for label in (self.value, self.detail):
                label.style().unpolish(label)
                label.style().polish(label)

    def set_clickable(self, clickable: bool) -> None:
        """A click anywhere on the card, its texts included, emits ``clicked``."""
        self._clickable = clickable
        for label in (self.caption, self.value, self.detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, clickable)
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._clickable and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)
