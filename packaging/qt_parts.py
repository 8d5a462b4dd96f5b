"""Which Qt plugins and translations the bundle keeps (used by the hooks in hooks/).

PyInstaller's Qt hooks collect every plugin of each type a module may use. Several of
them drag in Qt Quick/Qml, Qt Pdf, Wayland and EGL/GL libraries this widgets app never
loads, and that is most of the size of a default bundle. The app draws with the raster
engine, loads only SVG icons, and runs on X11/XWayland, Windows or macOS.
"""

from __future__ import annotations

import os

#: plugin type -> file stems kept (without "lib" and extension); types not listed are kept whole
KEEP_ONLY = {
    # the desktop's own windowing system, and offscreen for --self-test on servers
    "platforms": {"qxcb", "qwindows", "qcocoa", "qoffscreen"},
    # xdg-desktop-portal only: the GTK3 theme plugin would bring the whole of GTK along
    "platformthemes": {"qxdgdesktopportal"},
    # dead keys and ibus for typing accents; not the virtual keyboard (Qt Quick)
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    # the icons are SVG; the qpdf image plugin would bring Qt Pdf
    "imageformats": {"qsvg", "qico"},
}
#: plugin types dropped entirely: OpenGL/EGL integrations, Wayland, input devices for
#: embedded screens, and QtNetwork's HTTP/TLS backends (the app's HTTP goes through httpx)
DROP = {
    "egldeviceintegrations",
    "generic",
    "xcbglintegrations",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
    "networkaccess",
    "networkinformation",
    "tls",
}
#: Qt's own catalogues (QMessageBox buttons, file dialogs) for the languages the app speaks
LANGUAGES = ("pt_BR",)


def _plugin_type(dest: str) -> str | None:
    parts = dest.replace("\\", "/").split("/")
    if "plugins" in parts:
        rest = parts[parts.index("plugins") + 1 :]
        return "/".join(rest) if rest else None
    return None


def keep_plugin(source: str, dest: str) -> bool:
    kind = _plugin_type(dest)
    if kind is None:
        return True
    if kind in DROP:
        return False
    stem = os.path.basename(source).split(".")[0].removeprefix("lib")
    return kind not in KEEP_ONLY or stem in KEEP_ONLY[kind]


def keep_translation(source: str, dest: str) -> bool:
    name = os.path.basename(source)
    if not name.endswith(".qm"):
        return True
    return name.startswith("qtbase_") and name.removesuffix(".qm").endswith(LANGUAGES)


def filtered(
    binaries: list[tuple[str, str]], datas: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return (
        [entry for entry in binaries if keep_plugin(*entry)],
        [entry for entry in datas if keep_translation(*entry)],
    )
