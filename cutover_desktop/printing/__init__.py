"""Laying report content out on pages: QTextDocument, QPrinter, PDF (no QtWidgets)."""
