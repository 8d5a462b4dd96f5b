"""Writes the app's SVG icons into resources/icons (run after changing a design).

The icons are drawn here as data, so they can be changed and regenerated
without a drawing program: ``python tools/make_icons.py``.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "icons"

ARROWS = (
    '<path d="M17 33 A15 15 0 0 1 43.5 22" fill="none" stroke="white" stroke-width="5.5" '
    'stroke-linecap="round"/>'
    '<path d="M49 14 L50 29 L36 25 Z" fill="white"/>'
    '<path d="M47 31 A15 15 0 0 1 20.5 42" fill="none" stroke="white" stroke-width="5.5" '
    'stroke-linecap="round"/>'
    '<path d="M15 50 L14 35 L28 39 Z" fill="white"/>'
)


def badge(color: str) -> str:
    return f'<rect x="2" y="2" width="60" height="60" rx="14" fill="{color}"/>'


def square(body: str, color: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
        f"{badge(color)}{body}</svg>\n"
    )


def nav(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" '
        'fill="none" stroke="#dbe6f2" stroke-width="1.8" stroke-linecap="round" '
        f'stroke-linejoin="round">{body}</svg>\n'
    )


ICONS = {
    "app": square(ARROWS, "#1565c0"),
    "tray-idle": square(ARROWS, "#1565c0"),
    "tray-syncing": square(ARROWS + '<circle cx="32" cy="32" r="5" fill="#ffd54f"/>', "#2e7d5b"),
    "tray-error": square(
        '<rect x="28" y="12" width="8" height="26" rx="4" fill="white"/>'
        '<circle cx="32" cy="48" r="5" fill="white"/>',
        "#b3261e",
    ),
    "nav-dashboard": nav(
        '<rect x="3" y="3" width="7" height="9" rx="1"/><rect x="14" y="3" width="7" height="5" rx="1"/>'
        '<rect x="14" y="12" width="7" height="9" rx="1"/><rect x="3" y="16" width="7" height="5" rx="1"/>'
    ),
    "nav-pending": nav('<path d="M4 6h16M4 12h16M4 18h10"/><circle cx="19" cy="18" r="2"/>'),
    "nav-progress": nav('<path d="M3 12h4l3-8 4 16 3-8h4"/>'),
    "nav-log": nav('<path d="M6 3h9l4 4v14H6z"/><path d="M15 3v4h4"/><path d="M9 12h7M9 16h7"/>'),
    "nav-settings": nav(
        '<circle cx="12" cy="12" r="3"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3'
        'M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1 7 17M17 7l2.1-2.1"/>'
    ),
    "nav-about": nav('<circle cx="12" cy="12" r="9"/><path d="M12 11v6"/><path d="M12 7.5v.5"/>'),
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, svg in ICONS.items():
        (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")


if __name__ == "__main__":
    main()
