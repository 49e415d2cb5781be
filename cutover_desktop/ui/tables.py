"""How the window's read-only tables are set up, in one place."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def set_up_read_only_table(table: QTableView, model: QAbstractItemModel, name: str, *,
                           object_name: str = "", extended: bool = False,
                           wrap: bool = False) -> QTableView:
    """Rows selected whole, nothing edited in place, Tab leaves the table, no row numbers.

    Args:
        extended: allow several rows to be selected (for actions on many at once).
        wrap: wrap long text and let rows grow to fit it, never shorter than one line.
    """
    table.setModel(model)
    table.setAccessibleName(name)
    if object_name:
        table.setObjectName(object_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if extended
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setWordWrap(wrap)
    rows = table.verticalHeader()
    rows.hide()
    if wrap:
        rows.setMinimumSectionSize(rows.defaultSectionSize())
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
