"""Laying report content out on pages with QPainter: printers and PDF files (no QtWidgets)."""

import ctypes
import sys


def _pin_singletons() -> None:
    """WORKAROUND for PySide6 6.12 on Python 3.11, as in `cutover_desktop.ui`: its bindings
    return None from void methods (and True from emit) without taking a reference, so a long
    printout would abort the interpreter with "none_dealloc". The command line prints without
    importing `ui`, so this layer pins the singletons too (pinning twice is harmless)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 48


_pin_singletons()
