"""Sign-offs and their withdrawals as rows: append-only tables the database refuses to change."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.signoff import (
    SIGNOFF_KIND,
    WITHDRAWAL_KIND,
    SignOff,
    SupplierContact,
    Withdrawal,
)
from cutover_desktop.storage.tables import EntityTable, register_table

SIGNOFF_TABLE = "signoffs"
WITHDRAWAL_TABLE = "signoff_withdrawals"
# What the triggers of migration m003_signoff say when anything tries to change a signed record.
REFUSAL = "signed records cannot be changed or deleted; withdraw the sign-off instead"


def _signoff_record(s: SignOff) -> dict[str, Any]:
    return {
        "id": s.id,
        "gate_key": s.gate_key,
        "gate_title": s.gate_title,
        "signed_by": s.signed_by,
        "role": s.role,
        "os_user": s.os_user,
        "signed_at": s.signed_at.isoformat(),
        "statement": s.statement,
        "checked": s.checked,
        "caveats": s.caveats,
        "supplier_told_by": s.supplier_told_by.value,
        "supplier_reference": s.supplier_reference,
        "supplier_told_on": s.supplier_told_on.isoformat() if s.supplier_told_on else None,
        "tasks_not_done": json.dumps([int(t) for t in s.tasks_not_done]),
        "covered": s.covered,
        "state_hash": s.state_hash,
        "audit_head_id": s.audit_head_id,
        "audit_head_hash": s.audit_head_hash,
    }


def _signoff(row: dict[str, Any]) -> SignOff:
    return SignOff(
        id=row["id"],
        gate_key=row["gate_key"],
        gate_title=row["gate_title"],
        signed_by=row["signed_by"],
        role=row["role"],
        os_user=row["os_user"],
        signed_at=datetime.fromisoformat(row["signed_at"]),
        statement=row["statement"],
        checked=row["checked"],
        caveats=row["caveats"],
        supplier_told_by=SupplierContact(row["supplier_told_by"]),
        supplier_reference=row["supplier_reference"],
        supplier_told_on=(date.fromisoformat(row["supplier_told_on"])
                          if row["supplier_told_on"] else None),
        tasks_not_done=tuple(TaskId(t) for t in json.loads(row["tasks_not_done"])),
        covered=row["covered"],
        state_hash=row["state_hash"],
        audit_head_id=row["audit_head_id"],
        audit_head_hash=row["audit_head_hash"],
    )


def _withdrawal_record(w: Withdrawal) -> dict[str, Any]:
    return {"id": w.id, "signoff_id": w.signoff_id, "withdrawn_by": w.withdrawn_by,
            "role": w.role, "os_user": w.os_user, "withdrawn_at": w.withdrawn_at.isoformat(),
            "reason": w.reason}


def _withdrawal(row: dict[str, Any]) -> Withdrawal:
    return Withdrawal(id=row["id"], signoff_id=row["signoff_id"],
                      withdrawn_by=row["withdrawn_by"], role=row["role"],
                      os_user=row["os_user"],
                      withdrawn_at=datetime.fromisoformat(row["withdrawn_at"]),
                      reason=row["reason"])


register_table(EntityTable(SIGNOFF_KIND, SIGNOFF_TABLE, ("id",), _signoff_record, _signoff,
                           order_by="id", append_only=True))
register_table(EntityTable(WITHDRAWAL_KIND, WITHDRAWAL_TABLE, ("id",), _withdrawal_record,
                           _withdrawal, order_by="id", append_only=True))


# The field holding the name a person typed, so the audit trail can be filtered by it.
TYPED_NAME_FIELDS = {SIGNOFF_KIND: "signed_by", WITHDRAWAL_KIND: "withdrawn_by"}
