"""Sign-off gates on the timeline: a flag on each gate's task, its state in words."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from cutover_desktop.domain.signoff import GateState, SignOffInput, WithdrawalInput
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.timeline import TimelineWidget
from cutover_desktop.ui.timeline import scene as scene_module
from cutover_desktop.ui.timeline.items import GATE_FLAG_COLOUR
from tests.conftest import riverside
from tests.ui.test_timeline_widget import bar_point

CLINICAL_RISK = 8  # the task tagged gate:clinical_risk, due Fri 18 Dec 2026
GO_LIVE_DATA = 58  # the task tagged gate:go_live_data, on Mon 15 Mar 2027
NOT_A_GATE = 37  # core training sessions
ENTRY = SignOffInput("Dr Asha Patel", "Lead GP", "I accept.", "20 records")


@pytest.fixture
def late_session(qtbot):
    """A plan looked at on 5 Jan 2027: the December gates are past their dates."""
    service = memory_plan(riverside(), today=lambda: date(2027, 1, 5))
    yield PlanSession(service)
    service.close()


def _timeline(qtbot, session: PlanSession) -> TimelineWidget:
    widget = TimelineWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _flag_fill(widget: TimelineWidget, task_id: int) -> QColor:
    """The colour inside the flag's pennant, as painted on screen."""
    widget.scroll_to_task(task_id)
    item = widget.scene().bar(task_id)
    flag = item.gate_rect()
    s = flag.height()
    inside = QPointF(flag.left() + s * 0.3, flag.top() + s * 0.3)
    point = widget.mapFromScene(item.mapToScene(inside))
    image = widget.viewport().grab().toImage()
    return QColor(image.pixel(point.x(), point.y()))


def test_each_gate_task_has_a_flag_and_its_state_in_the_tooltip(qtbot, session):
    timeline = _timeline(qtbot, session)
    tip = timeline.tooltip_at(bar_point(timeline, GO_LIVE_DATA))
    assert ("⚑ Sign-off gate: Go-live data sign-off — not due yet (due Mon 15 Mar 2027)"
            in tip)
    item = timeline.scene().bar(GO_LIVE_DATA)
    assert item.gate_rect() is not None
    assert item.text_x() > item.gate_rect().right()  # the title starts after the flag
    plain = timeline.scene().bar(NOT_A_GATE)
    assert plain.gate_rect() is None
    assert "Sign-off gate" not in timeline.tooltip_at(bar_point(timeline, NOT_A_GATE))
    flagged = [b.task_id for b in timeline.scene().bars() if b.spec.gate is not None]
    assert sorted(flagged) == [4, 8, 22, 58, 72, 77]


def test_signing_and_withdrawing_change_the_flag_and_the_words(qtbot, late_session):
    timeline = _timeline(qtbot, late_session)
    gates = SignoffService(late_session.service)
    tip = timeline.tooltip_at(bar_point(timeline, CLINICAL_RISK))
    assert "Clinical risk assessment — overdue: due Fri 18 Dec 2026 and not signed" in tip
    item = timeline.scene().bar(CLINICAL_RISK)
    assert item.spec.gate.state is GateState.OVERDUE
    hollow = _flag_fill(timeline, CLINICAL_RISK)
    assert hollow.lightness() > 200  # a hollow flag while it needs signing

    late_session.edit(gates.sign, "clinical_risk", ENTRY, confirm_not_done=True)
    tip = timeline.tooltip_at(bar_point(timeline, CLINICAL_RISK))
    assert "Clinical risk assessment — signed by Dr Asha Patel (Lead GP) on " in tip
    assert "overdue" not in tip
    assert timeline.scene().bar(CLINICAL_RISK).spec.gate.state is GateState.SIGNED
    filled = _flag_fill(timeline, CLINICAL_RISK)
    signed = GATE_FLAG_COLOUR[GateState.SIGNED]
    assert abs(filled.green() - signed.green()) < 40 and filled.lightness() < 160

    late_session.edit(gates.withdraw, 1, WithdrawalInput("Sam Jones", "Practice Manager",
                                                          "Signed too early"))
    tip = timeline.tooltip_at(bar_point(timeline, CLINICAL_RISK))
    assert "sign-off withdrawn by Sam Jones on " in tip
    assert "not signed again (due Fri 18 Dec 2026)" in tip
    assert _flag_fill(timeline, CLINICAL_RISK).lightness() > 200


def test_a_signed_gate_whose_task_moves_says_it_changed(qtbot, late_session):
    timeline = _timeline(qtbot, late_session)
    gates = SignoffService(late_session.service)
    late_session.edit(gates.sign, "clinical_risk", ENTRY, confirm_not_done=True)
    asked = []
    late_session.confirm_gate_change = lambda changed: asked.append(changed) or True
    late_session.edit(late_session.service.move_task, CLINICAL_RISK, 2)
    assert [status.gate.key for status in asked[0]] == ["clinical_risk"]
    mark = timeline.scene().bar(CLINICAL_RISK).spec.gate
    assert mark.state is GateState.CHANGED
    tip = timeline.tooltip_at(bar_point(timeline, CLINICAL_RISK))
    assert "changed since it was signed:" in tip and "moved from" in tip


def test_gate_states_are_worked_out_once_per_refresh(qtbot, session, monkeypatch):
    timeline = _timeline(qtbot, session)
    calls = []
    real = scene_module.gate_statuses

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(scene_module, "gate_statuses", counting)
    session.edit(session.service.move_task, NOT_A_GATE, 1)
    timeline.scene().bars()  # every bar made (they are made when painted or asked for)
    assert len(calls) == 1
    assert timeline.scene().bar(GO_LIVE_DATA).spec.gate is not None
