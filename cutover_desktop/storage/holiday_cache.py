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
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from cutover_desktop import __version__
from cutover_desktop.domain.canonical import sha256

FILE_NAME = "bank-holidays.json"
# The question the kept answers answer (domain/bank_holidays.py): change it when that asks the
# package something else, so answers to the old question are not believed.
QUESTION = "GB subdivision ENG, every category, v1"


def package_stamp() -> str | None:
    """What the kept answers are answers to, found without loading the holidays package: the
    question asked (`QUESTION`), the installed release (its dist-info folder's name) and the
    United Kingdom module's own text (a digest). A frozen build carries its own copy of the
    package, so there the program's version and the bundle's time of build stand for it.
    None when none of that can be found: nothing is then kept."""
    if getattr(sys, "frozen", False):
        try:
            built = Path(sys.executable).stat().st_mtime_ns
        except OSError:
            return None
        return f"{QUESTION}|frozen {__version__}|{built}"
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    package = Path(spec.origin).parent
    try:
        digest = sha256(
            (package / "countries" / "united_kingdom.py").read_bytes()).hexdigest()[:16]
        releases = sorted(p.name for p in package.parent.glob("holidays-*.dist-info"))
    except OSError:
        return None
    return f"{QUESTION}|{','.join(releases) or package}|{digest}"


def _plausible(year: int, days: Mapping[date, str]) -> bool:
    # Every year of England's has Christmas Day and at least eight bank holidays: a kept year
    # without them was not written by this program.
    return date(year, 12, 25) in days and len(days) >= 8


def read_years(path: Path, stamp: str) -> dict[int, dict[date, str]]:
    """The years kept in the file for this release; none when the file is missing, damaged
    or from another release."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(kept, dict) or kept.get("stamp") != stamp:
            return {}
        years = {int(year): {date.fromisoformat(day): str(name) for day, name in days.items()}
                 for year, days in kept["years"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    return {year: days for year, days in years.items() if _plausible(year, days)}


def write_years(path: Path, stamp: str, years: Mapping[int, Mapping[date, str]]) -> bool:
    """Keep the years for the next run, whole or not at all; False when the file could not
    be written (nothing is lost: the next run asks the package again)."""
    text = json.dumps({"stamp": stamp, "years": {
        str(year): {day.isoformat(): name for day, name in sorted(days.items())}
        for year, days in sorted(years.items())}}, ensure_ascii=False, indent=1)
    import tempfile  # only when a year is written

    partial: Path | None = None
    try:
        # A name of its own: two copies of the program may write at once.
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".partial")
        partial = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(partial, path)
    except OSError:
        if partial is not None:
            with contextlib.suppress(OSError):
                partial.unlink()
        return False
    return True
