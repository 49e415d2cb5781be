"""NHS numbers: the Modulus 11 check, the 3-3-4 display form, and a masked form for records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cutover_desktop.domain.errors import ValidationError

LENGTH = 10
# Weights for digits 1 to 9: 10 down to 2.
_WEIGHTS = tuple(range(10, 1, -1))
# People type NHS numbers with spaces or hyphens between the groups.
_SEPARATORS = re.compile(r"[\s\-]+")
MASKED = "••• ••• ••••"


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit for nine digits, or None when the result is 10 (no valid number).

    Each digit is multiplied by its weight (10 for the first, down to 2 for the ninth), the
    products are summed, and the check digit is 11 minus the remainder of the sum divided by
    11; a result of 11 becomes 0, and a result of 10 means no number can have these digits.
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError("the check digit needs exactly nine digits")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, _WEIGHTS, strict=True))
    result = 11 - total % 11
    if result == 11:
        return 0
    if result == 10:
        return None
    return result


def digits_of(text: str) -> str:
    """The text with the spaces and hyphens people type taken out."""
    return _SEPARATORS.sub("", text.strip())


def is_valid(text: str) -> bool:
    """True for ten digits (spaces and hyphens allowed) whose last digit passes Modulus 11."""
    digits = digits_of(text)
    if len(digits) != LENGTH or not digits.isascii() or not digits.isdigit():
        return False
    return check_digit(digits[:9]) == int(digits[9])


def check_nhs_number(text: str, field_name: str = "nhs_number") -> str:
    """The NHS number as a 10-character string of digits, or a ValidationError saying why not.

    The message never repeats the number, so it cannot end up in a log.
    """
    digits = digits_of(text)
    if not digits:
        raise ValidationError("Type the NHS number: ten digits, such as 999 123 4551.",
                              field_name)
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError("An NHS number has only digits (spaces and hyphens between the "
                              "groups are fine).", field_name)
    if len(digits) != LENGTH:
        raise ValidationError(f"An NHS number has ten digits; that has {len(digits)}.",
                              field_name)
    expected = check_digit(digits[:9])
    if expected is None:
        raise ValidationError("That is not an NHS number: its first nine digits give a check "
                              "result of 10, which no NHS number has. Check for a typing "
                              "mistake.", field_name)
    if expected != int(digits[9]):
        raise ValidationError("That is not a valid NHS number: the last digit does not match "
                              "the check on the others. Check for a typing mistake.", field_name)
    return digits


def format_nhs_number(digits: str) -> str:
    """'999 123 4560': the 3-3-4 form NHS numbers are shown in."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


@dataclass(frozen=True)
class NhsNumber:
    """A checked NHS number, kept as a 10-character string.

    It shows itself in full only when asked (`shown`); its repr and its audit-trail form are
    masked, so the digits never reach the audit trail, a log or a traceback.
    """

    digits: str = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.digits) != LENGTH or not is_valid(self.digits):
            raise ValidationError("That is not a valid NHS number.", "nhs_number")

    @classmethod
    def parse(cls, text: str) -> NhsNumber:
        return cls(check_nhs_number(text))

    @property
    def shown(self) -> str:
        """The number for the screen: 3-3-4."""
        return format_nhs_number(self.digits)

    def audit_form(self) -> str:
        """What the audit trail records in place of the number."""
        return MASKED

    def __repr__(self) -> str:
        return f"NhsNumber({MASKED})"

    def __str__(self) -> str:
        return MASKED
