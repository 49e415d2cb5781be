"""The timeline view: tasks as bars on a calendar, key dates, phases and dependencies."""

from __future__ import annotations

from typing import Any

__all__ = ["TimelineWidget"]


def __getattr__(name: str) -> Any:
    # Imported on first use so `time_scale` can be used (and tested) without loading Qt.
    if name == "TimelineWidget":
        from cutover_desktop.ui.timeline.timeline_widget import TimelineWidget

        return TimelineWidget
    raise AttributeError(name)
