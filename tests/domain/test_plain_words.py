"""Template shorthand reaches the screen in plain words."""

from __future__ import annotations

import json

from cutover_desktop.domain.plain_words import plain_source, plain_why
from cutover_desktop.paths import default_template_path


def test_the_guide_and_service_levels_are_named_in_words() -> None:
    assert plain_source("[G] seed/main guide/06; [G-SLA] commit 7c33f40") == (
        "From the GP IT migration guide (section 6) and the supplier service levels it sets.")
    assert plain_source("[G] stg guide/01-kick-off.md, guide/03-pre-migration-tasks.md") == (
        "From the GP IT migration guide (“Kick off”, “Pre migration tasks”).")
    assert plain_source("") == ""


def test_working_day_shorthand_is_spelt_out() -> None:
    assert plain_why("Gate for BGL; supplier then has ≤ 2 WD to bring the system live") == (
        "Gate for BGL; supplier then has at most 2 working days to bring the system live")
    assert plain_why("escalated; SLA ≤ 1 week") == (
        "escalated; within 1 week (the agreed service level)")
    assert plain_why("done ≤ 2 WD after load") == "done within 2 working days after load"


def test_no_template_task_shows_shorthand() -> None:
    template = json.loads(default_template_path().read_text(encoding="utf-8"))
    for task in template["tasks"]:
        words = plain_source(task.get("source", "")) + " " + plain_why(task.get("why", ""))
        for jargon in ("[G", "[I]", "[N]", "commit", ".md", "≤", " WD", "SLA", "seed", "stg"):
            assert jargon not in words, (task.get("source"), words)
