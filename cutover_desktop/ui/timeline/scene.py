"""TimelineScene: task bars in rows, arrows between them, and the calendar painted behind."""

from __future__ import annotations

import math
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from PySide6.QtCore import QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QGraphicsScene

from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.signoff import gate_statuses
from cutover_desktop.ui.style import LIGHT, tone
from cutover_desktop.ui.timeline.arrows import Arrow, ArrowLayer
from cutover_desktop.ui.timeline.items import (
    BarLayer,
    BarSpec,
    GateMark,
    Geometry,
    TaskBarItem,
    gate_mark,
)
from cutover_desktop.ui.timeline.time_scale import (
    DEFAULT_ZOOM,
    ZOOM_LEVELS,
    TimeScale,
    span_end,
    span_origin,
)

KEY_DATE_COLOUR = QColor(LIGHT.key_date_line)  # drawn as tone("key_date_line"): dark mode too
# The days of cut-over: drawn heavier than the planning dates around them.
MAIN_KEY_DATES = (KeyDate.FDP, KeyDate.TGL, KeyDate.BGL)
WEEKEND_ALPHA = 22
HOLIDAY_SHADE = QColor(214, 140, 0, 45)
CLOSURE_SHADE = QColor(120, 120, 120, 45)
HOLIDAY_BRUSH = QBrush(QColor(214, 140, 0, 70), Qt.BrushStyle.BDiagPattern)
# Bars are made when painted; up to this many made bars follow an edit, more are dropped.
MAX_KEPT_BARS = 400


_START, _END = attrgetter("start"), attrgetter("end")


def _ids_by_phase(state: PlanState) -> dict[str, list[TaskId]]:
    members: dict[str, list[TaskId]] = {}
    for task in state.tasks.values():
        members.setdefault(task.phase, []).append(task.id)
    return members


class PhaseSpan(NamedTuple):
    name: str
    position: int  # the phase's place in the plan's order of phases
    first: date
    last: date
    tasks: int


class DayMark(NamedTuple):
    """Why a day is shaded: 'weekend', 'holiday' or 'closure', with words for a tooltip."""

    kind: str
    text: str


class TimelineScene(QGraphicsScene):
    """The body of the timeline: one row per task in a given order.

    The scene shows a plan state; it never edits it. `show_plan` compares what each bar
    shows with what it showed and repaints only the bars that differ.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Two items, each covering the scene (the bars and the arrows): no index to keep.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self._state: PlanState | None = None
        self._today = date.today()
        self._rows: list[int] = []
        self._row_of: dict[int, int] = {}
        self._scale = TimeScale(span_origin(self._today), ZOOM_LEVELS[DEFAULT_ZOOM])
        self._last_day = span_end(self._today)
        self._min_width = 0.0
        self._row_height = 24
        self._geo = Geometry(self._row_height, QApplication.font())
        self._bars: dict[int, TaskBarItem] = {}
        # The links and the row list the arrows were listed for (the row list is replaced,
        # never changed in place, when the rows shown change).
        self._arrows_for: tuple[object, list[int]] | None = None
        self._arrow_layer = ArrowLayer(self._arrow_ends, self._row_of)
        self.addItem(self._arrow_layer)
        self._gates: dict[int, GateMark] | None = None
        self._bar_layer = BarLayer(self._rows, self.bar, self._row_height)
        self.addItem(self._bar_layer)
        self._selected: int | None = None
        self._focused = False
        self._all_arrows = True
        self._phases: list[PhaseSpan] = []
        self._marks: dict[date, DayMark | None] = {}

    # What the scene shows

    @property
    def state(self) -> PlanState | None:
        return self._state

    @property
    def scale(self) -> TimeScale:
        return self._scale

    @property
    def today(self) -> date:
        return self._today

    @property
    def last_day(self) -> date:
        """The last day drawn: the plan's end with a margin, or further to fill the view."""
        return max(self._last_day, self._scale.day_at(self._min_width))

    def set_min_width(self, width: float) -> None:
        """Draw the calendar at least this wide, so a narrow plan still fills the view."""
        if width != self._min_width:
            self._min_width = width
            self._resize()

    @property
    def row_height(self) -> int:
        return self._row_height

    @property
    def rows(self) -> list[int]:
        return list(self._rows)

    def row_of(self, task_id: int) -> int | None:
        return self._row_of.get(task_id)

    def task_at_row(self, row: int) -> int | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_at_y(self, y: float) -> int | None:
        row = math.floor(y / self._row_height)
        return row if 0 <= row < len(self._rows) else None

    def bar(self, task_id: int) -> TaskBarItem | None:
        """The task's bar (made when first asked for), or None when its row is not shown."""
        return self._bars.get(task_id) or self._make_bar(task_id)

    def bars(self) -> list[TaskBarItem]:
        return [bar for bar in map(self.bar, self._rows) if bar is not None]

    def bar_at(self, point: QPointF) -> TaskBarItem | None:
        """The bar drawn at a scene point (its bar, glyphs or title), if any."""
        return self._bar_layer.bar_at(point)

    def arrows(self) -> list[Arrow]:
        return [Arrow(*key, self._arrow_layer) for key in self._arrow_layer.keys]

    def tooltip_at(self, point: QPointF) -> str:
        """What the tooltip says at a scene point: a task, a key date, today or the day."""
        item = self.bar_at(point)
        if item is not None:
            return item.tooltip()
        scale = self._scale
        scene_x = point.x()
        near = max(3.0, scale.px_per_day / 4)
        for key, day in self.key_dates().items():
            if abs(scale.x_of(day) - scene_x) <= near:
                return f"{key.label}: {uk_date(day)}"
        today = self._today
        if abs(scale.x_of(today) + scale.px_per_day / 2 - scene_x) <= near:
            return f"Today: {uk_date(today)}"
        day = scale.day_at(scene_x)
        if not scale.origin <= day <= self.last_day:
            return ""
        mark = self.day_mark(day)
        return uk_date(day) + (f": {mark.text}" if mark else "")

    def key_dates(self) -> dict[KeyDate, date]:
        if self._state is None:
            return {}
        return dict(self._state.schedule.key_dates)

    def phase_spans(self) -> list[PhaseSpan]:
        return list(self._phases)

    def row_rect(self, row: int) -> QRectF:
        return QRectF(0.0, row * self._row_height, self.sceneRect().width(), self._row_height)

    def day_mark(self, day: date) -> DayMark | None:
        """Why the day is shaded on the timeline, or None for an ordinary working day."""
        if day in self._marks:
            return self._marks[day]
        mark = None
        calendar = self._state.calendar if self._state is not None else None
        if calendar is None or not calendar.is_working_day(day):
            if calendar is not None and day in calendar.closures:
                mark = DayMark("closure", "practice closed")
            else:
                name = bank_holiday_name(day)
                if name:
                    mark = DayMark("holiday", f"bank holiday: {name}")
                elif day.weekday() >= 5:
                    mark = DayMark("weekend", "weekend")
        self._marks[day] = mark
        return mark

    # Updating

    def shows(self, state: PlanState) -> bool:
        """True when this plan state is the one on show."""
        return state is self._state

    def show_plan(self, state: PlanState, today: date, rows: list[int]) -> None:
        """Show a plan state with tasks in the given row order.

        Bars are made when first painted or asked for, so an edit costs the rows in view,
        not one bar per task; the arrows are drawn from the bars when painted.
        """
        if state is not self._state or today != self._today:
            self._marks.clear()
            self._gates = None
            self._state = state
            self._today = today
            first, last = state.schedule.span()
            self._scale = TimeScale(span_origin(min(first, today)), self._scale.px_per_day)
            self._last_day = span_end(max(last, today))
            self._phases = self._measure_phases(state)
        if not state.tasks.keys() >= set(rows):
            rows = [task_id for task_id in rows if task_id in state.tasks]
        if rows != self._rows:
            self._rows = list(rows)
            self._row_of = dict(zip(self._rows, range(len(self._rows)), strict=True))
        self._refresh_made_bars()
        if self._selected not in self._row_of:
            self._selected = None
        self._route_arrows()
        self._resize()
        self.update()  # the background: rows, key dates and shading may all have moved

    def _refresh_made_bars(self) -> None:
        """Bars already made follow the plan on show; past a screenful or two they are
        dropped instead and made again when painted, so an edit never walks every task."""
        if len(self._bars) > MAX_KEPT_BARS or self._state is None:
            self._bars.clear()
            return
        for task_id, item in list(self._bars.items()):
            row = self._row_of.get(task_id)
            if row is None:
                del self._bars[task_id]
                continue
            item.set_scale(self._geo, self._scale.px_per_day)
            item.set_spec(self._spec_of(self._state, task_id))
            item.row = row
            self._place(item)

    def _make_bar(self, task_id: int) -> TaskBarItem | None:
        row = self._row_of.get(task_id)
        state = self._state
        if row is None or state is None:
            return None
        item = TaskBarItem(self._spec_of(state, task_id), self._geo, self._scale.px_per_day,
                           self._bar_layer)
        item.row = row
        # Set directly: a bar may be made while the layer paints, which must not repaint.
        item.selected, item.focused = task_id == self._selected, self._focused
        self._place(item)
        self._bars[task_id] = item
        return item

    def _spec_of(self, state: PlanState, task_id: int) -> BarSpec:
        if self._gates is None:
            self._gates = self._gate_marks(state, self._today)
        task = state.tasks[TaskId(task_id)]
        placed = state.schedule.dates[TaskId(task_id)]
        pusher = state.tasks.get(placed.pushed_by) if placed.pushed_by else None
        return BarSpec(
            task_id=task_id, start=placed.start, end=placed.end, title=task.title,
            status=task.status, pinned=task.is_pinned, milestone=task.milestone,
            phase=task.phase, owner_role=task.owner_role, skip_reason=task.skip_reason,
            pushed_by=pusher.title if pusher is not None else "",
            gate=self._gates.get(task_id))

    @staticmethod
    def _gate_marks(state: PlanState, today: date) -> dict[int, GateMark]:
        """Each gate task's mark, from one pass over the gates per refresh."""
        marks: dict[int, GateMark] = {}
        for status in gate_statuses(state, today):
            mark = gate_mark(status)
            for task_id in status.gate.task_ids:
                marks[int(task_id)] = mark
        return marks

    def set_px_per_day(self, px_per_day: float) -> None:
        if px_per_day == self._scale.px_per_day:
            return
        self._scale = self._scale.rescaled(px_per_day)
        self._relayout()

    def set_row_height(self, height: int) -> None:
        height = max(12, int(height))
        if height == self._row_height:
            return
        self._row_height = height
        self._geo = Geometry(height, self._geo.font)
        self._relayout()

    def set_bar_font(self, font: QFont) -> None:
        self._geo = Geometry(self._row_height, font)
        self._relayout()

    def set_selected(self, task_id: int | None, focused: bool) -> None:
        old = self._selected
        self._selected = task_id if task_id in self._row_of else None
        self._focused = focused
        for changed in {old, self._selected} - {None}:
            item = self._bars.get(changed)  # type: ignore[arg-type]
            if item is not None:  # a bar not made yet is made with its marks
                item.set_marks(changed == self._selected, focused)
            row = self._row_of.get(changed)  # type: ignore[arg-type]
            if row is not None:
                self.invalidate(self.row_rect(row), QGraphicsScene.SceneLayer.BackgroundLayer)
        if old != self._selected:
            self._emphasise_arrows()

    def set_all_arrows_shown(self, shown: bool) -> None:
        """Show every dependency arrow, or only those of the selected task."""
        self._all_arrows = shown
        self._emphasise_arrows()

    @property
    def all_arrows_shown(self) -> bool:
        return self._all_arrows

    def _emphasise_arrows(self) -> None:
        self._arrow_layer.selected = self._selected
        self._arrow_layer.all_shown = self._all_arrows
        self._arrow_layer.update()

    @property
    def selected(self) -> int | None:
        return self._selected

    def _relayout(self) -> None:
        self._refresh_made_bars()
        self._route_arrows()
        self._resize()
        self.update()

    def _place(self, item: TaskBarItem) -> None:
        item.setPos(self._scale.x_of(item.spec.start), item.row * self._row_height)

    def _route_arrows(self) -> None:
        """Keep the list of arrows to draw (it changes only with the links or the rows
        shown); the layer draws each where its bars are, so moved bars need nothing here."""
        deps = self._state.dependencies if self._state is not None else ()
        listed = self._arrows_for
        if listed is None or listed[0] != deps or listed[1] is not self._rows:
            self._arrows_for = (deps, self._rows)
            shown = self._row_of
            self._arrow_layer.keys = list(dict.fromkeys(
                (dep.predecessor, dep.successor) for dep in deps
                if dep.predecessor in shown and dep.successor in shown))
        self._arrow_layer.row_height = self._row_height
        self._arrow_layer.row_of = self._row_of
        self._emphasise_arrows()

    def _arrow_ends(self, key: tuple[int, int]) -> tuple[float, float, float, float] | None:
        before, after = self.bar(key[0]), self.bar(key[1])
        if before is None or after is None:
            return None
        half = self._row_height / 2
        return before.exit_x(), before.y() + half, after.entry_x(), after.y() + half

    def _resize(self) -> None:
        width = self._scale.x_after(self.last_day)
        rect = QRectF(0.0, 0.0, width, max(1, len(self._rows)) * self._row_height)
        self.setSceneRect(rect)
        self._arrow_layer.set_rect(rect)
        self._bar_layer.rows = self._rows
        self._bar_layer.row_height = self._row_height
        self._bar_layer.set_rect(rect)

    @staticmethod
    def _measure_phases(state: PlanState) -> list[PhaseSpan]:
        members = state.kept_with_tasks("timeline_phase_members", lambda: _ids_by_phase(state))
        dates = state.schedule.dates
        spans: dict[str, tuple[date, date, int]] = {}
        for name, ids in members.items():
            placed = list(map(dates.__getitem__, ids))
            spans[name] = (min(map(_START, placed)), max(map(_END, placed)), len(ids))
        order = {name: index for index, name in enumerate(state.details.phases)}
        named = sorted(spans, key=lambda name: (order.get(name, len(order)), name))
        return [PhaseSpan(name, order.get(name, len(order) + i), *spans[name])
                for i, name in enumerate(named)]

    # Painting the calendar behind the bars: only the part exposed, never an item per day

    def _shaded_runs(self, first: date, last: date) -> list[tuple[str, date, int]]:
        """Runs of consecutive shaded days of one kind (a weekend is one run, not two)."""
        runs: list[tuple[str, date, int]] = []
        day = first
        while day <= last:
            mark = self.day_mark(day)
            if mark is not None:
                if runs and runs[-1][0] == mark.kind and \
                        runs[-1][1] + timedelta(days=runs[-1][2]) == day:
                    kind, start, length = runs[-1]
                    runs[-1] = (kind, start, length + 1)
                else:
                    runs.append((mark.kind, day, 1))
            day += timedelta(days=1)
        return runs

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        rect = QRectF(rect)
        palette = QApplication.palette()
        views = self.views()
        if views:
            palette = views[0].palette()
        # Flat fills need no antialiasing, and blending fractional edges is slow.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        rh = self._row_height
        first_row = max(0, math.floor(rect.top() / rh))
        last_row = min(len(self._rows) - 1, math.floor(rect.bottom() / rh))
        stripe = palette.color(QPalette.ColorRole.AlternateBase)
        for row in range(first_row, last_row + 1):
            if row % 2:
                painter.fillRect(QRectF(rect.left(), row * rh, rect.width(), rh), stripe)

        scale = self._scale
        # A veil of the text colour shows on a light or a dark background alike. Narrow days
        # shade lighter: a weekend every few pixels would read as noise.
        weekend = QColor(palette.color(QPalette.ColorRole.Text))
        weekend.setAlpha(WEEKEND_ALPHA if scale.px_per_day >= 6 else WEEKEND_ALPHA // 2)
        for kind, first, days in self._shaded_runs(scale.day_at(max(0.0, rect.left())),
                                                   min(scale.day_at(rect.right()),
                                                       self.last_day)):
            column = QRectF(scale.x_of(first), rect.top(), scale.width_of(days), rect.height())
            if kind == "weekend":
                painter.fillRect(column, weekend)
            elif kind == "holiday":
                painter.fillRect(column, HOLIDAY_SHADE)
                painter.fillRect(column, HOLIDAY_BRUSH)
            else:
                painter.fillRect(column, CLOSURE_SHADE)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)

        if self._selected is not None and self._selected in self._row_of:
            highlight = QColor(palette.color(QPalette.ColorRole.Highlight))
            highlight.setAlpha(70 if self._focused else 35)
            row = self._row_of[self._selected]
            painter.fillRect(QRectF(rect.left(), row * rh, rect.width(), rh), highlight)

        key_date_colour = tone("key_date_line")  # once a frame: it follows light or dark mode
        for key, day in self.key_dates().items():
            x = scale.x_of(day)
            if rect.left() - 2 <= x <= rect.right() + 2:
                pen = QPen(key_date_colour, 2.0 if key is KeyDate.BGL else 1.0)
                if key not in MAIN_KEY_DATES:
                    pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
        x = scale.x_of(self._today) + scale.px_per_day / 2
        if rect.left() - 2 <= x <= rect.right() + 2:
            painter.setPen(QPen(tone("today_line"), 2.0))
            painter.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom()))
