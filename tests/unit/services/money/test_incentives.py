"""The incentive schedule, its labels for the dashboard, and the surveys' availability."""

from datetime import date

import pytest
from sqlmodel import select

from prakerja_app.models import Payment
from prakerja_app.services.money import incentives
from tests import factories


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2020, 9, 11), 1, date(2020, 10, 11)),
        (date(2020, 10, 31), 1, date(2020, 11, 30)),
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2020, 1, 31), 1, date(2020, 2, 29)),
        (date(2020, 11, 15), 3, date(2021, 2, 15)),
    ],
)
def test_add_months_keeps_the_day_or_the_months_last(day, months, expected):
    assert incentives.add_months(day, months) == expected


def test_schedule_is_idempotent(db, now):
    owner = factories.participant(db, now)
    first = incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    db.commit()
    again = incentives.schedule(db, owner.id, date(2021, 1, 1), now)
    db.commit()
    assert [p.id for p in again] == [p.id for p in first]
    assert [p.due_on for p in again] == [
        date(2020, 9, 11),
        date(2020, 10, 11),
        date(2020, 11, 11),
        date(2020, 12, 11),
    ]
    assert len(db.exec(select(Payment)).all()) == 4
