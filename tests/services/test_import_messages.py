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
