"""Reviews: only the buyer, only a completed training, once; the first starts the incentives."""

from datetime import date, timedelta

import pytest
from sqlmodel import col, select

from prakerja_app.models import Payment, Review
from prakerja_app.services.core.errors import FormErrors
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import reviews
from prakerja_app.services.views.messages import text
from tests import factories

TEXT = "Materinya jelas dan langsung bisa saya praktikkan untuk jualan online."


@pytest.fixture
def course(db):
    return factories.listed_training(db, factories.platform(db), factories.provider(db))


@pytest.fixture
def owner(db, now):
    return factories.participant(db, now)


def completed(db, owner, course, now, **changes):
    return factories.purchase(
        db, owner, course, now, status=PurchaseStatus.COMPLETED, completed_at=now, **changes
    )


def review(db, owner, purchase, now, stars=5, text=TEXT):
    return reviews.submit_review(
        db, user_id=owner.user_id, purchase_id=purchase.id, stars=stars, text=text, now=now
    )


def incentives(db, participant_id) -> list[Payment]:
    return list(
        db.exec(
            select(Payment)
            .where(Payment.participant_id == participant_id)
            .order_by(col(Payment.sequence))
        ).all()
    )


def test_the_first_review_is_saved_and_starts_four_monthly_incentives(db, owner, course, now):
    bought = completed(db, owner, course, now)
    late_evening = wib_to_utc(2020, 9, 30, 23, 30)  # still 30 September in Jakarta
    saved = review(db, owner, bought, late_evening, stars="4", text=f"  {TEXT}  ")
    assert (saved.stars, saved.text, saved.training_id) == (4, TEXT, course.id)
    payments = incentives(db, owner.id)
    assert [(p.kind, p.sequence, p.amount, p.status) for p in payments] == [
        ("incentive", n, 600_000, "scheduled") for n in (1, 2, 3, 4)
    ]
    # First due 7 days after the WIB date of the review, then monthly (31st -> 30th).
    assert [p.due_on for p in payments] == [
        date(2020, 10, 7),
        date(2020, 11, 7),
        date(2020, 12, 7),
        date(2021, 1, 7),
    ]
    assert [p.idempotency_key for p in payments] == [
        f"incentive:{owner.id}:{n}" for n in (1, 2, 3, 4)
    ]


def test_a_second_reviewed_training_does_not_schedule_again(db, owner, course, now):
    review(db, owner, completed(db, owner, course, now), now)
    first = [(p.id, p.due_on) for p in incentives(db, owner.id)]
    later = now + timedelta(days=20)
    review(db, owner, completed(db, owner, course, later), later)
    assert [(p.id, p.due_on) for p in incentives(db, owner.id)] == first


def test_no_participant_can_review_anothers_purchase(db, owner, course, now):
    theirs = completed(db, owner, course, now)
    intruder = factories.participant(db, now)
    stolen = factories.refused(
        db,
        reviews.submit_review,
        user_id=intruder.user_id,
        purchase_id=theirs.id,
        stars=1,
        text=TEXT,
        now=now,
    )
    unknown = factories.refused(
        db,
        reviews.submit_review,
        user_id=intruder.user_id,
        purchase_id=theirs.id + 1000,
        stars=1,
        text=TEXT,
        now=now,
    )
    assert (stolen.code, text(stolen)) == (unknown.code, text(unknown))
    assert stolen.code == "purchase_not_found"
    for odd in (True, "1", None):  # ids come from the browser: only ints are looked up
        error = factories.refused(
            db,
            reviews.submit_review,
            user_id=owner.user_id,
            purchase_id=odd,
            stars=5,
            text=TEXT,
            now=now,
        )
        assert error.code == "purchase_not_found"


@pytest.mark.parametrize("status", [PurchaseStatus.BOUGHT, PurchaseStatus.REDEEMED])
def test_only_a_completed_training_can_be_reviewed(db, owner, course, now, status):
    bought = factories.purchase(db, owner, course, now, status=status)
    error = factories.refused(
        db,
        reviews.submit_review,
        user_id=owner.user_id,
        purchase_id=bought.id,
        stars=5,
        text=TEXT,
        now=now,
    )
    assert error.code == "review_not_completed"


def test_a_training_is_reviewed_once(db, owner, course, now):
    bought = completed(db, owner, course, now)
    review(db, owner, bought, now)
    error = factories.refused(
        db,
        reviews.submit_review,
        user_id=owner.user_id,
        purchase_id=bought.id,
        stars=1,
        text=TEXT,
        now=now,
    )
    assert error.code == "review_exists"
    assert len(db.exec(select(Review)).all()) == 1


@pytest.mark.parametrize(
    ("stars", "text", "fields"),
    [
        (0, TEXT, {"stars"}),
        (6, TEXT, {"stars"}),
        (True, TEXT, {"stars"}),
        (3.5, TEXT, {"stars"}),
        ("lima", TEXT, {"stars"}),
        (None, TEXT, {"stars"}),
        (5, "   Bagus sekali kelas!  ", {"text"}),  # 19 characters once trimmed
        (5, "x" * 2001, {"text"}),
        (5, None, {"text"}),
        (0, "", {"stars", "text"}),
    ],
)
def test_bad_fields_get_a_message_each(db, owner, course, now, stars, text, fields):
    bought = completed(db, owner, course, now)
    error = factories.refused(
        db,
        reviews.submit_review,
        user_id=owner.user_id,
        purchase_id=bought.id,
        stars=stars,
        text=text,
        now=now,
        error=FormErrors,
    )
    assert set(error.errors) == fields
    assert all(message for message in error.errors.values())


def test_the_limits_are_inclusive(db, owner, course, now):
    bought = completed(db, owner, course, now)
    assert review(db, owner, bought, now, stars=1, text="a" * 20).text == "a" * 20
    other = completed(db, owner, course, now)
    assert len(review(db, owner, other, now, stars=5, text="b" * 2000).text) == 2000


def test_someone_who_is_not_a_participant_cannot_review(db, owner, course, now):
    bought = completed(db, owner, course, now)
    applicant = factories.user(db, now)
    error = factories.refused(
        db,
        reviews.submit_review,
        user_id=applicant.id,
        purchase_id=bought.id,
        stars=5,
        text=TEXT,
        now=now,
    )
    assert error.code == "not_participant"


def test_a_revoked_participant_cannot_review(db, owner, course, now):
    bought = completed(db, owner, course, now)
    owner.revoked_at = now
    db.add(owner)
    db.commit()
    error = factories.refused(
        db,
        reviews.submit_review,
        user_id=owner.user_id,
        purchase_id=bought.id,
        stars=5,
        text=TEXT,
        now=now,
    )
    assert error.code == "revoked"
