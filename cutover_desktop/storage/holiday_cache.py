"""Bank holidays worked out by an earlier run, kept in a small file in the user's data folder
so that a start need not load the holidays package (see domain/bank_holidays.py).

The file names the holidays release it came from (`package_stamp`); a file from another
release, or one that cannot be read, is ignored and the package is asked again.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

FILE_NAME = "bank-holidays.json"


def package_stamp() -> str | None:
    """What tells one installed holidays release from another, found without loading it: its
    United Kingdom module's place, size and time of change. None when that module is not a
    file on disk (a frozen build keeps it in an archive): nothing is then kept."""
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    source = Path(spec.origin).parent / "countries" / "united_kingdom.py"
    try:
        found = source.stat()
    except OSError:
        return None
    return f"{source}|{found.st_size}|{found.st_mtime_ns}"


def read_years(path: Path, stamp: str) -> dict[int, dict[date, str]]:
    """The years kept in the file for this release; none when the file is missing, damaged
    or from another release."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(kept, dict) or kept.get("stamp") != stamp:
            return {}
        return {int(year): {date.fromisoformat(day): str(name) for day, name in days.items()}
                for year, days in kept["years"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_years(path: Path, stamp: str, years: Mapping[int, Mapping[date, str]]) -> bool:
    """Keep the years for the next run, whole or not at all; False when the file could not
    be written (nothing is lost: the next run asks the package again)."""
    text = json.dumps({"stamp": stamp, "years": {
        str(year): {day.isoformat(): name for day, name in sorted(days.items())}
        for year, days in sorted(years.items())}}, ensure_ascii=False, indent=1)
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return False
    return True
