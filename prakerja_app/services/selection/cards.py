"""Kartu Prakerja numbers: 16 digits made from the wave and the draw rank, Luhn-checked.

``5``, the wave number in 3 digits, the draw rank in 11 digits, and a Luhn check digit
(wave 7, draw rank 1: ``5007 0000 0000 0010``). Wave number and draw rank identify the
application, so cards are unique without a lookup, and the check digit catches a mistyped
digit or a swap of two neighbouring ones.
"""

import sqlalchemy as sa

CARD_PREFIX = 5
MAX_WAVE_NUMBER = 999


def _luhn_doubled(digit):
    """A doubled Luhn digit's digit sum: 2d, less 9 from d = 5 up (d // 5 is 0 or 1).

    Plain integer arithmetic, so the same function builds the SQL expression.
    """
    return digit * 2 - (digit // 5) * 9


def luhn_check_digit(payload: str) -> int:
    """The Luhn digit to append to `payload` (the digits before it)."""
    total = sum(
        _luhn_doubled(int(d)) if i % 2 == 0 else int(d) for i, d in enumerate(reversed(payload))
    )
    return (10 - total % 10) % 10


def card_number(wave_number: int, draw_rank: int) -> str:
    """The card number of a wave's draw rank: 5, wave (3), rank (11), Luhn check digit."""
    payload = f"{CARD_PREFIX}{wave_number:03d}{draw_rank:011d}"
    return payload + str(luhn_check_digit(payload))


def card_expression(wave_number: int, draw_rank: sa.ColumnElement) -> sa.ColumnElement:
    """SQL for `card_number`, from the draw rank in integer arithmetic (SQLite, PostgreSQL).

    The rank fills the payload's last 11 digits (places 0..10 from the right); Luhn
    doubles places 0, 2, 4, ... of the payload. The 4-digit prefix's part of the sum is a
    constant.
    """
    prefix = f"{CARD_PREFIX}{wave_number:03d}"
    prefix_sum = sum(
        _luhn_doubled(int(d)) if (place + 11) % 2 == 0 else int(d)
        for place, d in enumerate(reversed(prefix))
    )
    total: sa.ColumnElement = sa.literal(prefix_sum, sa.BigInteger())
    rank = sa.cast(draw_rank, sa.BigInteger())
    for place in range(11):
        digit = (rank // (10**place)) % 10
        total = total + (_luhn_doubled(digit) if place % 2 == 0 else digit)
    check = (10 - total % 10) % 10
    number = sa.literal(int(prefix) * 10**12, sa.BigInteger()) + rank * 10 + check
    return sa.cast(number, sa.String())
