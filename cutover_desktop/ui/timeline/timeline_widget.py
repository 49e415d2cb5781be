"""TimelineWidget: the plan as bars on a calendar, to read, select, zoom and drag by days."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsView,
    QScrollBar,
    QToolTip,
    QWidget,
)

from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.impact import Impact
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.signoff import SIGNOFF_KIND, WITHDRAWAL_KIND
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.timeline.header import TimelineHeader, preferred_height
from cutover_desktop.ui.timeline.scene import TimelineScene
from cutover_desktop.ui.timeline.time_scale import DEFAULT_ZOOM, ZOOM_LEVELS, clamp_zoom

# Kinds of change the timeline shows; others (staff, registers, ...) leave it alone.
# Sign-offs and withdrawals change the gate flags.
SHOWN_KINDS = frozenset({"task", "dependency", "plan", "calendar_day", SIGNOFF_KIND,
                         WITHDRAWAL_KIND})
WHEEL_STEP = 120


@dataclass
class _Drag:
    task_id: int
    press_scene_x: float
    press_view_x: float
    item_x: float
    days: int = 0
    active: bool = False


class TimelineWidget(QGraphicsView):
    """The timeline view of the open plan.

    Rows follow an order set from outside (the task table beside it), so the two line up
    when the main window gives both the same row height, header height and scroll bar.

    Signals:
        task_activated(int): the user double-clicked a task or pressed Enter on it.
        zoom_changed(int): the zoom level (an index into ZOOM_LEVELS) changed.
        header_height_changed(int): the fixed header's height changed (a new font, or
            set_header_height), so a table beside it can match.
    """

    task_activated = Signal(int)
    zoom_changed = Signal(int)
    header_height_changed = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None, *,
                 row_height: int | None = None, row_order: list[int] | None = None) -> None:
        """`row_height` and `row_order` as set_row_height and set_row_order would set them,
        given here so that the plan is laid out once, not three times, on opening."""
        super().__init__(parent)
        # A viewport made here rather than by Qt: the first widget Qt made that Python is
        # handed makes PySide6 create the class of every kind of widget (9 ms at start).
        self.setViewport(QWidget())
        self._session = session
        self._scene = TimelineScene(self)
        self.setScene(self._scene)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "Tasks as bars on a calendar, one row per task. Up and Down choose a task, "
            "Alt+Left and Alt+Right move it a day, Enter opens it, Ctrl+plus and Ctrl+minus "
            "zoom, Left and Right scroll.")
        self._row_order: list[int] | None = None
        self._row_source: Callable[[], list[int]] | None = None
        self._zoom = DEFAULT_ZOOM
        self._header_height: int | None = None
        self._applied_header_height = -1
        self._row_height_set = row_height is not None
        self._drag: _Drag | None = None
        self._wheel = 0
        self._go_home = True
        self._scene.set_px_per_day(ZOOM_LEVELS[self._zoom])
        self._scene.set_bar_font(self.font())
        self._scene.set_row_height(self._default_row_height() if row_height is None
                                   else row_height)
        if row_order is not None:
            self._row_order = list(dict.fromkeys(int(task_id) for task_id in row_order))
        self._header = TimelineHeader(self._scene, self._scene_to_viewport_x, self)
        self._header.wheel_handler = self._on_header_wheel
        self._apply_header_height()

        self.horizontalScrollBar().valueChanged.connect(self._on_scroll_bar_moved)
        session.touched.connect(self._on_session_touched)
        session.plan_opened.connect(self._on_session_plan_opened)
        session.task_selected.connect(self._on_session_task_selected)
        session.date_requested.connect(self._on_session_date_requested)
        self._refresh()

    # Rows and geometry the main window lines up with its table

    def set_row_order(self, task_ids: list[int] | None) -> None:
        """Show these tasks, top to bottom (None: every task in plan order)."""
        # Once each, in the order given.
        order = None if task_ids is None else list(dict.fromkeys(task_ids))
        if order == self._row_order and self._scene.shows(self._state()):
            return  # the table re-announced the order after an edit already shown
        self._row_order = order
        self._refresh()

    def set_row_source(self, source: Callable[[], list[int]] | None) -> None:
        """Where the rows come from after an edit (the task table beside it), so one edit is
        laid out once, in the order the table has already taken."""
        self._row_source = source

    def row_order(self) -> list[int]:
        return self._scene.rows

    def set_row_height(self, px: int | None) -> None:
        """Height of each task row in pixels (None: what the font needs)."""
        self._row_height_set = px is not None
        self._scene.set_row_height(self._default_row_height() if px is None else px)
        self.verticalScrollBar().setSingleStep(self._scene.row_height)

    def _default_row_height(self) -> int:
        return self.fontMetrics().height() + 10

    def row_height(self) -> int:
        return self._scene.row_height

    def set_header_height(self, px: int | None) -> None:
        """Height of the fixed header above the rows (None: the height its font needs)."""
        self._header_height = None if px is None else max(0, int(px))
        self._apply_header_height()

    def header_height(self) -> int:
        if self._header_height is not None:
            return self._header_height
        return self.preferred_header_height()

    def preferred_header_height(self) -> int:
        """The height that shows the ruler, two lanes of key dates and three of phases."""
        return preferred_height(self.font())

    def vertical_scroll_bar(self) -> QScrollBar:
        return self.verticalScrollBar()

    def header(self) -> TimelineHeader:
        return self._header

    def set_dependencies_shown(self, shown: bool) -> None:
        """Draw every dependency arrow (True) or only the selected task's (False)."""
        self._scene.set_all_arrows_shown(shown)

    def dependencies_shown(self) -> bool:
        return self._scene.all_arrows_shown

    # Zoom

    def zoom_level(self) -> int:
        return self._zoom

    def px_per_day(self) -> float:
        return self._scene.scale.px_per_day

    def zoom_in(self) -> None:
        self.set_zoom_level(self._zoom - 1)

    def zoom_out(self) -> None:
        self.set_zoom_level(self._zoom + 1)

    def set_zoom_level(self, level: int, anchor_x: float | None = None) -> None:
        """Zoom to ZOOM_LEVELS[level], keeping the date at anchor_x (default: centre) in place."""
        level = clamp_zoom(level)
        if level == self._zoom:
            return
        if anchor_x is None:
            anchor_x = self.viewport().width() / 2
        days = self._scene.scale.days_at(self._viewport_to_scene_x(anchor_x))
        self._zoom = level
        self._scene.set_px_per_day(ZOOM_LEVELS[level])
        self.horizontalScrollBar().setValue(round(self._scene.scale.width_of(days) - anchor_x))
        self._header.update()
        self.zoom_changed.emit(level)

    def centre_date(self) -> date:
        """The day at the middle of the visible part."""
        return self._scene.scale.day_at(self._viewport_to_scene_x(self.viewport().width() / 2))

    # Scrolling

    def scroll_to_date(self, day: date) -> None:
        """Scroll sideways so the day is in the middle."""
        self._go_home = False
        scale = self._scene.scale
        middle = scale.x_of(day) + scale.px_per_day / 2
        self.horizontalScrollBar().setValue(round(middle - self.viewport().width() / 2))

    def scroll_to_task(self, task_id: int) -> None:
        """Scroll so the task's row and the start of its bar are in sight."""
        item = self._scene.bar(task_id)
        if item is None:
            return
        self._go_home = False
        bar = item.mapRectToScene(item.bar_rect())
        width = self.viewport().width()
        self.ensureVisible(QRectF(bar.left(), item.y(), min(bar.width(), width / 2),
                                  self._scene.row_height), 40, 0)

    # Selection

    def selected_task(self) -> int | None:
        return self._scene.selected

    def select_task(self, task_id: int | None) -> None:
        """Select a task as if clicked, telling the other views."""
        self._choose(task_id, announce=True)

    def _choose(self, task_id: int | None, announce: bool) -> None:
        if task_id is not None and self._scene.row_of(task_id) is None:
            task_id = None
        self._scene.set_selected(task_id, self.hasFocus())
        if task_id is not None:
            self.scroll_to_task(task_id)
            if announce:
                self._session.select_task(task_id, self)

    # For benchmarks and checks

    def render_image(self, size: QSize | None = None) -> QImage:
        """Paint the whole widget (header and visible rows) into an image, as on screen."""
        if size is not None:
            self.resize(size)
        image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(self.palette().color(self.backgroundRole()))
        QWidget.render(self, image)  # QGraphicsView.render draws the scene, not the widget
        return image

    def tooltip_at(self, point: QPoint) -> str:
        """What the tooltip says at a point of the viewport: a task, a key date or a day."""
        return self._scene.tooltip_at(self.mapToScene(point))

    # Refreshing from the session

    def _state(self) -> PlanState:
        return self._session.service.state

    def _rows_for(self, state: PlanState) -> list[int]:
        if self._row_order is None:
            return [task.id for task in state.ordered_tasks()]
        return [task_id for task_id in self._row_order if task_id in state.tasks]

    def _refresh(self) -> None:
        state = self._state()
        left_day = self._scene.scale.days_at(self._viewport_to_scene_x(0))
        old_origin = self._scene.scale.origin
        self._scene.show_plan(state, self._session.service.today(), self._rows_for(state))
        shift = (old_origin - self._scene.scale.origin).days
        if shift and not self._go_home:
            # The timeline grew at the left: keep the same days in view.
            self.horizontalScrollBar().setValue(
                round(self._scene.scale.width_of(left_day + shift)))
        if self._go_home:
            self._scroll_home()
        self._header.update()

    def _scroll_home(self) -> None:
        """Start a week before today, or before the key date nearest today if today is
        outside the plan."""
        state = self._state()
        first, last = state.schedule.span()
        today = self._session.service.today()
        key_days = list(state.schedule.key_dates.values()) or [first]
        target = (today if first <= today <= last
                  else min(key_days, key=lambda day: abs((day - today).days)))
        scale = self._scene.scale
        self.horizontalScrollBar().setValue(round(scale.x_of(target - timedelta(days=7))))

    def _on_session_touched(self, impact: Impact) -> None:
        if not impact.moves_anything and impact.kinds.isdisjoint(SHOWN_KINDS):
            return  # a staff or register edit, say: no bar, arrow or key date to redraw
        if self._row_source is not None:
            self._row_order = list(dict.fromkeys(self._row_source()))
        self._refresh()

    def _on_session_plan_opened(self) -> None:
        self._go_home = True
        self._scene.set_selected(None, self.hasFocus())
        self._refresh()
        if self.isVisible():
            self._go_home = False

    def _on_session_task_selected(self, task_id: int, source: object) -> None:
        if source is self:
            return
        self._choose(task_id, announce=False)

    def _on_session_date_requested(self, day: object) -> None:
        if isinstance(day, date):
            self.scroll_to_date(day)

    def _on_scroll_bar_moved(self, _value: int) -> None:
        self._header.update()

    # Header placement

    def _apply_header_height(self) -> None:
        height = self.header_height()
        self.setViewportMargins(0, height, 0, 0)
        self._place_header()
        if height != self._applied_header_height:
            first = self._applied_header_height < 0
            self._applied_header_height = height
            if not first:
                self.header_height_changed.emit(height)

    def _place_header(self) -> None:
        viewport = self.viewport().geometry()
        self._scene.set_min_width(viewport.width())
        height = self.header_height()
        self._header.setGeometry(viewport.x(), viewport.y() - height, viewport.width(), height)
        self._header.update()

    def _scene_to_viewport_x(self, x: float) -> float:
        return self.viewportTransform().map(QPointF(x, 0.0)).x()

    def _viewport_to_scene_x(self, x: float) -> float:
        inverse, _ok = self.viewportTransform().inverted()
        return inverse.map(QPointF(x, 0.0)).x()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_header()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place_header()
        if self._go_home:
            self._scroll_home()
            self._go_home = False

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place_header()
        elif event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            text = self.tooltip_at(help_event.pos())
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._scene.set_bar_font(self.font())
            if not self._row_height_set:
                self._scene.set_row_height(self._default_row_height())
            self._apply_header_height()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show_focus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show_focus(False)

    def _show_focus(self, focused: bool) -> None:
        self._scene.set_selected(self._scene.selected, focused)
        self._header.focus_shown = focused
        self._header.update()

    # Mouse: click selects, drag moves by whole days, double-click opens, Ctrl+wheel zooms

    def _task_at(self, point: QPoint) -> int | None:
        row = self._scene.row_at_y(self.mapToScene(point).y())
        return None if row is None else self._scene.task_at_row(row)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            if event.button() == Qt.MouseButton.RightButton:
                # A context menu acts on the task under the mouse.
                task_id = self._task_at(event.position().toPoint())
                if task_id is not None:
                    self._choose(task_id, announce=True)
            super().mousePressEvent(event)
            return
        point = event.position().toPoint()
        task_id = self._task_at(point)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if task_id is None:
            event.accept()
            return
        self._choose(task_id, announce=True)
        item = self._scene.bar_at(self.mapToScene(point))
        if (item is not None and item.task_id == task_id
                and not self._session.service.read_only):
            self._drag = _Drag(task_id, self.mapToScene(point).x(), event.position().x(),
                               item.x())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None or not event.buttons() & Qt.MouseButton.LeftButton:
            # A bar under the mouse shows that it can be dragged sideways.
            over_bar = self._scene.bar_at(self.mapToScene(event.position().toPoint())) is not None
            if over_bar and not self._session.service.read_only:
                self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
            else:
                self.viewport().unsetCursor()
            super().mouseMoveEvent(event)
            return
        if not drag.active:
            if abs(event.position().x() - drag.press_view_x) < QApplication.startDragDistance():
                return
            drag.active = True
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor)
        scale = self._scene.scale
        point = event.position().toPoint()
        drag.days = scale.snap_days(self.mapToScene(point).x() - drag.press_scene_x)
        item = self._scene.bar(drag.task_id)
        if item is None:
            self._cancel_drag()
            return
        item.setX(drag.item_x + scale.width_of(drag.days))
        if drag.days:
            start = item.spec.start + timedelta(days=drag.days)
            word = "later" if drag.days > 0 else "earlier"
            QToolTip.showText(event.globalPosition().toPoint(),
                              f"{uk_date(start)} ({plural(abs(drag.days), 'day')} {word})",
                              self.viewport())
        else:
            QToolTip.hideText()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self._cancel_drag()
        if drag.active and drag.days:
            # The scene never moves itself: the bar lands where the session says it is.
            service = self._session.service
            self._session.edit_from(self, service.move_task, drag.task_id, drag.days)
        event.accept()

    def _cancel_drag(self) -> None:
        drag = self._drag
        self._drag = None
        self.viewport().unsetCursor()
        QToolTip.hideText()
        if drag is not None:
            item = self._scene.bar(drag.task_id)
            if item is not None:
                item.setX(drag.item_x)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mouseDoubleClickEvent(event)
            return
        task_id = self._task_at(event.position().toPoint())
        if task_id is not None:
            self._choose(task_id, announce=True)
            self.task_activated.emit(task_id)
        event.accept()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        self._wheel += event.angleDelta().y()
        steps = int(self._wheel / WHEEL_STEP)
        if steps:
            self._wheel -= steps * WHEEL_STEP
            self.set_zoom_level(self._zoom - steps, anchor_x=event.position().x())
        event.accept()

    def _on_header_wheel(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.wheelEvent(event)
            return
        # Over the dates, the wheel scrolls through time.
        delta = event.angleDelta().y() or event.angleDelta().x()
        bar = self.horizontalScrollBar()
        bar.setValue(bar.value() - round(delta / WHEEL_STEP * self.viewport().width() / 8))
        event.accept()

    # Keyboard

    def event(self, event: QEvent) -> bool:
        # Keys the timeline owns win over window shortcuts while it has focus.
        if event.type() == QEvent.Type.ShortcutOverride and self._handles_key(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def _handles_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return self._scene.selected is not None
        return key == Qt.Key.Key_Escape and self._drag is not None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        selected = self._scene.selected
        if ctrl and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif ctrl and key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.set_zoom_level(DEFAULT_ZOOM)
        elif alt and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            if selected is not None and not self._session.service.read_only:
                days = 1 if key == Qt.Key.Key_Right else -1
                self._session.edit_from(self, self._session.service.move_task, selected, days)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                     Qt.Key.Key_Home, Qt.Key.Key_End) and not alt:
            self._step_selection(key)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not alt:
            step = max(self.viewport().width() // 8, 1)
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + (step if key == Qt.Key.Key_Right else -step))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and selected is not None:
            self.task_activated.emit(selected)
        elif key == Qt.Key.Key_Escape and self._drag is not None:
            self._cancel_drag()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _step_selection(self, key: int) -> None:
        rows = self._scene.rows
        if not rows:
            return
        current = self._scene.selected
        row = self._scene.row_of(current) if current is not None else None
        page = max(1, self.viewport().height() // self._scene.row_height - 1)
        if row is None:
            target = 0 if key not in (Qt.Key.Key_End,) else len(rows) - 1
        elif key == Qt.Key.Key_Up:
            target = row - 1
        elif key == Qt.Key.Key_Down:
            target = row + 1
        elif key == Qt.Key.Key_PageUp:
            target = row - page
        elif key == Qt.Key.Key_PageDown:
            target = row + page
        elif key == Qt.Key.Key_Home:
            target = 0
        else:
            target = len(rows) - 1
        target = max(0, min(len(rows) - 1, target))
        self._choose(rows[target], announce=True)
