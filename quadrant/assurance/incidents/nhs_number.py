"""The NHS number's check digit (modulus 11): ten digits, the last one checking the nine
before it. It catches every single mistyped digit and most swapped pairs."""

from __future__ import annotations

from django.core.exceptions import ValidationError

INVALID = "Enter a valid NHS number, like 943 476 5919: it has 10 digits"


def normalise(text: str) -> str:
    """The number without the spaces or hyphens people type in it (943 476 5919)."""
    return "".join(ch for ch in text if ch not in " -")


def check_digit(first_nine: str) -> int | None:
    """The check digit of nine digits; None when they have none (remainder 10)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def is_valid(text: str) -> bool:
    number = normalise(text)
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        return False
    return check_digit(number[:9]) == int(number[9])


def validate_nhs_number(value: str) -> None:
    if value and not is_valid(value):
        raise ValidationError(INVALID, code="nhs_number")
