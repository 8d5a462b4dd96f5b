"""Message boxes wide enough for their title in a window manager's title bar."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from anahp_desktop.ui import message_box
from tests.ui.clipping import clipped


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Tentar novamente todos os lotes em espera",
            "Nenhum lote está esperando para ser enviado.",
        ),
        ("Retry all waiting batches", "No batch is waiting to be sent."),
        ("Sincronização já em andamento", "Aguarde."),
    ],
)
def test_a_short_answer_under_a_long_title_keeps_the_title_whole(
    qtbot: QtBot, title: str, text: str
) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text)
    qtbot.addWidget(box)
    message_box.fit_title(box)
    box.show()  # QMessageBox sizes itself when shown
    qtbot.waitExposed(box)
    assert clipped(box) == []
    box.close()
