"""Rupiah amounts and times as an Indonesian reader expects them (Babel, id-ID, WIB)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

WIB = ZoneInfo("Asia/Jakarta")
LOCALE = "id_ID"


def number(value: int) -> str:
    """Format a count with Indonesian grouping: ``800000`` -> ``"800.000"``."""
    return format_decimal(value, format="#,##0", locale=LOCALE)


def rupiah(amount: int) -> str:
    """Format integer rupiah: ``1000000`` -> ``"Rp 1.000.000"``."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("rupiah amounts are integers")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {number(abs(amount))}"


def wib(moment: datetime) -> datetime:
    """The same instant on the Jakarta clock (Waktu Indonesia Barat)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; store and pass UTC-aware times")
    return moment.astimezone(WIB)


def wib_datetime(moment: datetime) -> str:
    """``2020-09-03T05:00Z`` -> ``"Kamis, 3 September 2020 12.00 WIB"``."""
    local = wib(moment)
    text = _babel_datetime(local, "EEEE, d MMMM y HH.mm", tzinfo=WIB, locale=LOCALE)
    return f"{text} WIB"


def long_date(day: date) -> str:
    """``date(2020, 9, 4)`` -> ``"4 September 2020"``."""
    return _babel_date(day, "d MMMM y", locale=LOCALE)


def jakarta_today(now: datetime) -> date:
    """The calendar day in Jakarta at a UTC instant."""
    return wib(now).date()


def wib_to_utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Jakarta, as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=WIB).astimezone(UTC)


def card_number_text(card_number: str) -> str:
    """Group a 16-digit card number in fours: ``5107 0000 0000 0001``."""
    return " ".join(card_number[i : i + 4] for i in range(0, len(card_number), 4))
