"""NHS numbers: the Modulus 11 check, the 3-3-4 form, and the masked form for records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cutover_desktop.domain.changes import to_jsonable
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.nhs_number import (
    MASKED,
    NhsNumber,
    check_digit,
    check_nhs_number,
    format_nhs_number,
    is_valid,
)


def test_nine_nines_known_check_digit() -> None:
    # 9*10 + 9*9 + ... + 9*2 = 486; 486 mod 11 = 2; 11 - 2 = 9.
    assert check_digit("999999999") == 9
    assert is_valid("9999999999")
    assert not is_valid("9999999998")


def test_check_result_of_eleven_becomes_zero() -> None:
    # The first nine digits in the 999 range whose weighted sum divides by 11.
    first_nine = next(f"999{n:06d}" for n in range(10**6)
                      if sum(int(d) * w for d, w in zip(f"999{n:06d}", range(10, 1, -1),
                                                         strict=True)) % 11 == 0)
    assert check_digit(first_nine) == 0
    assert is_valid(first_nine + "0")


def test_check_result_of_ten_is_invalid_whatever_the_last_digit() -> None:
    # 999 123 456: 90+81+72+7+12+15+16+15+12 = 320; 320 mod 11 = 1; 11 - 1 = 10.
    assert check_digit("999123456") is None
    for last in "0123456789":
        assert not is_valid("999123456" + last)
        with pytest.raises(ValidationError, match="check result of 10"):
            check_nhs_number("999123456" + last)


def test_valid_number_in_any_typed_form_comes_back_as_ten_digits() -> None:
    for typed in ("9990000018", "999 000 0018", " 999-000-0018 ", "999 0000018"):
        assert check_nhs_number(typed) == "9990000018"


@pytest.mark.parametrize(("typed", "words"), [
    ("", "Type the NHS number"),
    ("999 000 001", "ten digits; that has 9"),
    ("999 000 00188", "ten digits; that has 11"),
    ("999 000 001X", "only digits"),
    ("９９９０００００１８", "only digits"),  # full-width digits are not ASCII digits
    ("9990000017", "last digit does not match"),
])
def test_invalid_numbers_are_refused_with_a_plain_reason(typed: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        check_nhs_number(typed)
    assert caught.value.field == "nhs_number"
    assert "0018" not in caught.value.message and "0017" not in caught.value.message


def test_shown_three_three_four() -> None:
    assert format_nhs_number("9990000018") == "999 000 0018"
    assert NhsNumber.parse("999-000-0018").shown == "999 000 0018"


def test_number_is_masked_in_repr_str_and_the_audit_form() -> None:
    number = NhsNumber.parse("9990000018")
    assert number.digits == "9990000018"
    assert "0018" not in repr(number) and "0018" not in str(number)
    assert to_jsonable(number) == MASKED
    assert to_jsonable({"n": number}) == {"n": MASKED}


def test_numbers_compare_by_their_digits() -> None:
    assert NhsNumber("9990000018") == NhsNumber.parse("999 000 0018")
    assert NhsNumber("9990000018") != NhsNumber("9999999999")


def test_an_invalid_number_cannot_be_made_directly() -> None:
    with pytest.raises(ValidationError):
        NhsNumber("9990000017")


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nine_digits_give_one_valid_number_or_none(first_nine: str) -> None:
    digit = check_digit(first_nine)
    valid = [last for last in "0123456789" if is_valid(first_nine + last)]
    if digit is None:
        assert valid == []
    else:
        assert valid == [str(digit)]
        # One wrong digit anywhere in the first nine is always caught.
        number = first_nine + str(digit)
        for position in range(9):
            for other in "0123456789":
                if other != number[position]:
                    changed = number[:position] + other + number[position + 1:]
                    assert not is_valid(changed)
