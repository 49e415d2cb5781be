"""Laying report content out on pages with QPainter: printers and PDF files (no QtWidgets)."""
