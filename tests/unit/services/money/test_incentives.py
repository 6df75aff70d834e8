"""The incentive schedule, its labels for the dashboard, and the surveys' availability."""

from datetime import date

import pytest
from sqlmodel import select

from prakerja_app.models import Payment, Survey, SurveyResponse
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus
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


def test_schedule_view_labels_each_payment(db, now):
    owner = factories.participant(db, now)
    payments = incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    payments[0].status = PaymentStatus.PAID
    payments[1].status = PaymentStatus.PROCESSING
    payments[2].status = PaymentStatus.FAILED
    payments[2].failure_reason = "Akun e-wallet belum upgrade"
    db.commit()
    rows = incentives.schedule_view(db, owner.id)
    assert [(r.kind_label, r.amount_label, r.due_label, r.status_label) for r in rows] == [
        ("Insentif ke-1", "Rp 600.000", "11 September 2020", "Berhasil Dibayar"),
        ("Insentif ke-2", "Rp 600.000", "11 Oktober 2020", "Sedang Diproses"),
        (
            "Insentif ke-3",
            "Rp 600.000",
            "11 November 2020",
            "Gagal: Akun e-wallet belum upgrade",
        ),
        ("Insentif ke-4", "Rp 600.000", "11 Desember 2020", "Menunggu Diproses"),
    ]


def test_schedule_view_of_someone_else_is_empty(db, now):
    owner, other = factories.participant(db, now), factories.participant(db, now)
    incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    db.commit()
    assert incentives.schedule_view(db, other.id) == []


def test_surveys_open_after_the_first_incentive_is_paid(db, now):
    owner = factories.participant(db, now)
    db.add_all(
        [
            Survey(sequence=n, title=f"Survei evaluasi {n}: judul", questions_json="[]")
            for n in (1, 2, 3)
        ]
    )
    db.commit()
    before = incentives.surveys_view(db, owner.id)
    assert [(s.sequence, s.status_label, s.can_fill) for s in before] == [
        (1, "Belum tersedia", False),
        (2, "Belum tersedia", False),
        (3, "Belum tersedia", False),
    ]
    assert {s.amount_label for s in before} == {"Rp 50.000"}

    payments = incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    db.commit()
    assert {s.status_label for s in incentives.surveys_view(db, owner.id)} == {"Belum tersedia"}

    payments[0].status = PaymentStatus.PAID
    first_survey = db.exec(select(Survey).where(Survey.sequence == 1)).one()
    db.add(SurveyResponse(survey_id=first_survey.id, participant_id=owner.id, answers_json="{}"))
    db.add(
        Payment(
            participant_id=owner.id,
            kind=PaymentKind.SURVEY,
            sequence=1,
            amount=50_000,
            due_on=date(2020, 9, 20),
            idempotency_key=f"survey:{owner.id}:1",
        )
    )
    db.commit()
    after = incentives.surveys_view(db, owner.id)
    assert [(s.title, s.status_label, s.can_fill) for s in after] == [
        ("Survei evaluasi 1: judul", "Selesai", False),
        ("Survei evaluasi 2: judul", "Dapat diisi", True),
        ("Survei evaluasi 3: judul", "Dapat diisi", True),
    ]
    kinds = [r.kind_label for r in incentives.schedule_view(db, owner.id)]
    assert kinds[-1] == "Insentif survei ke-1"


def test_surveys_have_titles_even_before_they_are_seeded(db, now):
    owner = factories.participant(db, now)
    assert [s.title for s in incentives.surveys_view(db, owner.id)] == [
        "Survei evaluasi 1",
        "Survei evaluasi 2",
        "Survei evaluasi 3",
    ]
