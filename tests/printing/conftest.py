"""Printing tests need a QApplication (pytest-qt's), made before anything paints."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    return qapp


def pdf_pages(path: Path) -> list[str]:
    """Each page's text with ligatures undone and every run of white space made one space,
    so a title wrapped over three lines reads as one phrase."""
    pages = []
    for page in PdfReader(path).pages:
        text = unicodedata.normalize("NFKC", page.extract_text() or "")
        pages.append(" ".join(text.split()))
    return pages
