"""``anahp-desktop``: arguments, single instance, language, then the main window.

Heavy imports (the engine, SQLAlchemy, the window) happen after the
arguments are read, so ``--version`` and a second launch return at once,
and nothing connects to a database before the window is on screen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from anahp_desktop import __version__

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="anahp-desktop",
        description="ANAHP Sync desktop app: hospital discharge records to SINHA.",
    )
    parser.add_argument("--version", action="version", version=f"anahp-desktop {__version__}")
    parser.add_argument("--config", metavar="PATH", help="settings file (default: per-user)")
    parser.add_argument("--minimized", action="store_true", help="start in the system tray")
    parser.add_argument("--demo", action="store_true", help="run on the demo database and emulator")
    parser.add_argument("--demo-dir", metavar="PATH", help="demo folder (kept between runs)")
    parser.add_argument("--fresh", action="store_true", help="with --demo: start the demo over")
    parser.add_argument("--records", type=int, default=5000, help="with --demo --fresh: records")
    parser.add_argument("--lang", choices=("pt_BR", "en"), help="language of the window")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (modules, keyring, ODBC drivers, migrations, the window "
        "opened offscreen), print what is missing and exit",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None and "--version" in (sys.argv[1:] if argv is None else argv):
        return _version_window()  # a windowed Windows exe has no console to print it to
    args = build_parser().parse_args(argv)
    if args.self_test:
        from anahp_desktop.ui import self_test

        return self_test.run(args.lang)
    from PySide6.QtWidgets import QApplication

    from anahp_desktop import applog
    from anahp_desktop.ui import single_instance
    from anahp_desktop.ui.crash_reporter import CrashReporter

    applog.setup(program=applog.DESKTOP_PROGRAM)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ANAHP Sync")
    app.setOrganizationName("ANAHP")
    app.setApplicationVersion(__version__)
    reporter = CrashReporter(app).install()  # tracebacks to the log file, a sentence on screen
    scope = _instance_scope(args)
    name = single_instance.server_name(scope)
    lock = single_instance.InstanceLock(name)
    first = lock.acquire()
    if first is False:  # another copy holds the lock: it may still be starting
        answered = single_instance.notify_running(
            name, single_instance.WAIT_FOR_FIRST_MS, lock.holder_pid()
        )
        _say_already_running(app, args, answered)
        return 0
    if first is None and single_instance.notify_running(name):
        _say_already_running(app, args, True)
        return 0  # no lock file can be made here: the socket alone decides, as before
    try:
        return _run(app, args, name)
    except Exception as exc:  # a bug while starting: logged and explained, then exit 1
        reporter.show_fatal((type(exc), exc, exc.__traceback__))
        return 1
    finally:
        if first:
            lock.release()


def _say_already_running(app: object, args: argparse.Namespace, answered: bool) -> None:
    """On the console, in the running window's language (read once it was told to show)."""
    from PySide6.QtCore import QCoreApplication

    from anahp_desktop.ui import i18n
    from anahp_desktop.ui.second_launch import configured_language

    assert isinstance(app, QCoreApplication)
    i18n.install(app, configured_language(args))
    print(_already_running_text(answered))


def _already_running_text(answered: bool) -> str:
    from PySide6.QtCore import QCoreApplication

    if answered:
        return QCoreApplication.translate(
            "SingleInstance",
            "ANAHP Sync is already running; it was asked to show its window (if Windows only "
            "flashes its taskbar button, click it).",
        )
    return QCoreApplication.translate(
        "SingleInstance",
        "ANAHP Sync is already running but did not answer; this copy is not starting. If it "
        "stays so, end anahp-desktop in Task Manager and start it again.",
    )


def _instance_scope(args: argparse.Namespace) -> str:
    """What makes two copies "the same app": the settings file they would both use.

    The default file lives in the account's own config folder, so two profiles of one
    account (another HOME, another XDG_CONFIG_HOME) are two installations; the demo gets
    its own scope so it can run beside a real one.
    """
    from anahp_desktop.config import loader

    path = Path(args.config) if args.config else loader.default_config_path()
    return ("demo:" if args.demo else "") + str(path.resolve())


def _run(app: object, args: argparse.Namespace, server_name: str) -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    from anahp_desktop.errors import AnahpError
    from anahp_desktop.ui import i18n
    from anahp_desktop.ui.context import from_config
    from anahp_desktop.ui.single_instance import InstanceServer
    from anahp_desktop.ui.style import STYLE_SHEET

    assert isinstance(app, QApplication)
    demo_env = None
    first_run = False
    try:
        if args.demo:
            from anahp_desktop.ui import demo_mode

            context, demo_env = demo_mode.start(
                Path(args.demo_dir) if args.demo_dir else None,
                fresh=args.fresh,
                records=args.records,
            )
        else:
            context = from_config(args.config)
            first_run = not context.config_path.exists()  # a new installation: no settings yet
    except AnahpError as exc:
        i18n.install(app, args.lang)
        QMessageBox.critical(None, "ANAHP Sync", exc.message)
        return 2
    i18n.install(app, args.lang or context.settings.app.language)
    app.setStyleSheet(STYLE_SHEET)
    app.setQuitOnLastWindowClosed(False)
    from anahp_desktop.ui.main_window import MainWindow

    window = MainWindow(context)
    app.aboutToQuit.connect(window.shutdown)  # a log-off quits without our Quit: stop the worker
    server = InstanceServer(server_name, window)
    server.show_requested.connect(window.presence.bring_to_front)
    if args.minimized and window.presence.tray_available:
        window.hide()
    else:
        window.show()
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, window.start)
    if first_run and window.isVisible():
        from anahp_desktop.ui.first_run import FirstRunQuestion

        QTimer.singleShot(0, FirstRunQuestion(window).ask)  # parented to the window
    from anahp_desktop.ui.crash_reporter import schedule_debug_error

    schedule_debug_error()  # only with ANAHP_DEBUG_RAISE set
    try:
        return int(app.exec())
    finally:
        server.close()
        if demo_env is not None:
            demo_env.stop()


def _version_window() -> int:
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # alive while the box shows
    QMessageBox.information(None, "ANAHP Sync", f"anahp-desktop {__version__}")
    return 0
