"""The timeline widget, driven as a user would: clicks, drags, keys and the wheel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import QApplication

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, Dependency, TaskStatus
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.timeline import TimelineWidget
from cutover_desktop.ui.timeline import scene as scene_module
from cutover_desktop.ui.timeline.scene import KEY_DATE_COLOUR
from cutover_desktop.ui.timeline.time_scale import DEFAULT_ZOOM, ZOOM_LEVELS
from tests.conftest import TODAY, riverside

FDP_TASK = 46  # "FDP: all users log off ...", a milestone on Fri 12 Mar 2027
TRAINING = 37  # "Run core training sessions ...", 23 Feb to 14 Mar 2027


@pytest.fixture
def timeline(qtbot, session):
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def bar_point(widget: TimelineWidget, task_id: int) -> QPoint:
    """The middle of a task's bar, in viewport pixels, after scrolling it into sight."""
    widget.scroll_to_task(task_id)
    item = widget.scene().bar(task_id)
    centre = item.mapToScene(item.bar_rect().center())
    return widget.mapFromScene(centre)


def start_of(service, task_id: int) -> date:
    return service.schedule().dates[task_id].start


# Rows


def test_rows_follow_the_plan_order_by_default(timeline, service):
    expected = [task.id for task in service.state.ordered_tasks()]
    assert timeline.row_order() == expected
    rh = timeline.row_height()
    for row, task_id in enumerate(expected[:5]):
        assert timeline.scene().bar(task_id).y() == row * rh


def test_rows_are_placed_in_the_order_given_and_only_those_show(timeline, qtbot, session):
    timeline.set_row_height(30)
    timeline.set_row_order([59, 3, 46, 9999, 3])
    assert timeline.row_order() == [59, 3, 46]
    scene = timeline.scene()
    assert [scene.bar(t).y() for t in (59, 3, 46)] == [0, 30, 60]
    assert scene.bar(1) is None
    # Clicking the second row selects the task shown there.
    timeline.verticalScrollBar().setValue(0)
    x = timeline.viewport().width() // 2
    with qtbot.waitSignal(session.task_selected) as blocker:
        qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 45))
    assert blocker.args == [3, timeline]
    timeline.set_row_order(None)
    assert len(timeline.row_order()) == len(session.service.state.tasks)


def test_row_and_header_heights_line_up_with_a_table_beside_it(timeline, qtbot):
    timeline.set_row_height(27)
    with qtbot.waitSignal(timeline.header_height_changed) as blocker:
        timeline.set_header_height(90)
    assert blocker.args == [90]
    assert timeline.row_height() == 27
    assert timeline.header().height() == 90
    assert timeline.viewport().geometry().top() == timeline.header().geometry().bottom() + 1
    assert timeline.scene().bar(timeline.row_order()[3]).y() == 3 * 27
    timeline.set_header_height(None)
    assert timeline.header().height() == timeline.preferred_header_height()
    # A bigger font needs a taller header, and a table beside it is told.
    font = timeline.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    with qtbot.waitSignal(timeline.header_height_changed) as blocker:
        timeline.setFont(font)
    assert blocker.args == [timeline.preferred_header_height()]
    timeline.set_row_height(27)
    bar = timeline.vertical_scroll_bar()
    bar.setValue(27 * 4)
    assert timeline.mapToScene(QPoint(0, 0)).y() == pytest.approx(27 * 4)


# Key dates, today and the calendar


def test_a_key_date_line_is_drawn_at_bgl_and_labelled_in_the_header(timeline, service):
    bgl = service.schedule().key_dates[KeyDate.BGL]
    timeline.scroll_to_date(bgl)
    scene_x = timeline.scene().scale.x_of(bgl)
    x = round(timeline.mapFromScene(QPointF(scene_x, 0)).x())
    image = timeline.viewport().grab().toImage()
    row_y = timeline.viewport().height() // 2
    # BGL's line is two pixels wide in the key-date colour; a day either side it is not.
    assert any(QColor(image.pixel(px, row_y)) == KEY_DATE_COLOUR for px in (x - 1, x, x + 1))
    day = timeline.scene().scale.px_per_day
    assert QColor(image.pixel(x + round(day / 2) + 2, row_y)) != KEY_DATE_COLOUR
    timeline.header().grab()
    labels = timeline.header().label_rects()
    bgl_labels = [rect for text, rect in labels if "BGL" in text.split(" · ")]
    assert bgl_labels, labels
    assert any(abs(rect.left() - (x + 3)) <= 40 for rect in bgl_labels)
    assert "Business Go Live: Tue 16 Mar 2027" in timeline.header().tooltip_at(
        bgl_labels[0].center())
    assert "Business Go Live: Tue 16 Mar 2027" in timeline.tooltip_at(QPoint(x, row_y))


def test_key_date_labels_never_overlap_at_any_zoom_or_font(timeline, qtbot):
    for font_scale in (1.0, 1.5):
        font = QApplication.font()
        font.setPointSizeF(font.pointSizeF() * font_scale)
        timeline.setFont(font)
        for level in range(len(ZOOM_LEVELS)):
            timeline.set_zoom_level(level)
            timeline.scroll_to_date(date(2027, 3, 14))
            timeline.header().grab()
            rects = timeline.header().label_rects()
            texts = " · ".join(text for text, _ in rects)
            for name in ("FDP", "TGL", "BGL", "Links off"):
                assert name in texts
            for i, (_, a) in enumerate(rects):
                for _, b in rects[i + 1:]:
                    assert not a.intersects(b), (level, font_scale, rects)


def test_bank_holidays_and_weekends_are_named_in_tooltips(timeline):
    timeline.set_row_order([FDP_TASK])  # one row at the top: the rest is calendar
    scene = timeline.scene()
    good_friday = date(2027, 3, 26)
    timeline.scroll_to_date(good_friday)
    y = timeline.viewport().height() - 5
    x = round(timeline.mapFromScene(QPointF(scene.scale.x_of(good_friday) + 3, 0)).x())
    assert timeline.tooltip_at(QPoint(x, y)) == "Fri 26 Mar 2027: bank holiday: Good Friday"
    saturday = date(2027, 3, 20)
    x = round(timeline.mapFromScene(QPointF(scene.scale.x_of(saturday) + 3, 0)).x())
    assert timeline.tooltip_at(QPoint(x, y)) == "Sat 20 Mar 2027: weekend"


def test_the_today_line_is_at_the_services_today(timeline):
    timeline.set_row_order([FDP_TASK])  # no bar near today to get in the way
    timeline.scroll_to_date(TODAY)
    scene = timeline.scene()
    x = scene.scale.x_of(TODAY) + scene.scale.px_per_day / 2
    point = timeline.mapFromScene(QPointF(x, 0))
    assert timeline.tooltip_at(QPoint(point.x(), 100)) == "Today: Sat 28 Nov 2026"
    timeline.header().grab()
    assert "Today" in [text for text, _ in timeline.header().label_rects()]


def test_phases_show_their_date_span(timeline, service):
    spans = {span.name: span for span in timeline.scene().phase_spans()}
    assert set(spans) == set(service.details.phases)
    dates = service.schedule().dates
    fdp_phase = [t for t in service.state.tasks.values() if t.phase == "FDP / cut-over"]
    assert spans["FDP / cut-over"].first == min(dates[t.id].start for t in fdp_phase)
    assert spans["FDP / cut-over"].last == max(dates[t.id].end for t in fdp_phase)
    # The header names the phase when pointed at.
    header = timeline.header()
    timeline.scroll_to_date(spans["Training"].first + timedelta(days=5))
    header.grab()
    header_x = timeline.mapFromScene(QPointF(
        timeline.scene().scale.x_of(spans["Training"].first + timedelta(days=5)), 0)).x()
    tips = [header.tooltip_at(QPointF(header_x, y)) for y in range(header.height())]
    assert any(tip.startswith("Phase: Training\nTue 23 Feb 2027 to") for tip in tips)


# Bars


def test_tooltip_gives_title_uk_dates_owner_status_and_phase(timeline, session):
    session.edit(session.service.set_status, [TRAINING], TaskStatus.IN_PROGRESS)
    tip = timeline.tooltip_at(bar_point(timeline, TRAINING))
    assert "Run core training sessions" in tip
    assert "Tue 23 Feb 2027 to Sun 14 Mar 2027 (20 days)" in tip
    assert "Owner: CSU trainer / Supplier trainer" in tip
    assert "Status: ▶ In progress" in tip
    assert "Phase: Training" in tip


def test_status_and_pin_are_drawn_as_symbols_not_only_colour(timeline, session):
    def text_start_after(task_id):
        item = timeline.scene().bar(task_id)
        return item.text_x()

    plain = text_start_after(TRAINING)
    session.edit(session.service.set_status, [TRAINING], TaskStatus.DONE)
    with_glyph = text_start_after(TRAINING)
    assert with_glyph > plain  # a ✓ sits between the bar and the title
    session.edit(session.service.pin_task, TRAINING, start_of(session.service, TRAINING))
    assert text_start_after(TRAINING) > with_glyph  # and a pin before it
    point = bar_point(timeline, TRAINING)
    image = timeline.viewport().grab().toImage()
    item = timeline.scene().bar(TRAINING)
    glyph_x = round(timeline.mapFromScene(item.mapToScene(
        QPointF(item.text_x() - item.bar_rect().height() / 2 - 4, 0))).x())
    greens = [QColor(image.pixel(x, y)) for x in range(glyph_x - 6, glyph_x + 6)
              for y in range(point.y() - 6, point.y() + 6)]
    assert any(c.green() > c.red() + 40 and c.green() > c.blue() + 40 for c in greens)


def test_dependency_arrow_runs_from_predecessor_end_to_successor_start(timeline, session):
    template_links = len(timeline.scene().arrows())  # the template's own links
    session.edit(session.service.add_dependency, 43, 47)
    assert len(timeline.scene().arrows()) == template_links + 1
    arrows = [a for a in timeline.scene().arrows() if (a.predecessor, a.successor) == (43, 47)]
    assert len(arrows) == 1
    before, after = timeline.scene().bar(43), timeline.scene().bar(47)
    path = arrows[0].sceneBoundingRect()
    assert path.left() <= before.exit_x() <= path.right()
    assert path.left() <= after.entry_x() <= path.right()
    # Arrows can be limited to the selected task's, which are drawn stronger.
    timeline.set_dependencies_shown(False)
    assert not arrows[0].isVisible()
    timeline.select_task(47)
    assert arrows[0].isVisible() and arrows[0].emphasised
    timeline.select_task(FDP_TASK)
    assert not arrows[0].isVisible()
    timeline.set_dependencies_shown(True)
    assert arrows[0].isVisible() and not arrows[0].emphasised
    session.edit(session.service.remove_dependency, 43, 47)
    assert [(a.predecessor, a.successor) for a in timeline.scene().arrows()
            if (a.predecessor, a.successor) == (43, 47)] == []
    assert len(timeline.scene().arrows()) == template_links


def test_a_milestone_is_a_diamond_centred_on_its_day(timeline):
    item = timeline.scene().bar(FDP_TASK)
    rect = item.bar_rect()
    assert item.spec.milestone
    assert rect.width() == rect.height()
    assert rect.center().x() == pytest.approx(timeline.scene().scale.px_per_day / 2)


# Moving tasks


def test_dragging_a_bar_moves_the_task_by_whole_days_and_undo_puts_it_back(timeline, qtbot,
                                                                          session):
    service = session.service
    before = start_of(service, TRAINING)
    start = bar_point(timeline, TRAINING)
    px = timeline.px_per_day()
    end = start + QPoint(round(3 * px + px * 0.3), 2)  # a little off the day: snaps to 3
    viewport = timeline.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, pos=start + QPoint(10, 0))
    qtbot.mouseMove(viewport, pos=end)
    assert start_of(service, TRAINING) == before  # nothing is written until the drop
    with qtbot.waitSignal(session.changed):
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert start_of(service, TRAINING) == before + timedelta(days=3)
    # The offset moved, in the task's working days (Tue to Fri); no date was copied.
    assert service.task(TRAINING).offset == -15 + 3
    assert service.task(TRAINING).pinned_date is None
    item = timeline.scene().bar(TRAINING)
    assert item.x() == timeline.scene().scale.x_of(before + timedelta(days=3))
    session.edit(service.undo)
    assert start_of(service, TRAINING) == before
    assert item.x() == timeline.scene().scale.x_of(before)


def test_a_click_without_a_drag_moves_nothing(timeline, qtbot, session):
    point = bar_point(timeline, TRAINING)
    with qtbot.assertNotEmitted(session.changed):
        qtbot.mousePress(timeline.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseMove(timeline.viewport(), pos=point + QPoint(1, 0))
        qtbot.mouseRelease(timeline.viewport(), Qt.MouseButton.LeftButton,
                           pos=point + QPoint(1, 0))
    assert session.service.undo_status().undo_label is None


def test_escape_cancels_a_drag(timeline, qtbot, session):
    point = bar_point(timeline, TRAINING)
    item = timeline.scene().bar(TRAINING)
    x = item.x()
    viewport = timeline.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseMove(viewport, pos=point + QPoint(60, 0))
    assert item.x() != x  # the bar follows the mouse while dragging
    qtbot.keyClick(timeline, Qt.Key.Key_Escape)
    assert item.x() == x
    with qtbot.assertNotEmitted(session.changed):
        qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point + QPoint(60, 0))


def test_alt_right_and_alt_left_move_the_selected_task_a_day(timeline, qtbot, session):
    service = session.service
    before = start_of(service, TRAINING)
    timeline.select_task(TRAINING)
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert start_of(service, TRAINING) == before + timedelta(days=1)
    assert timeline.selected_task() == TRAINING
    qtbot.keyClick(timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(timeline, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert start_of(service, TRAINING) == before - timedelta(days=1)
    session.edit(service.undo)
    assert start_of(service, TRAINING) == before


def test_a_refused_move_leaves_the_bar_where_the_plan_says(timeline, qtbot, session):
    task = session.service.task(TRAINING)
    # Pushed near the offset limit, one more day is refused with a message.
    session.edit(session.service.update_task, task.with_changes(offset=1000))
    item = timeline.scene().bar(TRAINING)
    x = item.x()
    timeline.select_task(TRAINING)
    timeline.setFocus()
    with qtbot.waitSignal(session.refused) as refused:
        qtbot.keyClick(timeline, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert "offset" in refused.args[0]
    assert item.x() == x


# Selection and activation


def test_clicking_a_bar_selects_it_and_tells_the_session(timeline, qtbot, session):
    with qtbot.waitSignal(session.task_selected) as blocker:
        qtbot.mouseClick(timeline.viewport(), Qt.MouseButton.LeftButton,
                         pos=bar_point(timeline, FDP_TASK))
    assert blocker.args == [FDP_TASK, timeline]
    assert timeline.selected_task() == FDP_TASK


def test_a_right_click_selects_the_task_for_a_context_menu(timeline, qtbot, session):
    with qtbot.waitSignal(session.task_selected) as blocker:
        qtbot.mousePress(timeline.viewport(), Qt.MouseButton.RightButton,
                         pos=bar_point(timeline, TRAINING))
    assert blocker.args == [TRAINING, timeline]


def test_a_selection_elsewhere_selects_and_scrolls_to_the_task(timeline, session):
    other = object()
    last_row_task = timeline.row_order()[-1]
    session.select_task(last_row_task, other)
    assert timeline.selected_task() == last_row_task
    item = timeline.scene().bar(last_row_task)
    visible = timeline.mapToScene(timeline.viewport().rect()).boundingRect()
    assert visible.contains(item.mapToScene(item.bar_rect().center()))
    # Its own echo is ignored.
    session.select_task(FDP_TASK, timeline)
    assert timeline.selected_task() == last_row_task


def test_up_and_down_move_the_selection_between_rows(timeline, qtbot, session):
    rows = timeline.row_order()
    timeline.select_task(rows[4])
    timeline.setFocus()
    with qtbot.waitSignal(session.task_selected) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Down)
    assert blocker.args == [rows[5], timeline]
    qtbot.keyClick(timeline, Qt.Key.Key_Up)
    qtbot.keyClick(timeline, Qt.Key.Key_Up)
    assert timeline.selected_task() == rows[3]
    qtbot.keyClick(timeline, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert timeline.selected_task() == rows[-1]
    qtbot.keyClick(timeline, Qt.Key.Key_Down)
    assert timeline.selected_task() == rows[-1]


def test_enter_and_double_click_activate_the_task(timeline, qtbot):
    timeline.select_task(TRAINING)
    timeline.setFocus()
    with qtbot.waitSignal(timeline.task_activated) as blocker:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert blocker.args == [TRAINING]
    with qtbot.waitSignal(timeline.task_activated) as blocker:
        qtbot.mouseDClick(timeline.viewport(), Qt.MouseButton.LeftButton,
                          pos=bar_point(timeline, FDP_TASK))
    assert blocker.args == [FDP_TASK]


def test_a_deleted_selected_task_is_no_longer_selected(timeline, session):
    timeline.select_task(TRAINING)
    session.edit(session.service.delete_tasks, [TRAINING])
    assert timeline.selected_task() is None
    assert TRAINING not in timeline.row_order()
    assert timeline.scene().bar(TRAINING) is None


# Zoom and scrolling


def test_zoom_changes_pixels_per_day_and_keeps_the_centre_date(timeline, qtbot):
    timeline.scroll_to_date(date(2027, 3, 16))
    assert timeline.px_per_day() == ZOOM_LEVELS[DEFAULT_ZOOM]
    centre = timeline.centre_date()
    with qtbot.waitSignal(timeline.zoom_changed):
        timeline.zoom_in()
    assert timeline.px_per_day() == ZOOM_LEVELS[DEFAULT_ZOOM - 1]
    assert abs((timeline.centre_date() - centre).days) <= 1
    timeline.zoom_out()
    timeline.zoom_out()
    assert timeline.px_per_day() == ZOOM_LEVELS[DEFAULT_ZOOM + 1]
    assert abs((timeline.centre_date() - centre).days) <= 1
    timeline.set_zoom_level(99)
    assert timeline.px_per_day() == ZOOM_LEVELS[-1]
    # The whole plan now fits: the view starts at the left and the date stays in sight.
    assert timeline.horizontalScrollBar().value() == 0
    right = timeline.mapToScene(QPoint(timeline.viewport().width(), 0)).x()
    assert timeline.scene().scale.x_of(centre) < right


def test_ctrl_plus_and_minus_zoom_from_the_keyboard(timeline, qtbot):
    timeline.setFocus()
    qtbot.keyClick(timeline, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom_level() == DEFAULT_ZOOM - 1
    qtbot.keyClick(timeline, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(timeline, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom_level() == DEFAULT_ZOOM + 1
    qtbot.keyClick(timeline, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom_level() == DEFAULT_ZOOM


def test_ctrl_wheel_zooms_keeping_the_date_under_the_mouse(timeline):
    timeline.scroll_to_date(date(2027, 3, 16))
    viewport = timeline.viewport()
    mouse = QPointF(200, 100)
    under = timeline.scene().scale.day_at(timeline.mapToScene(mouse.toPoint()).x())
    event = QWheelEvent(mouse, viewport.mapToGlobal(mouse), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)
    assert timeline.zoom_level() == DEFAULT_ZOOM - 1
    after = timeline.scene().scale.day_at(timeline.mapToScene(mouse.toPoint()).x())
    assert abs((after - under).days) <= 1


def test_the_wheel_over_the_dates_scrolls_through_time_and_ctrl_wheel_zooms(timeline):
    header = timeline.header()
    timeline.scroll_to_date(date(2027, 3, 16))
    before = timeline.centre_date()
    point = QPointF(300, 10)

    def wheel(delta, modifiers=Qt.KeyboardModifier.NoModifier):
        QApplication.sendEvent(header, QWheelEvent(
            point, header.mapToGlobal(point), QPoint(0, 0), QPoint(0, delta),
            Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False))

    wheel(-120)
    assert timeline.centre_date() > before
    wheel(240, Qt.KeyboardModifier.ControlModifier)
    assert timeline.zoom_level() == DEFAULT_ZOOM - 2


def test_scroll_to_date_and_date_requests_bring_the_day_into_view(timeline, session):
    day = date(2027, 4, 30)
    session.date_requested.emit(day)
    assert abs((timeline.centre_date() - day).days) <= 1
    timeline.scroll_to_date(date(2027, 1, 4))
    assert abs((timeline.centre_date() - date(2027, 1, 4)).days) <= 1


# Keeping up with the plan


def test_a_go_live_move_elsewhere_moves_the_bars(timeline, session):
    item = timeline.scene().bar(FDP_TASK)
    before = item.spec.start
    session.edit(session.service.set_go_live, date(2027, 3, 23))
    assert item.spec.start == before + timedelta(days=7)
    assert item.x() == timeline.scene().scale.x_of(before + timedelta(days=7))


def test_bars_dropped_after_many_were_made_come_back_where_the_dates_say(
        timeline, session, monkeypatch):
    monkeypatch.setattr(scene_module, "MAX_KEPT_BARS", 5)
    scene = timeline.scene()
    scene.bars()  # more bars made than are kept: the next edit drops them
    session.edit(session.service.set_go_live, date(2027, 3, 23))
    dates = session.service.schedule().dates
    rh = timeline.row_height()
    for row, task_id in enumerate(timeline.row_order()):
        bar = scene.bar(task_id)
        assert bar.spec.start == dates[task_id].start
        assert (bar.x(), bar.y()) == (scene.scale.x_of(dates[task_id].start), row * rh)
    # The mouse finds the bar where it is drawn.
    tip = timeline.tooltip_at(bar_point(timeline, FDP_TASK))
    assert session.service.task(FDP_TASK).title.split()[0] in tip


def test_opening_another_plan_shows_it(timeline, session):
    other = memory_plan(riverside(date(2027, 6, 15)), today=lambda: TODAY)
    session.replace_service(other)
    assert timeline.scene().key_dates()[KeyDate.BGL] == date(2027, 6, 15)
    assert len(timeline.row_order()) == len(other.state.tasks)


def test_accessible_names_and_render_image(timeline):
    assert timeline.accessibleName() == "Timeline"
    assert "Alt+Left" in timeline.accessibleDescription()
    assert timeline.header().accessibleName()
    image = timeline.render_image(QSize(800, 500))
    assert image.size() == QSize(800, 500)
    assert not image.isNull()


# 5,000 tasks


def bulk_service(count: int):
    """A memory plan with `count` tasks, added in one commit (add_task one by one is
    quadratic: it re-schedules the whole plan each time, about 80 s for 5,000)."""
    service = memory_plan(riverside(), today=lambda: TODAY)
    phases = service.details.phases
    first = max(service.state.tasks) + 1
    items = []
    for n in range(count - len(service.state.tasks)):
        task_id = TaskId(first + n)
        task = service.new_task(f"Bulk task {task_id}", phases[n % len(phases)],
                                Anchor.key(KeyDate.BGL), offset=(n * 7) % 180 - 120)
        items.append(EntityChange(None, task.with_changes(id=task_id, position=task_id,
                                                          duration_days=1 + n % 4)))
    deps = [EntityChange(None, Dependency(TaskId(first + n), TaskId(first + n + 1)))
            for n in range(0, len(items) - 1, 5)]
    service._commit(Changes("Add bulk tasks", tuple(items + deps)), record=False)
    return service


def test_a_5000_task_plan_builds_paints_and_moves(qtbot):
    service = bulk_service(5000)
    session = PlanSession(service)
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    assert len(widget.row_order()) == 5000
    assert len(widget.scene().arrows()) == len(service.state.dependencies)
    widget.render_image()
    widget.zoom_out()
    widget.vertical_scroll_bar().setValue(widget.vertical_scroll_bar().maximum())
    widget.render_image()
    last = widget.row_order()[-1]
    before = start_of(service, last)
    session.edit(service.move_task, last, 2)
    assert widget.scene().bar(last).spec.start == before + timedelta(days=2)
    session.select_task(widget.row_order()[2500], object())
    assert widget.selected_task() == widget.row_order()[2500]


def test_one_bar_per_row_all_drawn_by_one_item(timeline):
    scene = timeline.scene()
    assert sorted(bar.row for bar in scene.bars()) == list(range(len(timeline.row_order())))
    # One item paints every bar and one every arrow: an edit moves numbers, not items.
    assert len(scene.items()) == 2


def test_weekends_are_shaded_in_dark_mode_too(timeline) -> None:
    from PySide6.QtGui import QPalette

    dark = QPalette(timeline.palette())
    for role, colour in ((QPalette.ColorRole.Base, "#1e1e1e"),
                         (QPalette.ColorRole.AlternateBase, "#1e1e1e"),
                         (QPalette.ColorRole.Text, "#e8e8e8")):
        dark.setColor(role, QColor(colour))
    timeline.setPalette(dark)
    scene = timeline.scene()
    saturday = date(2027, 2, 6)  # a plain weekend and a plain Wednesday, both in the plan
    wednesday = date(2027, 2, 10)

    def ink(day: date) -> QColor:
        timeline.centerOn(scene.scale.x_of(day) + 2, timeline.sceneRect().top() + 400)
        shot = timeline.viewport().grab().toImage()
        point = timeline.mapFromScene(QPointF(scene.scale.x_of(day) + 2,
                                              timeline.mapToScene(0, shot.height() - 8).y()))
        return QColor(shot.pixel(point.x(), point.y()))

    assert abs(ink(saturday).lightness() - ink(wednesday).lightness()) >= 6


def test_a_timeline_hidden_during_go_live_moves_is_right_when_shown(timeline, qtbot, session):
    scene = timeline.scene()
    scene.bars()
    timeline.hide()
    for day in (date(2027, 4, 13), date(2027, 5, 4)):
        session.edit(session.service.set_go_live, day)
    timeline.show()
    qtbot.waitExposed(timeline)
    timeline.grab()
    state = session.service.state
    dates = state.schedule.dates
    assert timeline.row_order() == [task.id for task in state.ordered_tasks()]
    rh = timeline.row_height()
    for row, task_id in enumerate(timeline.row_order()):
        bar = scene.bar(task_id)
        assert bar.spec.start == dates[task_id].start and bar.spec.end == dates[task_id].end
        assert (bar.x(), bar.y()) == (scene.scale.x_of(dates[task_id].start), row * rh)
    assert scene.key_dates()[KeyDate.BGL] == date(2027, 5, 4)
    for span in scene.phase_spans():
        members = [t.id for t in state.tasks.values() if t.phase == span.name]
        assert span.first == min(dates[t].start for t in members)
        assert span.last == max(dates[t].end for t in members)
        assert span.tasks == len(members)
