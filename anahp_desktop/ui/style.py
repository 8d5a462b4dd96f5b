"""The app's look: one style sheet, light and plain, with a strong primary action."""

from __future__ import annotations

PRIMARY = "#1565c0"
PRIMARY_DARK = "#0d4a94"
DANGER = "#b3261e"

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: #f5f7fa; }}
QScrollArea#pageScroll, QScrollArea#pageScroll > QWidget > QWidget {{ background: #f5f7fa; }}
#appSidebar {{ background: #17324d; }}
#appSidebar QLabel#brand {{ color: white; font-size: 15pt; font-weight: 600; padding: 18px 16px 2px 16px; }}
#appSidebar QLabel#brandSub {{ color: #a9bdd3; padding: 0 16px 14px 16px; }}
#nav {{ background: transparent; border: none; color: #dbe6f2; font-size: 11pt; outline: 0; }}
#nav::item {{ padding: 10px 14px; border-left: 3px solid transparent; }}
#nav::item:selected {{ background: #234a70; color: white; border-left: 3px solid #64b5f6; }}
#nav::item:hover:!selected {{ background: #1d3f60; }}
#appSidebar QPushButton {{ color: #dbe6f2; background: transparent; border: none; text-align: left;
    padding: 8px 16px; font-size: 10.5pt; }}
#appSidebar QPushButton:hover {{ background: #1d3f60; }}
QLabel#pageTitle {{ font-size: 17pt; font-weight: 600; color: #17324d; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; color: #36495e; margin-top: 4px; }}
QLabel#activity {{ color: #36495e; font-size: 10.5pt; }}
QLabel#muted {{ color: #5b6573; }}
QLabel#monoValue {{ color: #36495e; }}
QLabel#errorText {{ color: {DANGER}; }}
QLabel#banner {{ background: #fff4d6; border: 1px solid #f0d48a; border-radius: 6px; padding: 6px 10px;
    color: #5a4300; }}
QFrame#card {{ background: white; border: 1px solid #dde3ea; border-radius: 8px; }}
QFrame#card[tone="ok"] {{ border-left: 4px solid #2e7d5b; }}
QFrame#card[tone="warning"] {{ border-left: 4px solid #d9822b; }}
QFrame#card[tone="error"] {{ border-left: 4px solid {DANGER}; }}
QLabel#cardCaption {{ color: #5b6573; font-size: 9.5pt; text-transform: uppercase; }}
QLabel#cardValue {{ color: #17324d; font-size: 15pt; font-weight: 600; }}
QLabel#cardDetail {{ color: #5b6573; font-size: 9pt; }}
QPushButton#syncButton {{ background: {PRIMARY}; color: white; font-size: 14pt; font-weight: 600;
    border: none; border-radius: 8px; padding: 10px 22px; }}
QPushButton#syncButton:hover {{ background: {PRIMARY_DARK}; }}
QPushButton#syncButton[cancel="true"] {{ background: {DANGER}; }}
QPushButton#syncButton:disabled {{ background: #9aa7b5; }}
QPushButton#primaryButton {{ background: {PRIMARY}; color: white; border: none; border-radius: 5px;
    padding: 6px 14px; font-weight: 600; }}
QPushButton#primaryButton:disabled {{ background: #9aa7b5; }}
QPushButton#linkButton {{ border: none; color: {PRIMARY}; text-align: left; padding: 2px 0; }}
QPushButton#linkButton:hover {{ text-decoration: underline; }}
QTableView {{ background: white; alternate-background-color: #f3f6f9; border: 1px solid #dde3ea;
    gridline-color: #e8edf2; selection-background-color: #cfe3fa; selection-color: #17324d; }}
QCalendarWidget QTableView {{ border: none; }}
QHeaderView::section {{ background: #eef2f6; color: #36495e; border: none;
    border-bottom: 1px solid #dde3ea; padding: 5px 6px; font-weight: 600; }}
QProgressBar {{ border: 1px solid #cfd8e3; border-radius: 5px; background: white; text-align: center; }}
QProgressBar::chunk {{ background: {PRIMARY}; border-radius: 4px; }}
QTabWidget::pane {{ border: 1px solid #dde3ea; background: white; }}
QStatusBar {{ background: #e9eef3; color: #36495e; }}
"""
