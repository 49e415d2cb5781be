"""The sign-off evidence pack laid out as a printout (its content comes from signoff_pack)."""

from __future__ import annotations

from cutover_desktop.domain.formatting import plural
from cutover_desktop.reports.document import (
    Block,
    Cell,
    Column,
    Facts,
    Heading,
    Line,
    PageFrame,
    Paragraph,
    Report,
    Row,
    Style,
    Table,
)
from cutover_desktop.reports.signoff_pack import EvidencePack, Fact


def _facts(facts: tuple[Fact, ...]) -> Facts:
    return Facts(tuple((fact.label, fact.value) for fact in facts))


def evidence_report(pack: EvidencePack, frame: PageFrame) -> Report:
    """Every gate, who signed and what they checked, how the supplier was told, and the head
    of the audit chain when the pack was made."""
    chain = pack.chain
    verdict = ("Verified: the audit trail has not been changed outside the program."
               if chain.verified else f"Does not verify: {chain.problem}.")
    blocks: list[Block] = [
        _facts((*pack.practice, Fact("Made", pack.generated))),
        Heading("Audit chain", 2),
        Facts((("Entries", plural(chain.entries, "entry", "entries")),
               ("Check", verdict),
               ("Head entry", str(chain.head_id)),
               ("Head hash", chain.head_hash))),
        Paragraph.text(pack.note, Style.SMALL),
        Heading("Key dates", 2),
        _facts(pack.key_dates),
    ]
    for gate in pack.gates:
        blocks.append(Heading(gate.title, 1))
        # The gate's heading, date and state go overleaf together with the start of its tasks.
        blocks.append(Facts((("Date", gate.day), ("State", gate.state)), keep_with_next=True))
        if gate.changes:
            blocks.append(Paragraph((Line("Changed since it was signed", Style.BOLD),
                                     *(Line(f"• {change}") for change in gate.changes))))
        if gate.tasks:
            blocks.append(Table((Column("Its tasks", 4), Column("Status now", 1)),
                                tuple(Row((Cell.text(f.label), Cell.text(f.value)))
                                      for f in gate.tasks)))
        if not gate.records:
            blocks.append(Paragraph.text("Not signed.", Style.BOLD))
        for record in gate.records:
            blocks.append(Heading(f"{record.heading}: {record.status}", 2))
            blocks.append(_facts(record.facts))
            if record.withdrawal:
                blocks.append(Paragraph.text("Withdrawn (the sign-off above is kept as it was)",
                                             Style.BOLD))
                blocks.append(_facts(record.withdrawal))
    return Report(frame, pack.title, tuple(blocks))
