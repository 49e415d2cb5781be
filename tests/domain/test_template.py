"""Plan templates: the shipped default lands on the guide's days; bad templates are refused."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import TemplateError
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules
from cutover_desktop.domain.scheduling import schedule
from cutover_desktop.domain.template import Template, load_template, parse_template
from cutover_desktop.paths import default_template_path
from cutover_desktop.services.plan_files import template_tasks

BGL = date(2027, 3, 16)  # a Tuesday
PHASES = ("Lead-in", "Data checking", "Cut-over planning", "Training", "Final week",
          "FDP / cut-over", "Technical Go Live", "Business Go Live", "Post go-live",
          "Read-only period", "Close")


@pytest.fixture(scope="module")
def template() -> Template:
    return load_template(default_template_path())


@pytest.fixture(scope="module")
def days(template: Template) -> dict[str, tuple[int, int]]:
    """Each template task's first and last day, counted from a Tuesday go-live."""
    tasks = template_tasks(template)
    placed = schedule(BGL, KeyDateRules(), WorkingCalendar(), tasks)
    return {t.template_key: ((placed.dates[t.id].start - BGL).days,
                             (placed.dates[t.id].end - BGL).days) for t in tasks}


def test_the_shipped_template_has_77_tasks_in_11_phases(template: Template) -> None:
    assert len(template.tasks) == 77
    assert template.phases == PHASES
    assert {t.phase for t in template.tasks} == set(PHASES)
    assert template.name.strip()
    assert all(t.title.strip() and t.why.strip() for t in template.tasks)


# Offsets before go-live are working days, so the three Christmas bank holidays of
# 2026/27 push the lead-in five calendar days earlier than the guide's week counts.
@pytest.mark.parametrize(("key", "first", "last"), [
    ("agree-go-live-date", -117, -117),  # 80 working days: 16 working weeks
    ("kick-off-meeting", -96, -96),      # 13 working weeks
    ("technical-survey", -89, -89),      # 12 working weeks
    ("data-clean-up", -89, -48),
    ("data-extract-request", -82, -82),  # 11 working weeks, 5 weeks before IDP
    ("idp", -42, -42),
    ("data-check-phase-1", -40, -36),    # the guide's 3-5 days a phase
    ("recheck-records", -27, -23),
    ("data-checking-sign-off", -21, -21),  # after the recheck it signs
    ("cut-over-planning-meeting", -32, -32),
    ("core-training", -21, -2),
    ("switch-off-links", -5, -5),
    ("fdp", -4, -4),
    ("run-manual-processes", -4, -1),
    ("technical-go-live", -1, -1),
    ("dmd-check", -1, -1),               # working day -1, before the go-live sign-off
    ("business-go-live", 0, 0),
    ("process-review", 9, 9),            # within the SLA's 14 days of BGL
    ("decide-access-extension", 30, 30),
    ("end-of-read-only", 45, 45),
])
def test_a_tuesday_go_live_puts_template_tasks_on_the_guides_days(
    days: dict[str, tuple[int, int]], key: str, first: int, last: int
) -> None:
    assert days[key] == (first, last)


def test_the_template_ties_warnings_to_tagged_tasks(template: Template) -> None:
    tags = {tag for t in template.tasks for tag in t.tags}
    assert {"dmd_check", "ccio_report", "registration_hold", "go_live_reconfirm",
            "fdp", "tgl", "bgl"} <= tags


# Refusals

def minimal() -> dict[str, Any]:
    return {"format": "cutover-template", "format_version": 1, "name": "Small",
            "phases": ["Lead-in", "Close"],
            "tasks": [{"key": "one", "phase": "Lead-in", "title": "First", "anchor": "BGL",
                       "offset": -10},
                      {"key": "two", "phase": "Close", "title": "Second", "anchor": "BGL",
                       "offset": 5, "anchor_task": "one"}]}


def test_a_minimal_template_is_accepted() -> None:
    result = parse_template(minimal())
    assert [t.key for t in result.tasks] == ["one", "two"]
    assert result.tasks[1].anchor_task == "one"


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(minimal())
    change(data)
    return data


@pytest.mark.parametrize(("data", "words"), [
    ([], "not a cut-over plan template"),
    ({"format": "something-else"}, "not a cut-over plan template"),
    (_broken(lambda d: d.update(format_version=2)), "newer version"),
    (_broken(lambda d: d.update(format_version="1")), "newer version"),
    (_broken(lambda d: d.update(phases=[])), "no list of phases"),
    (_broken(lambda d: d.update(phases=["Lead-in", "Lead-in", "Close"])), "phase is listed twice"),
    (_broken(lambda d: d.update(tasks=[])), "no tasks"),
    (_broken(lambda d: d["tasks"].append("a string")), "task 3 is not a record"),
    (_broken(lambda d: d["tasks"][0].update(phase="Nowhere")), "“Nowhere”, which is not listed"),
    (_broken(lambda d: d["tasks"][1].update(anchor="GO_LIVE")), "unknown key date"),
    (_broken(lambda d: d["tasks"][1].update(anchor_task="three")), "“three”, which is not in it"),
    (_broken(lambda d: d["tasks"][1].update(key="one")), "reuses the key “one”"),
    (_broken(lambda d: d["tasks"][0].update(offset="minus ten")), "whole number “offset”"),
    (_broken(lambda d: d["tasks"][0].update(offset=2.5)), "whole number “offset”"),
    (_broken(lambda d: d["tasks"][0].update(offset=True)), "whole number “offset”"),
    (_broken(lambda d: d["tasks"][0].pop("offset")), "whole number “offset”"),
    (_broken(lambda d: d["tasks"][0].update(offset=5000)), "whole number “offset”"),
    (_broken(lambda d: d["tasks"][0].update(duration=0)), "whole number “duration”"),
    (_broken(lambda d: d["tasks"][0].pop("title")), "task 1 needs a text “title”"),
    (_broken(lambda d: d["tasks"][0].update(title="   ")), "task 1 needs a text “title”"),
    (_broken(lambda d: d["tasks"][0].update(title=7)), "task 1 needs a text “title”"),
    (_broken(lambda d: d["tasks"][0].update(title="x" * 301)), "at most 300"),
    (_broken(lambda d: d["tasks"][0].update(unit="hours")), "unknown unit or priority"),
    (_broken(lambda d: d["tasks"][0].update(priority="urgent")), "unknown unit or priority"),
    (_broken(lambda d: d["tasks"][0].update(tags="one, two")), "tags that are not a list"),
    (_broken(lambda d: d["tasks"][0].update(milestone="yes")), "milestone flag"),
])
def test_bad_templates_are_refused_with_a_plain_reason(data: Any, words: str) -> None:
    with pytest.raises(TemplateError) as refused:
        parse_template(data, "mine.json")
    message = refused.value.message
    assert message.startswith("The template mine.json cannot be used: ")
    assert words in message


def test_a_file_that_is_not_json_is_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "cutover-template",\n  "tasks": [,]}', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"broken.json is not valid JSON \(line 2\)"):
        load_template(path)


def test_a_missing_or_binary_template_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="There is no template file called absent.json"):
        load_template(tmp_path / "absent.json")
    binary = tmp_path / "image.json"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    with pytest.raises(TemplateError, match="is not a text file"):
        load_template(binary)


def test_the_shipped_template_survives_a_round_trip_through_json(tmp_path: Path) -> None:
    text = default_template_path().read_text(encoding="utf-8")
    copy_path = tmp_path / "copy.json"
    copy_path.write_text(json.dumps(json.loads(text), indent=1), encoding="utf-8")
    assert load_template(copy_path).tasks == load_template(default_template_path()).tasks


# Any JSON-like value: only a Template or a TemplateError, never another exception.

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2000, 2000) | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
task_field_values = st.one_of(
    json_values, st.sampled_from(["Lead-in", "Close", "BGL", "FDP", "one", "working_days",
                                  "high", ""]),
    st.integers(-1001, 1001))


@st.composite
def template_like(draw: st.DrawFn) -> Any:
    """Mostly well-formed templates with a few fields replaced by arbitrary values."""
    data = minimal()
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            field = draw(st.sampled_from(["format", "format_version", "name", "description",
                                          "phases", "tasks"]))
            data[field] = draw(json_values)
        elif isinstance(data.get("tasks"), list) and data["tasks"]:
            index = draw(st.integers(0, len(data["tasks"]) - 1))
            if isinstance(data["tasks"][index], dict):
                field = draw(st.sampled_from(["key", "phase", "title", "anchor", "offset",
                                              "duration", "unit", "priority", "tags",
                                              "milestone", "anchor_task", "why", "notes"]))
                data["tasks"][index][field] = draw(task_field_values)
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(json_values, template_like()))
def test_any_json_is_either_a_template_or_a_template_error(data: Any) -> None:
    try:
        result = parse_template(data)
    except TemplateError as refused:
        assert refused.message.strip()
    else:
        assert isinstance(result, Template)
        assert all(isinstance(t.offset, int) and isinstance(t.title, str) and t.title
                   for t in result.tasks)
        assert all(t.anchor in set(KeyDate) for t in result.tasks)


def test_a_template_task_list_schedules_around_any_tuesday(template: Template) -> None:
    tasks = template_tasks(template)
    for weeks in (0, 30, 60):
        go_live = BGL + timedelta(weeks=weeks)
        placed = schedule(go_live, KeyDateRules(), WorkingCalendar(), tasks)
        assert len(placed.dates) == 77


@pytest.mark.parametrize("loop", [
    {"one": "one"},
    {"one": "two", "two": "one"},
])
def test_a_template_whose_tasks_hang_from_each_other_in_a_loop_is_refused(
    loop: dict[str, str]
) -> None:
    data = minimal()
    for entry in data["tasks"]:
        entry.pop("anchor_task", None)
        if entry["key"] in loop:
            entry["anchor_task"] = loop[entry["key"]]
    with pytest.raises(TemplateError, match="loop"):
        parse_template(data, "mine.json")
