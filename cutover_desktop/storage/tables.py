"""How each feature's entities map to a table: registered by the feature's storage module.

The core kinds (plan, task, dependency, calendar day) are written by the repository itself;
every other kind (staff, sign-offs, registers) registers an `EntityTable` here when its
storage module is imported: `storage/schema.py` imports them, some only when a plan uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple


class EntityTable(NamedTuple):
    """A kind of entity stored one per row.

    Attributes:
        kind: the entity kind registered in domain/entities.py.
        table: the SQLite table.
        pk: the primary-key columns; `to_record` must fill them.
        to_record: entity -> row dict. from_record: row dict -> entity.
        order_by: the SQL order in which rows are loaded.
        append_only: rows are only ever added (signed records): the repository inserts them
            and never updates or deletes them, and the audit check compares each row with
            the audit entry that added it.
    """

    kind: str
    table: str
    pk: tuple[str, ...]
    to_record: Callable[[Any], dict[str, Any]]
    from_record: Callable[[dict[str, Any]], Any]
    order_by: str = "rowid"
    append_only: bool = False


FEATURE_TABLES: dict[str, EntityTable] = {}


def register_table(table: EntityTable) -> EntityTable:
    FEATURE_TABLES[table.kind] = table
    return table
