"""PySide6 must keep its references to None and True across void calls and emits.

PySide6 6.12.0 on Python 3.11 returned None from void methods (and True from Signal.emit)
without taking a reference, so every call used one up until the interpreter aborted with
"none_dealloc" after a few thousand paints. pyproject.toml excludes that release; this test
fails on it (and on any later release with the same fault).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

CALLS = 1000


class _Emitter(QObject):
    changed = Signal()


def _refcount_drift(singleton: object, call) -> int:
    before = sys.getrefcount(singleton)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(singleton)


def test_void_method_keeps_none_alive():
    target = QObject()
    # setObjectName returns nothing: Python sees None.
    assert _refcount_drift(None, lambda: target.setObjectName("probe")) < CALLS // 2


def test_signal_emit_keeps_true_alive():
    emitter = _Emitter()
    assert _refcount_drift(True, emitter.changed.emit) < CALLS // 2
