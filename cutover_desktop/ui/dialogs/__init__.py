"""Dialogs of the main window; each returns its value and edits only through the session."""
