"""Colours that stay readable on the current palette, light or dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication


def dark_palette() -> bool:
    return QGuiApplication.palette().base().color().lightness() < 128


def readable(colours: tuple[str, str]) -> QColor:
    """The first colour (for a light background) or the second (for a dark one)."""
    return QColor(colours[1 if dark_palette() else 0])
