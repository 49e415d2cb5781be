"""A PDF that cannot be written is refused in words: the message names the file, says why
(folder missing, no permission, file open elsewhere) and nothing is changed."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.printing.output import render, write_pdf
from cutover_desktop.reports.document import PageFrame, Paragraph, Report
from tests.conftest import refuse_replacing

REPORT = Report(PageFrame("Riverside Surgery", "riverside.cutover", datetime(2026, 11, 28, 9)),
                "Day schedule", (Paragraph.text("Nothing to do today."),))


def _refusal(path: Path) -> str:
    with pytest.raises(CutoverError) as caught:
        write_pdf(REPORT, path)
    return caught.value.message


def test_a_missing_folder_is_named_and_nothing_is_made(tmp_path: Path) -> None:
    target = tmp_path / "not-there" / "day.pdf"
    message = _refusal(target)
    assert "day.pdf" in message
    assert f"the folder {target.parent} does not exist" in message
    assert "Nothing was changed" in message
    assert "printer" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_folder_in_the_way_is_said_to_be_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "day.pdf"
    target.mkdir()
    message = _refusal(target)
    assert f"{target} is a folder" in message
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]


def test_a_pdf_open_in_another_program_is_left_as_it_was(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "day.pdf"
    target.write_bytes(b"the PDF from yesterday")
    refuse_replacing(monkeypatch, target)
    message = _refusal(target)
    assert f"{target} is open in another program" in message
    assert "Nothing was changed" in message
    assert target.read_bytes() == b"the PDF from yesterday"
    assert list(tmp_path.iterdir()) == [target]


def test_a_folder_without_permission_is_named(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    real_access = os.access
    # The tests may run as root, whom permissions do not stop: the folder is said to be
    # read-only for everyone, and making a file in it is refused as it would be.
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != folder
                        and real_access(p, mode, **kw))
    real_open = os.open

    def refused(path: str | Path, flags: int, *args: int, **kw: int) -> int:
        if Path(path).parent == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refused)
    message = _refusal(folder / "day.pdf")
    assert "day.pdf" in message
    assert f"you do not have permission to save files in the folder {folder}" in message
    assert list(folder.iterdir()) == []


def test_printing_to_a_file_in_a_missing_folder_names_the_file(tmp_path: Path) -> None:
    """The print dialog's 'print to file' goes through the printer, not write_pdf."""
    target = tmp_path / "not-there" / "day.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    with pytest.raises(CutoverError) as caught:
        render(REPORT, printer)
    message = caught.value.message
    assert "day.pdf" in message
    assert f"the folder {target.parent} does not exist" in message
    assert "Nothing was changed" in message
