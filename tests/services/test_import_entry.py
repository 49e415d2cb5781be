"""The one import entry: every kind of file is backed up first, previewed the same way, refused
in the same words, and a new format is one registration."""

from __future__ import annotations

from pathlib import Path

import pytest

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.services import import_files
from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.import_files import (
    FileImporter,
    ImportResult,
    import_file,
    importable_suffixes,
    preview_import,
    refusal_text,
    register_file_importer,
)
from cutover_desktop.services.plan_files import create_plan
from cutover_desktop.services.planner import PlanService
from tests.conftest import TODAY, riverside

STAFF_CSV = ("name,role,organisation,working_days,start_time,end_time,favourite_colour\n"
             "Anna Patel,Practice manager,practice,Mon-Fri,08:00,16:00,green\n"
             "Ben Okafor,GP,practice,Mon-Thu,08:30,18:00,blue\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_staff_import_backs_the_plan_up_first_like_a_task_import(tmp_path: Path) -> None:
    plan = create_plan(tmp_path / "plan.cutover", riverside(), today=lambda: TODAY)
    try:
        result = import_file(plan, _write(tmp_path, "staff.csv", STAFF_CSV))
        assert result.kind == "staff" and result.added == 2
        assert plan.path is not None
        assert [b.reason for b in list_backups(plan.path)].count("before-import") == 1
    finally:
        plan.close()


def test_a_preview_names_the_kind_rows_and_ignored_columns_and_changes_nothing(
        service: PlanService, tmp_path: Path) -> None:
    before = service.state
    preview = preview_import(_write(tmp_path, "staff.csv", STAFF_CSV))
    assert (preview.kind, preview.rows) == ("staff", 2)
    assert preview.ignored == ("favourite_colour",)
    assert preview.summary() == ("staff.csv holds 2 rows of staff. These columns are not "
                                 "imported: favourite_colour.")
    assert service.state is before


def test_a_refusal_reads_the_same_for_every_kind_of_file(service: PlanService,
                                                        tmp_path: Path) -> None:
    bad_staff = _write(tmp_path, "away.csv", "name,from,to,kind\nNobody,2027-03-15,,leave\n")
    bad_tasks = _write(tmp_path, "tasks.csv", "title,phase,start\nA,Lead-in,tomorrow\n")
    for path in (bad_staff, bad_tasks):
        with pytest.raises(CutoverError) as refused:
            import_file(service, path)
        assert refusal_text(path.name, refused.value).startswith(
            f"Nothing was imported from {path.name}")


def test_a_new_file_format_is_one_registration(service: PlanService, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_files, "_FILE_IMPORTERS", [])
    seen: list[Path] = []

    def run(plan: PlanService, path: Path) -> ImportResult:
        seen.append(path)
        return ImportResult("projects", 1, changes=Changes("Import a project"))

    register_file_importer(FileImporter("projects", (".proj",), run))
    path = _write(tmp_path, "plan.proj", "<project/>")
    assert ".proj" in importable_suffixes()
    assert preview_import(path).kind == "projects"
    assert import_file(service, path).summary(path.name) == (
        "Imported projects from plan.proj: 1 added.")
    assert seen == [path]


def test_a_file_no_importer_takes_is_refused(service: PlanService, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a CSV or XLSX file"):
        import_file(service, _write(tmp_path, "notes.txt", "hello"))
