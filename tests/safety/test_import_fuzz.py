"""Importers fed anything refuse with a plain message or import whole: never half, never crash."""

from __future__ import annotations

import csv
import io
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.services.exchange import ExchangeService
from cutover_desktop.services.planner import PlanService

HEADERS = {
    "tasks": ["title", "phase", "start", "anchor", "offset", "owner_role", "assigned", "status"],
    "staff": ["name", "role", "organisation", "working_days", "start_time", "end_time"],
    "absences": ["name", "from", "to", "kind"],
}
# Cells that are nearly right are the ones that find bugs: dates, names, numbers, junk.
CELLS = st.one_of(
    st.sampled_from(["", "2027-03-16", "16/03/2027", "2027-02-30", "BGL", "FDP", "-4", "4.5",
                     "Lead-in", "Final week", "done", "skipped", "Mon Tue", "Funday", "08:30",
                     "25:00", "practice", "CSU", "=1+1", "@SUM(A1)", "Receptionist", "A. Person",
                     "x" * 400]),
    # Spreadsheets cannot hold control characters at all, so none are generated.
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.integers(-2000, 2000).map(str),
)


def _snapshot(plan: PlanService) -> object:
    state = plan.state
    return (state.details, dict(state.tasks), state.dependencies,
            {kind: dict(rows) for kind, rows in state.tables.items()})


def _rows(draw_kind: str, rows: list[list[str]]) -> list[list[str]]:
    width = len(HEADERS[draw_kind])
    return [(row + [""] * width)[:width] for row in rows]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(HEADERS)), shuffle=st.randoms(use_true_random=False),
       rows=st.lists(st.lists(CELLS, max_size=9), min_size=1, max_size=6),
       as_xlsx=st.booleans())
@example(kind="tasks", shuffle=random.Random(1), as_xlsx=False,
         rows=[["Check the printers", "Final week", "", "BGL", "-3", "Practice manager", "",
                "not_started"]])
@example(kind="tasks", shuffle=random.Random(2), as_xlsx=True,
         rows=[["Check the printers", "Final week", "2027-03-10", "", "", "", "", "done"],
               ["", "Final week", "", "BGL", "-3", "", "", ""]])
def test_any_file_imports_whole_or_not_at_all(service: PlanService, kind: str, shuffle,
                                              rows: list[list[str]], as_xlsx: bool) -> None:
    order = list(range(len(HEADERS[kind])))
    shuffle.shuffle(order)  # columns in any order: the header row says which is which
    headers = [HEADERS[kind][i] for i in order]
    body = [[row[i] for i in order] for row in _rows(kind, rows)]
    with tempfile.TemporaryDirectory() as folder:
        if as_xlsx:
            path = Path(folder) / "data.xlsx"
            book = Workbook()
            sheet = book.active
            sheet.append(headers)
            for row in body:
                sheet.append(row)
            book.save(path)
        else:
            path = Path(folder) / "data.csv"
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(headers)
            writer.writerows(body)
            path.write_text(text.getvalue(), encoding="utf-8")
        before = _snapshot(service)
        undo_before = service.undo_status()
        try:
            changes = ExchangeService(service).import_file(path)
        except CutoverError as refusal:
            assert refusal.message.strip()
            assert _snapshot(service) == before
            assert service.undo_status() == undo_before
            return
        if changes:
            # One undo step takes the whole import back.
            service.undo()
        assert _snapshot(service) == before


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_are_refused_or_imported_never_a_crash(service: PlanService, data: bytes,
                                                         suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"junk{suffix}"
        path.write_bytes(data)
        before = _snapshot(service)
        try:
            changes = ExchangeService(service).import_file(path)
        except CutoverError:
            assert _snapshot(service) == before
            return
        if changes:
            service.undo()
        assert _snapshot(service) == before


def test_a_good_file_in_shuffled_columns_does_import(service: PlanService, tmp_path: Path) -> None:
    headers = ["status", "offset", "title", "anchor", "phase"]
    path = tmp_path / "tasks.csv"
    path.write_text(",".join(headers) + "\nnot_started,-3,Check the printers,BGL,Final week\n",
                    encoding="utf-8")
    changes = ExchangeService(service).import_file(path)
    assert changes
    added = [t for t in service.state.tasks.values() if t.title == "Check the printers"]
    assert len(added) == 1 and added[0].offset == -3
