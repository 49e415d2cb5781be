"""The window: widgets, item models and dialogs. Talks to services only, never to storage."""

import ctypes
import sys


def _pin_singletons() -> None:
    """WORKAROUND for PySide6 6.12 on Python 3.11: keep None, True and False alive.

    Its bindings return None from void methods and True from Signal.emit without taking
    a reference (correct only from Python 3.12, where these objects are immortal), so
    every call drops one reference until the interpreter aborts with "none_dealloc" or
    "bool_dealloc" after a few thousand paints. A count no program can use up stops it.
    """
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 48


_pin_singletons()
