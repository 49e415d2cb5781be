"""The audit trail for people: entries page by page, each record named and its fields in words.

AuditTableModel lists entries newest first, a page at a time as the view scrolls.
FieldChangesModel lists one entry's fields: what each was before and after, in words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from cutover_desktop.domain.absences import AbsenceKind
from cutover_desktop.domain.formatting import hhmm, uk_date
from cutover_desktop.domain.keydates import KeyDate, TglRule
from cutover_desktop.domain.model import CalendarDayKind, OffsetUnit, Priority, TaskStatus
from cutover_desktop.domain.signoff import SupplierContact
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.services.audit import (
    AuditQuery,
    AuditReader,
    AuditRecord,
    AuditSummary,
    kind_label,
)
from cutover_desktop.ui.models.base import ReadOnlyTableModel

COL_ID, COL_WHEN, COL_ACTION, COL_KIND, COL_RECORD, COL_CHANGE, COL_LOGIN, COL_TYPED = range(8)
HEADERS = ("#", "When", "What was done", "Kind", "Record", "Change", "Computer login",
           "Name typed")
PAGE = 500
# The entry's id, for views that show it in full.
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def when_text(entry: AuditSummary) -> str:
    """'Sat 28 Nov 2026 13:57:23' in the computer's time zone."""
    if entry.at is None:
        return "(time unreadable)"
    local = entry.at.astimezone()
    return f"{uk_date(local.date())} {local:%H:%M:%S}"


def _cells(entry: AuditSummary) -> tuple[str, ...]:
    # The record's words are filled in when first shown (they may need the entry read).
    return (str(entry.id), when_text(entry), entry.action, kind_label(entry.entity),
            "", entry.change.capitalize(), entry.os_user, entry.typed_name)


# Naming a record

_NAME_FIELDS = ("title", "name", "gate_title", "label")


def _quoted_name(fields: dict[str, Any]) -> str:
    for name in _NAME_FIELDS:
        value = fields.get(name)
        if isinstance(value, str) and value.strip():
            return f" “{value.strip()}”"
    return ""


def _key_parts(key: str) -> list[str]:
    return key.split("->")


def _day_words(text: str) -> str:
    try:
        return uk_date(date.fromisoformat(text))
    except ValueError:
        return text


def needs_fields(kind: str) -> bool:
    """Whether naming a record of this kind needs the entry's fields read."""
    return kind not in ("dependency", "calendar_day", "plan", "assignment", "working_pattern")


def record_text(kind: str, key: str, fields: dict[str, Any] | None = None) -> str:
    """What a record is, in words: 'Task 52 “Title”', 'Calendar day Mon 15 Mar 2027'."""
    fields = fields or {}
    parts = _key_parts(key)
    if kind == "task":
        return f"Task {key}{_quoted_name(fields)}"
    if kind == "dependency" and len(parts) == 2:
        return f"Dependency: task {parts[1]} waits for task {parts[0]}"
    if kind == "calendar_day":
        return f"Calendar day {_day_words(key)}"
    if kind == "plan":
        return "Plan details"
    if kind == "signoff":
        return f"Sign-off {key}{' of' if _quoted_name(fields) else ''}{_quoted_name(fields)}"
    if kind == "signoff_withdrawal":
        withdrawn = fields.get("signoff_id")
        return (f"Withdrawal {key} of sign-off {withdrawn}" if withdrawn is not None
                else f"Withdrawal {key}")
    if kind == "staff":
        return f"Person {key}{_quoted_name(fields)}"
    if kind == "assignment" and len(parts) == 2:
        return f"Assignment: person {parts[1]} to task {parts[0]}"
    if kind == "working_pattern" and len(parts) == 2:
        since = "" if parts[1] == "start" else f" from {_day_words(parts[1])}"
        return f"Working hours of person {parts[0]}{since}"
    if kind == "absence":
        person = fields.get("person_id")
        first = fields.get("first")
        words = f"Absence {key}"
        if person is not None:
            words += f": person {person}"
        if isinstance(first, str):
            words += f" from {_day_words(first)}"
        return words
    return f"{kind_label(kind)} {key}{_quoted_name(fields)}"


# A record's fields in words

FIELD_LABELS = {
    "id": "Number",
    "title": "Title",
    "phase": "Phase",
    "anchor": "Hangs from",
    "offset": "Offset",
    "offset_unit": "Offset counted in",
    "pinned_date": "Pinned to",
    "duration_days": "Duration (days)",
    "start_time": "Start time",
    "end_time": "End time",
    "owner_role": "Owner",
    "site": "Site",
    "status": "Status",
    "skip_reason": "Why skipped",
    "priority": "Priority",
    "milestone": "Milestone",
    "notes": "Notes",
    "why": "Why it matters",
    "source": "Source",
    "template_key": "Template key",
    "tags": "Tags",
    "position": "Position in the plan",
    "practice_name": "Practice name",
    "ods_code": "ODS code",
    "go_live": "Business Go Live",
    "go_live_confirmed_on": "Go-live re-confirmed on",
    "old_supplier": "Old system",
    "new_supplier": "New system",
    "sites": "Sites",
    "phases": "Phases",
    "template_name": "Template",
    "rules": "Key-date rules",
    "tgl_rule": "Technical Go Live",
    "fdp_days_before_bgl": "Final Data Production (days before BGL)",
    "link_off_days_before_fdp": "Links switched off (days before FDP)",
    "planning_days_before_fdp": "Planning meeting (days before FDP)",
    "read_only_days_after_bgl": "Read-only access ends (days after BGL)",
    "support_days_after_bgl": "Legacy support ends (days after BGL)",
    "predecessor": "Task waited for",
    "successor": "Task that waits",
    "day": "Day",
    "kind": "Kind",
    "note": "Note",
    "gate_key": "Gate key",
    "gate_title": "Gate",
    "signed_by": "Signed by (name typed)",
    "role": "Role",
    "os_user": "Computer login",
    "signed_at": "Signed at",
    "statement": "Statement signed",
    "checked": "What was checked",
    "caveats": "Caveats",
    "supplier_told_by": "Supplier told by",
    "supplier_reference": "Supplier's reference",
    "supplier_told_on": "Supplier told on",
    "tasks_not_done": "Tasks not done when signed",
    "covered": "Plan state covered",
    "state_hash": "Hash of the state covered",
    "audit_head_id": "Newest audit entry when signed",
    "audit_head_hash": "That entry's hash",
    "signoff_id": "Sign-off withdrawn",
    "withdrawn_by": "Withdrawn by (name typed)",
    "withdrawn_at": "Withdrawn at",
    "reason": "Reason",
    "person_id": "Person",
    "task_id": "Task",
    "minutes": "Minutes",
    "first": "First day",
    "last": "Last day",
    "valid_from": "From",
    "shifts": "Working hours",
    "contact": "Contact",
    "organisation": "Organisation",
    "trained_on": "Trained on",
    "smartcard_on": "Smartcard ready on",
}
# Fields holding the id of another record, and what that record is called.
_REFERENCES = {"predecessor": "task", "successor": "task", "task_id": "task",
               "tasks_not_done": "task", "person_id": "person", "signoff_id": "sign-off"}
_ENUMS: dict[str, Callable[[str], str]] = {
    "status": lambda v: TaskStatus(v).label,
    "priority": lambda v: Priority(v).label,
    "offset_unit": lambda v: OffsetUnit(v).label,
    "tgl_rule": lambda v: {TglRule.WORKING_DAY_BEFORE: "the working day before BGL",
                           TglRule.CALENDAR_DAY_BEFORE: "the calendar day before BGL"}[
                               TglRule(v)],
    "key_date": lambda v: KeyDate(v).label,
    "supplier_told_by": lambda v: SupplierContact(v).label,
    "organisation": lambda v: Organisation(v).label,
}
# 'kind' means a different thing in each kind of record.
_KINDS: dict[str, Callable[[str], str]] = {
    "calendar_day": lambda v: CalendarDayKind(v).label,
    "absence": lambda v: AbsenceKind(v).label,
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2})?$")
EXACT_HINT = "“Show the exact record”"


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def moment_text(moment: datetime) -> str:
    """'Sat 28 Nov 2026 14:42' in the computer's time zone."""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{uk_date(local.date())} {local:%H:%M}"


def value_words(name: str, value: Any, kind: str = "") -> str:
    """One field's value as a person reads it: UK dates, labels not codes, '(none)'."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _REFERENCES and isinstance(value, int):
        return f"{_REFERENCES[name]} {value}"
    if isinstance(value, list):
        if not value:
            return "(none)"
        if name == "shifts":
            return "; ".join(_shift_words(v) for v in value)
        return ", ".join(value_words(name, v, kind) for v in value)
    if name == "covered":
        return _covered_words(value)
    if isinstance(value, dict):
        if name == "anchor":
            return _anchor_words(value)
        return ", ".join(f"{field_label(k)}: {value_words(k, v, kind)}"
                         for k, v in value.items())
    if isinstance(value, str):
        if name == "kind" and kind in _KINDS:
            try:
                return _KINDS[kind](value)
            except ValueError:
                return value
        if name in _ENUMS:
            try:
                return _ENUMS[name](value)
            except (ValueError, KeyError):
                return value
        if not value:
            return "(empty)"
        if _ISO_DAY.match(value):
            return _day_words(value)
        if _ISO_MOMENT.match(value):
            try:
                return moment_text(datetime.fromisoformat(value))
            except ValueError:
                return value
        if _ISO_TIME.match(value):
            try:
                return hhmm(time.fromisoformat(value))
            except ValueError:
                return value
        return value
    return str(value)


def _anchor_words(anchor: dict[str, Any]) -> str:
    key, task = anchor.get("key_date"), anchor.get("task_id")
    if key:
        try:
            return KeyDate(key).label
        except ValueError:
            return str(key)
    if task is not None:
        return f"the finish of task {task}"
    return "(none)"


def _shift_words(shift: Any) -> str:
    if not isinstance(shift, dict):
        return str(shift)
    day = shift.get("weekday")
    name = _WEEKDAYS[day] if isinstance(day, int) and 0 <= day < 7 else str(day)
    return (f"{name} {value_words('start', shift.get('start'))}–"
            f"{value_words('end', shift.get('end'))}")


def _covered_words(covered: Any) -> str:
    if not isinstance(covered, dict):
        return f"(see {EXACT_HINT})"
    tasks = covered.get("tasks") or []
    count = len(tasks) if isinstance(tasks, list) else 0
    noun = "task" if count == 1 else "tasks"
    return (f"the key dates and {count} {noun} of the gate as they stood then "
            f"(the exact text is under {EXACT_HINT})")


def _flatten(record: Any) -> dict[str, tuple[str, str, Any]]:
    """Field path -> (label, field name, value); a nested group (the rules) gives a row
    per field."""
    if not isinstance(record, dict):
        return {} if record is None else {"value": ("Value", "value", record)}
    flat: dict[str, tuple[str, str, Any]] = {}
    for name, value in record.items():
        if isinstance(value, dict) and name not in ("anchor", "covered"):
            for inner, inner_value in value.items():
                flat[f"{name}.{inner}"] = (f"{field_label(name)}: {field_label(inner)}",
                                           inner, inner_value)
        else:
            flat[name] = (field_label(name), name, value)
    return flat


_ORDER = {name: number for number, name in enumerate(FIELD_LABELS)}


def _field_order(path: str) -> tuple[int, int, str]:
    """Fields in the order a person reads a record (title before notes), then by name."""
    outer, _dot, inner = path.partition(".")
    return (_ORDER.get(outer, len(_ORDER)), _ORDER.get(inner, len(_ORDER)), path)


def entry_rows(entry: AuditRecord) -> list[tuple[str, str, str]]:
    """(field, before, after) in words: every field of an added or removed record, only the
    fields that changed for an edit."""
    before, after = _flatten(entry.before), _flatten(entry.after)
    kind = entry.entity
    rows = []
    names = sorted(list(after) + [name for name in before if name not in after],
                   key=_field_order)
    both = entry.change == "changed"
    for path in names:
        old, new = before.get(path), after.get(path)
        if both and old is not None and new is not None and old[2] == new[2]:
            continue
        label = (new or old)[0]  # type: ignore[index]
        old_words = value_words(old[1], old[2], kind) if old is not None else "(not there)"
        new_words = value_words(new[1], new[2], kind) if new is not None else "(not there)"
        rows.append((label, old_words, new_words))
    return rows


class AuditTableModel(ReadOnlyTableModel):
    """Rows come from an AuditTrail query; more are fetched as the view reaches the end.

    Only the rows fetched so far are held (a page is 500), so a trail of 100,000 entries
    opens at once and holds little memory.
    """

    headers = HEADERS

    def row_count(self) -> int:
        return len(self._rows)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._trail: AuditReader | None = None
        self._query = AuditQuery()
        self._rows: list[AuditSummary] = []
        self._cells: list[tuple[str, ...]] = []
        self._records: dict[int, str] = {}
        self._total = 0

    def set_source(self, trail: AuditReader | None, query: AuditQuery | None = None) -> None:
        """Show the entries of this trail matching the query, from the newest."""
        self.beginResetModel()
        self._trail = trail
        if query is not None:
            self._query = query
        self._rows, self._cells, self._records = [], [], {}
        self._total = trail.count(self._query) if trail is not None else 0
        if trail is not None:
            self._append(trail.page(self._query, None, PAGE))
        self.endResetModel()

    def set_query(self, query: AuditQuery) -> None:
        self.set_source(self._trail, query)

    def reload(self) -> None:
        """Read again from the start (new entries are at the top)."""
        self.set_source(self._trail)

    @property
    def query(self) -> AuditQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many entries match the query (fetched or not)."""
        return self._total

    def entry(self, row: int) -> AuditSummary:
        return self._rows[row]

    def record(self, row: int) -> str:
        """What the row's record is, in words (read from the entry the first time)."""
        summary = self._rows[row]
        words = self._records.get(summary.id)
        if words is None:
            fields: dict[str, Any] = {}
            if needs_fields(summary.entity) and self._trail is not None:
                full = self._trail.entry(summary.id)
                fields = full.fields() if full is not None else {}
            words = record_text(summary.entity, summary.entity_key, fields)
            self._records[summary.id] = words
        return words

    def _append(self, page: list[AuditSummary]) -> None:
        self._rows += page
        self._cells += [_cells(e) for e in page]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return (not parent.isValid() and self._trail is not None
                and len(self._rows) < self._total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._trail is None:
            return
        page = self._trail.page(self._query, self._rows[-1].id if self._rows else None, PAGE)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if index.column() == COL_RECORD:
                return self.record(index.row())
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_ACTION:
            return self._cells[index.row()][COL_ACTION]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_RECORD:
            return self.record(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ENTRY_ID_ROLE:
            return self._rows[index.row()].id
        return None


class FieldChangesModel(ReadOnlyTableModel):
    """One entry's fields in words: field, before, after for an edit; field, value else."""

    headers: tuple[str, ...] = ("Field", "Before", "After")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self.change = ""

    def row_count(self) -> int:
        return len(self._rows)

    def set_entry(self, entry: AuditRecord | None) -> None:
        self.beginResetModel()
        if entry is None:
            self.change, self._rows, self.headers = "", [], ("Field", "Before", "After")
        elif entry.change == "changed":
            self.change = "changed"
            self.headers = ("Field", "Before", "After")
            self._rows = list(entry_rows(entry))
        elif entry.change == "added":
            self.change = "added"
            self.headers = ("Field", "Added with")
            self._rows = [(label, new) for label, _old, new in entry_rows(entry)]
        else:
            self.change = "removed"
            self.headers = ("Field", "Value when removed")
            self._rows = [(label, old) for label, old, _new in entry_rows(entry)]
        self.endResetModel()

    def rows(self) -> list[tuple[str, ...]]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (not index.isValid() or not 0 <= index.row() < len(self._rows)
                or not 0 <= index.column() < len(self.headers)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        return None
