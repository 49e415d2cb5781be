"""Task-file cells: formula neutralising round-trips exactly; cells read strictly."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import OffsetUnit, TaskStatus
from cutover_desktop.reports.cells import (
    FORMULA_STARTS,
    CellError,
    neutralise,
    normalise_header,
    read_date,
    read_time,
    restore,
)
from cutover_desktop.reports.task_file import (
    read_anchor,
    read_ids,
    read_status,
    read_unit,
)

TRICKY = st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "a", " ", "1"]))


@given(st.one_of(TRICKY, st.text()))
def test_neutralised_text_never_starts_a_formula_and_restores_exactly(text: str) -> None:
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert restore(safe) == text


def test_only_formula_like_text_is_changed() -> None:
    assert neutralise("Book the rooms") == "Book the rooms"
    assert neutralise("'Quoted' title") == "'Quoted' title"
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("-3 days") == "'-3 days"


def test_headers_match_in_any_case_and_spacing() -> None:
    assert {normalise_header(h) for h in ("Owner role", " OWNER_ROLE ", "owner-role")} == {
        "owner_role"}


def test_cells_are_read_strictly() -> None:
    assert read_date("2027-03-16") == date(2027, 3, 16)
    assert read_date(datetime(2027, 3, 16)) == date(2027, 3, 16)
    with pytest.raises(CellError, match="not a date in the form YYYY-MM-DD"):
        read_date("16/03/2027")
    assert read_time("8:05") == time(8, 5)
    with pytest.raises(CellError, match="not a time of day"):
        read_time("25:00")
    assert read_anchor("read-only end").key_date is KeyDate.READ_ONLY_END
    assert read_anchor("Task 12").task_id == 12
    assert read_status("In progress") is TaskStatus.IN_PROGRESS
    assert read_status("") is TaskStatus.NOT_STARTED
    assert read_unit("Working days") is OffsetUnit.WORKING_DAYS
    assert read_ids("3; 7,9") == (3, 7, 9)
    with pytest.raises(CellError, match="“x” is not a task number"):
        read_ids("3; x")
