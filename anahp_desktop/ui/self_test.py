"""``anahp-desktop --self-test``: the engine's checks, then Qt's: widgets, plugins, icons,
translations and the main window, opened offscreen.

Prints one line per check and exits 0 when everything passed. A windowed
Windows build has no console to print to: there the report is shown in a
message box instead (and always written to the app log).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QLibraryInfo, QPluginLoader, QTimer
from PySide6.QtGui import QIcon, QImageReader
from PySide6.QtWidgets import QApplication, QMessageBox

from anahp_desktop import selftest
from anahp_desktop.selftest import Check
from anahp_desktop.ui import i18n, message_box
from anahp_desktop.ui.resources import icon_path, translation_path

log = logging.getLogger(__name__)

WINDOW_TIMEOUT_MS = 15_000
# the platform plugin a real desktop uses, per OS (the self-test itself runs offscreen)
NATIVE_PLATFORM = {"win32": "windows", "darwin": "cocoa"}
ICON_NAMES = ("app", "tray-idle", "tray-syncing", "tray-error", "nav-dashboard", "nav-settings")


def check_ui_imports() -> Check:
    modules = selftest.app_modules("anahp_desktop.ui", skip=())
    failures = selftest.import_all(modules)
    if failures:
        return Check(
            QCoreApplication.translate("SelfTest", "Window modules"),
            False,
            QCoreApplication.translate("SelfTest", "cannot import %1").replace(
                "%1", "; ".join(failures)
            ),
            QCoreApplication.translate(
                "SelfTest", "the installation is incomplete: install it again"
            ),
        )
    return Check(
        QCoreApplication.translate("SelfTest", "Window modules"),
        True,
        QCoreApplication.translate("SelfTest", "%1 modules import").replace(
            "%1", str(len(modules))
        ),
    )


def _platform_plugin(name: str) -> tuple[bool, str]:
    """Load (not use) the desktop's platform plugin: a missing system library shows up here."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    candidates = sorted(folder.glob(f"*q{name}*")) if folder.is_dir() else []
    if not candidates:
        return False, QCoreApplication.translate(
            "SelfTest", "the %1 platform plugin is missing from %2"
        ).replace("%1", name).replace("%2", str(folder))
    loader = QPluginLoader(str(candidates[0]))
    if not loader.load():
        return False, loader.errorString()
    return True, name


def check_qt_plugins() -> Check:
    name = QCoreApplication.translate("SelfTest", "Qt plugins")
    platform = NATIVE_PLATFORM.get(sys.platform, "xcb")
    loaded, detail = _platform_plugin(platform)
    if not loaded:
        fix = QCoreApplication.translate(
            "SelfTest",
            "install the system libraries it names (Debian/Ubuntu: libxcb-cursor0 and the "
            "other libxcb packages listed in the README)",
        )
        return Check(
            name,
            False,
            detail,
            fix
            if platform == "xcb"
            else QCoreApplication.translate("SelfTest", "install the app again"),
        )
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        return Check(
            name,
            False,
            QCoreApplication.translate(
                "SelfTest", "the SVG image plugin is missing: the icons cannot be drawn"
            ),
            QCoreApplication.translate(
                "SelfTest", "the installation is incomplete: install it again"
            ),
        )
    return Check(
        name,
        True,
        QCoreApplication.translate("SelfTest", "platform %1, SVG images").replace("%1", platform),
    )


def check_icons() -> Check:
    name = QCoreApplication.translate("SelfTest", "Icons")
    broken = [n for n in ICON_NAMES if QIcon(str(icon_path(n))).pixmap(32, 32).isNull()]
    if broken:
        return Check(
            name,
            False,
            QCoreApplication.translate("SelfTest", "cannot draw %1 (looked in %2)")
            .replace("%1", ", ".join(broken))
            .replace("%2", str(icon_path("app").parent)),
            QCoreApplication.translate(
                "SelfTest", "the installation is incomplete: install it again"
            ),
        )
    return Check(
        name,
        True,
        QCoreApplication.translate("SelfTest", "window and tray icons (idle, syncing, error)"),
    )


def check_qt_translations() -> Check:
    from PySide6.QtCore import QTranslator

    name = QCoreApplication.translate("SelfTest", "Window translations")
    translator = QTranslator()
    path = translation_path("pt_BR")
    if not translator.load(str(path)) or not translator.translate("Dashboard", "Sync now"):
        return Check(
            name,
            False,
            QCoreApplication.translate(
                "SelfTest", "the Portuguese catalogue %1 cannot be loaded"
            ).replace("%1", str(path)),
            QCoreApplication.translate(
                "SelfTest", "the installation is incomplete: install it again"
            ),
        )
    return Check(name, True, QCoreApplication.translate("SelfTest", "Portuguese and English"))


def check_main_window() -> Check:
    """Open the real window on a throw-away state store, let it load its figures, close it."""
    from anahp_desktop.config.settings import Settings
    from anahp_desktop.secrets import MemoryBackend, Secrets
    from anahp_desktop.ui.context import AppContext
    from anahp_desktop.ui.main_window import MainWindow

    name = QCoreApplication.translate("SelfTest", "Main window")
    with tempfile.TemporaryDirectory(prefix="anahp-self-test-") as folder:
        settings = Settings.model_validate(
            {"state": {"url": f"sqlite:///{Path(folder) / 'state.sqlite'}"}}
        )
        secrets = Secrets(MemoryBackend(), env={})
        context = AppContext(settings, Path(folder) / "config.toml", secrets, secrets)
        started = time.perf_counter()
        window = MainWindow(context)
        loaded: list[bool] = []
        loop = QEventLoop()
        window.overview_loaded.connect(lambda: loaded.append(True))
        window.overview_loaded.connect(loop.quit)
        QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
        window.show()
        window.start()
        loop.exec()
        shown = window.isVisible() and window.dashboard.isVisible()
        elapsed_ms = (time.perf_counter() - started) * 1000
        window.shutdown()
        window.deleteLater()
    if not shown:
        return Check(
            name,
            False,
            QCoreApplication.translate("SelfTest", "the window did not open"),
            QCoreApplication.translate("SelfTest", "install the app again"),
        )
    if not loaded:
        return Check(
            name,
            False,
            QCoreApplication.translate(
                "SelfTest", "the window opened but did not load its figures within %1 s"
            ).replace("%1", str(WINDOW_TIMEOUT_MS // 1000)),
            QCoreApplication.translate("SelfTest", "send the log file to support"),
        )
    return Check(
        name,
        True,
        QCoreApplication.translate("SelfTest", "opened offscreen in %1 ms").replace(
            "%1", f"{elapsed_ms:.0f}"
        ),
    )


QT_CHECKS = (check_ui_imports, check_qt_plugins, check_icons, check_qt_translations)


def run(language: str | None = None) -> int:
    """The whole self-test; returns the exit code (0: everything passed)."""
    has_console = sys.stdout is not None
    if has_console:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # servers have no screen; nothing flashes
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    i18n.install(app, language)
    results = selftest.run_checks([*selftest.ENGINE_CHECKS, *QT_CHECKS, check_main_window])
    lines = selftest.report_lines(results)
    log.info("self-test\n%s", "\n".join(lines))
    if has_console:
        print("\n".join(lines), flush=True)
    else:
        show_report(lines, ok=selftest.exit_code(results) == 0)
    return selftest.exit_code(results)


def show_report(lines: list[str], ok: bool) -> None:
    """The report in a message box (a windowed Windows exe has no console)."""
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("SelfTest", "ANAHP Sync self-test"))
    box.setText(lines[-1])
    box.setDetailedText("\n".join(lines))
    box.setInformativeText("\n".join(line for line in lines[1:-1] if not line.startswith("ok")))
    message_box.fit_title(box)
    box.exec()
