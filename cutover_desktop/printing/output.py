"""Printouts to PDF files and printers, with or without a display."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QPagedPaintDevice, QPdfWriter
from PySide6.QtPrintSupport import QPrinter

from cutover_desktop import APP_NAME
from cutover_desktop.paths import safe_file_stem, why_not_replaced
from cutover_desktop.printing.pages import not_written, page_layout, render_report
from cutover_desktop.printing.timeline import render_timeline
from cutover_desktop.reports.document import Orientation, Report
from cutover_desktop.reports.timeline import TimelineReport

PDF_RESOLUTION = 600
Printable = Report | TimelineReport

_app: QGuiApplication | None = None


def ensure_gui_application() -> None:
    """Fonts and painting need a QGuiApplication. The command line makes one on the offscreen
    platform, so printing to PDF needs no display."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    argv = [APP_NAME]
    if sys.platform.startswith("linux"):
        argv += ["-platform", "offscreen"]
    _app = QGuiApplication(argv)


def orientation_of(printable: Printable) -> Orientation:
    if isinstance(printable, TimelineReport):
        return Orientation.LANDSCAPE
    return printable.orientation


def render(printable: Printable, device: QPagedPaintDevice) -> int:
    """Paint the printout on a printer or PDF writer already set up. Returns the page count."""
    if isinstance(printable, TimelineReport):
        return render_timeline(printable, device)
    return render_report(printable, device)


def title_of(printable: Printable) -> str:
    return printable.title


def write_pdf(printable: Printable, path: Path) -> int:
    """Write the printout to a PDF file on A4. The file appears whole or not at all; one that
    cannot be written is refused with the file named and the reason in words."""
    ensure_gui_application()
    if why_not_replaced(path):
        raise not_written(path)
    partial = path.with_name(path.name + ".partial")
    try:
        # Qt says only that it could not open the file: making it here first tells us why.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
    except OSError as exc:
        raise not_written(path, exc) from None
    writer = QPdfWriter(str(partial))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout(orientation_of(printable)))
    writer.setTitle(title_of(printable))
    writer.setCreator(APP_NAME)
    try:
        pages = render(printable, writer)
        del writer  # closes the file
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise not_written(path, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(partial)
        raise
    return pages


def set_up_printer(printer: QPrinter, printable: Printable) -> None:
    """A4 in the printout's orientation; the person can still change it in the preview."""
    printer.setPageLayout(page_layout(orientation_of(printable)))
    # The preview offers this as the PDF's file name, so it must be one Windows accepts.
    printer.setDocName(safe_file_stem(title_of(printable)))
    printer.setCreator(APP_NAME)


def printer_painter(printable: Printable) -> Callable[[QPrinter], None]:
    """A slot for QPrintPreviewDialog.paintRequested: lays out for the printer's current page."""
    def paint(printer: QPrinter) -> None:
        render(printable, printer)
    return paint
