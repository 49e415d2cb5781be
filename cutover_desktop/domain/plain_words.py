"""Template shorthand put into words a practice manager reads at a glance.

The template keeps its compact notes ('≤ 2 WD', '[G] stg guide/01-kick-off.md') for whoever
maintains it; the screens show them through these functions.
"""

from __future__ import annotations

import re

GUIDE = "the GP IT migration guide"
_UNIT = r"(\d+)\s*(WD|working days?|weeks?|days?)\b"
_SLA_AT_MOST = re.compile(r"\bSLA\s*≤\s*" + _UNIT, re.IGNORECASE)
_HAS_AT_MOST = re.compile(r"\b(has|have|take|takes)\s+≤\s*" + _UNIT, re.IGNORECASE)
_AT_MOST = re.compile(r"≤\s*" + _UNIT, re.IGNORECASE)
_GUIDE_FILE = re.compile(r"/(?:\d+-)?([A-Za-z][\w-]*)\.md(?:#([\w-]+))?")
_NUMBER = re.compile(r"(?:guide/)?(\d{1,2})\b")


def _amount(count: str, unit: str) -> str:
    unit = unit.lower()
    if unit == "wd" or unit.startswith("working"):
        word = "working day"
    elif unit.startswith("week"):
        word = "week"
    else:
        word = "day"
    return f"{count} {word}{'' if count == '1' else 's'}"


def plain_why(text: str) -> str:
    """'supplier then has ≤ 2 WD' -> 'supplier then has at most 2 working days';
    'SLA ≤ 1 week' -> 'within 1 week (the agreed service level)'."""
    text = _SLA_AT_MOST.sub(
        lambda m: f"within {_amount(m[1], m[2])} (the agreed service level)", text)
    text = _HAS_AT_MOST.sub(lambda m: f"{m[1]} at most {_amount(m[2], m[3])}", text)
    text = _AT_MOST.sub(lambda m: f"within {_amount(m[1], m[2])}", text)
    text = re.sub(r"\b(\d+)\s*WD\b", lambda m: _amount(m[1], "WD"), text)
    text = re.sub(r"\bSLA\b", "agreed service level", text)
    text = re.sub(r"\s*\bis \[I\]", " is what practices that have migrated advise", text)
    text = re.sub(r"\s*\[[A-Z-]+\]", "", text)
    return text.replace("≤", "at most").replace("≥", "at least")


def _section(part: str) -> str | None:
    """The guide section a source names: '“Kick off”', 'section 6', or None."""
    named = _GUIDE_FILE.search(part)
    if named and named[1].lower() != "index":
        title = named[1].replace("-", " ").replace("_", " ").strip().capitalize()
        anchor = f" on {named[2].replace('-', ' ')}" if named[2] else ""
        return f"“{title}”{anchor}"
    numbered = _NUMBER.search(part)
    if numbered and ("guide" in part or part.strip().isdigit()):
        return f"section {int(numbered[1])}"
    return None


def plain_source(text: str) -> str:
    """'[G] stg guide/01-kick-off.md; [G-SLA] commit 7c33f40' -> 'From the GP IT migration
    guide (“Kick off”) and the supplier service levels it sets.'"""
    sections: list[str] = []
    others: list[str] = []
    uses_guide = False
    for piece in re.split(r"[;,&]", text):
        piece = piece.strip()
        if not piece:
            continue
        if "[G-SLA]" in piece:
            words = "the supplier service levels it sets"
        elif "PCSE" in piece.upper():
            words = "the PCSE clinical system migration page"
        elif "[I]" in piece:
            words = "advice from practices that have migrated"
        else:
            section = _section(piece)
            if section is None:
                uses_guide = uses_guide or "guide" in piece
                continue
            if section not in sections:
                sections.append(section)
            continue
        if words not in others:
            others.append(words)
    parts = []
    if sections or uses_guide or "the supplier service levels it sets" in others:
        parts.append(GUIDE + (f" ({', '.join(sections)})" if sections else ""))
    parts += others
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"From {joined}."
