"""One look: NHS blue for what is chosen, a palette that follows the system's dark mode, icons
on the toolbar and tabs, and colours that stay legible."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor

from cutover_desktop.paths import resources_dir
from cutover_desktop.ui.style import DARK, LIGHT, NHS_BLUE, style_sheet
from cutover_desktop.ui.window_icons import TAB_ICONS

ROOT = Path(__file__).resolve().parents[2]


def _contrast(one: str, two: str) -> float:
    def luminance(hex_colour: str) -> float:
        colour = QColor(hex_colour)
        parts = []
        for value in (colour.redF(), colour.greenF(), colour.blueF()):
            parts.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]
    light, dark = sorted((luminance(one), luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_look_follows_the_system_into_dark_mode(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               CUTOVER_DESKTOP_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "tests.ui.look_check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["light"]["window"] == LIGHT.window.lower()
    assert seen["dark"]["window"] == DARK.window.lower()
    assert seen["light"]["highlight"] == NHS_BLUE.lower()
    assert seen["light"]["sheet"] and seen["dark"]["sheet"]
    # One decision: the colours painted by code are those of the look applied.
    assert seen["light"]["colours in use"] == "light"
    assert seen["dark"]["colours in use"] == "dark"
    assert seen["style"] == "fusion"
    # A label takes its tone whether or not it was styled before the tone was set.
    assert seen["tone before styled"] == LIGHT.good.lower()
    assert seen["tone once styled"] == LIGHT.notice_ink.lower()
    # A dark system that does not report its mode still gets the dark look.
    assert seen["unsaid dark"] == {"window": DARK.window.lower(), "chosen": "dark",
                                   "colours in use": "dark"}


def test_text_and_accent_are_legible_in_both_modes() -> None:
    for colours in (LIGHT, DARK):
        assert _contrast(colours.text, colours.window) >= 7  # body text: AAA
        assert _contrast(colours.text, colours.base) >= 7
        assert _contrast(colours.muted, colours.window) >= 4.5  # secondary text: AA
        assert _contrast(colours.accent_text_on_window, colours.window) >= 4.5
        assert _contrast("#ffffff", colours.accent) >= 4.5  # white on a selected row


def test_the_style_sheet_has_every_colour_filled_in() -> None:
    for colours in (LIGHT, DARK):
        sheet = style_sheet(colours)
        assert "@" not in sheet


def test_every_toolbar_tab_and_date_picker_icon_is_there() -> None:
    folder = resources_dir() / "icons" / "ui"
    for name in (*TAB_ICONS, "undo", "redo", "new-task", "zoom-in", "zoom-out", "today",
                 "pick-date"):
        text = (folder / f"{name}.svg").read_text(encoding="utf-8")
        assert "currentColor" in text  # drawn in the palette's colour, so dark mode works


def test_toolbar_actions_and_tabs_have_icons(qtbot, session) -> None:
    from cutover_desktop.ui.workspace import PlanWorkspace

    workspace = PlanWorkspace(session)
    qtbot.addWidget(workspace)
    for index in range(workspace.tabs.count()):
        assert not workspace.tabs.tabIcon(index).isNull()


def test_every_meaning_colour_is_legible_in_dark_mode(tmp_path: Path) -> None:
    """Error lines, the notice bar, RAG dots and severities take their colour from the one
    palette, so in dark mode none is a dark red on near-black."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               CUTOVER_DESKTOP_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "tests.ui.tone_check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"field error", "form error", "date entry problem", "notice", "rag_amber",
            "severity WARNING", "gate CHANGED"} <= set(seen)
    for name, colours in seen.items():
        assert _contrast(colours["text"], colours["background"]) >= 4.5, name


def test_meaning_tones_are_legible_in_both_modes() -> None:
    for colours in (LIGHT, DARK):
        for name in ("problem", "good", "warning", "note", "rag_red", "rag_amber", "rag_green",
                     "key_date_line", "today_line"):
            tone = getattr(colours, name)
            assert _contrast(tone, colours.window) >= 4.5, name
            assert _contrast(tone, colours.base) >= 4.5, name
        assert _contrast(colours.notice_ink, colours.notice_fill) >= 4.5
