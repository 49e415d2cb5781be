"""The evidence pack's content: every sign-off and withdrawal, the chain head, escaped text."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from cutover_desktop.domain.signoff import SignOffInput, SupplierContact, WithdrawalInput
from cutover_desktop.reports.signoff_pack import HONESTY_NOTE, evidence_pack_html
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.signoff import SignoffService, evidence_pack

NOW = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
ENTRY = SignOffInput("Dr <b>Asha</b> Patel", "Lead GP & CSO", "I accept <script>.",
                     "20 records\nQOF report compared", "", SupplierContact.LETTER, "REF-1",
                     date(2026, 11, 27))


def test_the_pack_holds_every_record_the_chain_head_and_the_honest_note(
        service: PlanService) -> None:
    gates = SignoffService(service, now=lambda: NOW)
    gates.sign("data_checking", ENTRY, confirm_not_done=True)
    gates.withdraw(1, WithdrawalInput("Dr Asha Patel", "Lead GP", "Wrong extract checked"))
    gates.sign("data_checking", ENTRY, mark_done=True)
    pack = evidence_pack(service, NOW)
    head_id, head_hash = service.audit_head()
    assert (pack.chain.head_id, pack.chain.head_hash, pack.chain.verified) == (
        head_id, head_hash, True)
    gate = next(g for g in pack.gates if g.title.startswith("Data-checking"))
    assert gate.state == "Signed"
    assert [(r.heading, r.status) for r in gate.records] == [
        ("Sign-off 2", "Current"), ("Sign-off 1", "Withdrawn")]
    withdrawn = dict((f.label, f.value) for f in gate.records[1].withdrawal)
    assert withdrawn["Reason"] == "Wrong extract checked"
    first = dict((f.label, f.value) for f in gate.records[1].facts)
    assert first["Supplier told"] == "Letter, Fri 27 Nov 2026, reference REF-1"
    assert first["Tasks not done when signed"].startswith("Confirmed by the signer: “")
    assert len(pack.gates) == 6

    html = evidence_pack_html(pack)
    assert "<script>" not in html and "<b>Asha</b>" not in html
    assert "Dr &lt;b&gt;Asha&lt;/b&gt; Patel, Lead GP &amp; CSO" in html
    assert "20 records<br>QOF report compared" in html
    assert head_hash in html
    assert re.sub(r"\s+", " ", HONESTY_NOTE) in html
    assert "does not check who anyone is" in HONESTY_NOTE
