"""Dependency arrows are painted where their bars are, also after the bars move."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtGui import QColor

from cutover_desktop.ui.timeline import TimelineWidget

PREDECESSOR, SUCCESSOR = 43, 47


@pytest.fixture
def timeline(qtbot, session) -> TimelineWidget:
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1400, 1200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def added_arrow(timeline: TimelineWidget):  # noqa: ANN201 - the scene's Arrow
    """The arrow of the link the test adds (the template has links of its own)."""
    return next(arrow for arrow in timeline.scene().arrows()
                if (arrow.predecessor, arrow.successor) == (PREDECESSOR, SUCCESSOR))


def arrow_ink(timeline: TimelineWidget) -> int:
    """How many pixels inside the arrow's bounds (where its bars are now) are in the strong
    arrow colour: dark blue, unlike black text, bar fills or outlines."""
    rect = added_arrow(timeline).sceneBoundingRect()
    timeline.ensureVisible(rect, 0, 0)
    image = timeline.viewport().grab().toImage()
    top_left = timeline.mapFromScene(rect.topLeft())
    bottom_right = timeline.mapFromScene(rect.bottomRight())
    found = 0
    for x in range(max(0, top_left.x()), min(image.width(), bottom_right.x() + 1)):
        for y in range(max(0, top_left.y()), min(image.height(), bottom_right.y() + 1)):
            colour = QColor(image.pixel(x, y))
            found += colour.lightness() < 110 and colour.blue() > colour.red() + 30
    return found


def test_the_selected_tasks_arrow_is_painted_and_follows_a_move(timeline, session) -> None:
    session.edit(session.service.add_dependency, PREDECESSOR, SUCCESSOR)
    # Only the selected task's arrows are drawn: compare the arrow's place with it drawn
    # and not drawn (key-date lines may cross the same place).
    timeline.set_dependencies_shown(False)
    elsewhere = PREDECESSOR + 20
    timeline.select_task(elsewhere)
    hidden = arrow_ink(timeline)
    timeline.select_task(SUCCESSOR)
    assert arrow_ink(timeline) >= hidden + 20
    # Business Go Live moves both tasks: the arrow is painted where they now are.
    placed = added_arrow(timeline).sceneBoundingRect()
    session.edit(session.service.set_go_live, session.service.details.go_live
                 + timedelta(days=14))
    assert added_arrow(timeline).sceneBoundingRect() != placed
    shown = arrow_ink(timeline)
    timeline.select_task(elsewhere)
    assert shown >= arrow_ink(timeline) + 20
