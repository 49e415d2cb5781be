"""Import refusals quote what the file says, capitals and all."""

from __future__ import annotations

from pathlib import Path

import pytest

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.services.exchange import ExchangeService
from cutover_desktop.services.planner import PlanService


def test_a_refusal_keeps_the_name_as_written(service: PlanService, tmp_path: Path) -> None:
    path = tmp_path / "absences.csv"
    path.write_text("name,from,to,kind\nZed Unknown,2027-03-15,2027-03-15,annual leave\n",
                    encoding="utf-8")
    with pytest.raises(CutoverError) as refused:
        ExchangeService(service).import_file(path)
    assert "Zed Unknown" in refused.value.message
    assert "Row 2" in refused.value.message


def test_a_missing_file_is_named_with_the_folder_it_was_looked_for_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given as a bare name, the folder is the one the command was run in, not '.'.
    from cutover_desktop.domain.errors import ValidationError
    from cutover_desktop.services.import_files import read_table
    from cutover_desktop.services.project_preview import read_project

    monkeypatch.chdir(tmp_path)
    for read, name in ((read_table, "tasks.csv"), (read_project, "plan.xml")):
        with pytest.raises(ValidationError) as refused:
            read(Path(name))
        assert refused.value.message == f"There is no file called {name} in {tmp_path}."
