"""Reading and writing one spreadsheet cell: shared by every file importer and exporter.

Dates in files are ISO (2027-03-16), times 24-hour (08:30). Reading is strict: a value that
cannot be read raises CellError naming what was wrong, and the importer adds the row and column.
Text a spreadsheet would run as a formula is written with a quote in front, taken off on reading.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

# Cells a spreadsheet would run as a formula start with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A quote put in front of such a cell on export, and taken off again on import.
QUOTE = "'"
LIST_SEPARATOR = ";"
MAX_TEXT = 10_000


class CellError(ValueError):
    """A cell's value that cannot be read: the message says what was wrong."""


def normalise_header(name: object) -> str:
    """'Owner role', 'OWNER_ROLE' and ' owner-role ' all name the column owner_role: case,
    spaces, hyphens and underscores do not matter."""
    text = "" if name is None else str(name)
    return re.sub(r"[\s_-]+", "_", text.strip().casefold()).strip("_")


def neutralise(text: str) -> str:
    """Put a quote in front of text a spreadsheet would run as a formula; `restore` takes it
    off again. Text that already starts with a quote before such a character gets another, so
    the round trip is exact."""
    if text.startswith(FORMULA_STARTS) or (
            text.startswith(QUOTE) and text[1:2] and text[1] in (*FORMULA_STARTS, QUOTE)):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    if text.startswith(QUOTE) and text[1:2] and text[1] in (*FORMULA_STARTS, QUOTE):
        return text[1:]
    return text


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_text(value: object, limit: int = MAX_TEXT) -> str:
    """A short text such as a title or a role, with spaces at the ends taken off."""
    return read_long_text(value, limit).strip()


def read_long_text(value: object, limit: int = MAX_TEXT) -> str:
    """Notes as they were written, spaces and line breaks included."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = restore(str(value))
    if len(text) > limit:
        raise CellError(f"the text is longer than {limit} characters")
    return text


def read_int(value: object, low: int, high: int, what: str) -> int:
    if isinstance(value, bool):
        raise CellError(f"give {what} as a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = restore(str(value)).strip().replace("−", "-")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise CellError(f"“{value}” is not a whole number of {what}")
        number = int(text)
    if not low <= number <= high:
        raise CellError(f"{number} is outside {low} to {high} {what}")
    return number


def read_date(value: object) -> date:
    if isinstance(value, datetime):
        if value.time() != time(0):
            raise CellError("give a date without a time of day")
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CellError(f"“{text}” is not a date in the form YYYY-MM-DD") from None


def read_time(value: object) -> time | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = str(value).strip()
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::00)?", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise CellError(f"“{text}” is not a time of day such as 08:30")
    return time(int(match[1]), int(match[2]))


def read_flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = read_text(value).lower()
    if text in ("", "no", "n", "false", "0"):
        return False
    if text in ("yes", "y", "true", "1"):
        return True
    raise CellError(f"“{value}” is not yes or no")


def read_list(value: object) -> tuple[str, ...]:
    text = read_text(value)
    return tuple(part.strip() for part in re.split(r"[;\n]", text) if part.strip())
