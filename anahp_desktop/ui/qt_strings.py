"""Qt's own strings that its Brazilian catalogue misses, translated in ours.

Qt 6 added keyboard accelerators to two labels of its file dialog ("&Look in:",
"Files of &type:"); ``qtbase_pt_BR.qm`` still holds them without the ``&``
("Procurar em", "Arquivos do tipo"), so they stayed in English in the export
and state-store dialogs. The app's catalogue (searched after Qt's) gives them.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

MISSED_BY_QTBASE = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
