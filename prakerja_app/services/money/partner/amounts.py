"""Rupiah amounts as Iris writes them: JSON strings such as "600000", "600000.0" or
"600000.00" (digits, at most two decimals). We pay whole rupiah, so a fraction other
than zero is refused; nothing goes through float."""

import re

AMOUNT = re.compile(r"(\d{1,15})(?:\.(\d{1,2}))?")


def parse_amount(text: object) -> int:
    """The whole rupiah in an Iris amount string.

    Raises:
        ValueError: not a string of that form, or a fraction of a rupiah.
    """
    if not isinstance(text, str) or (match := AMOUNT.fullmatch(text)) is None:
        raise ValueError(f"not an Iris amount: {text!r}")
    whole, fraction = match.groups()
    if fraction is not None and int(fraction) != 0:
        raise ValueError(f"not a whole rupiah amount: {text!r}")
    return int(whole)


def format_amount(rupiah: int) -> str:
    """An amount in rupiah as Iris takes it: "600000.00".

    Raises:
        ValueError: not a positive whole number of rupiah.
    """
    if not isinstance(rupiah, int) or isinstance(rupiah, bool) or rupiah <= 0:
        raise ValueError(f"not a positive whole rupiah amount: {rupiah!r}")
    return f"{rupiah}.00"
