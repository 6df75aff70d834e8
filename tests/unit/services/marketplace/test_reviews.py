"""Reviews: only the buyer, only a completed training, once; the first starts the incentives;
each is counted in its training's rating summary."""

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from prakerja_app.models import Payment, Review
from prakerja_app.services.core.errors import FormErrors
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import reviews
from prakerja_app.services.views.messages import text
from tests import factories
from tests.conftest import POSTGRES_URL

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


# --- the rating summary --------------------------------------------------------------


def test_each_review_is_counted_in_its_trainings_rating_summary(db, owner, course, now):
    other = factories.listed_training(db, factories.platform(db), factories.provider(db))
    for training, stars in ((course, 5), (course, 2), (other, 4), (course, 4)):
        reviewer = factories.participant(db, now)
        review(db, reviewer, completed(db, reviewer, training, now), now, stars=stars)
    kept, counted = factories.rating_summaries(db)
    assert kept == counted == {course.id: (3, 11), other.id: (1, 4)}


def test_a_refused_review_is_not_counted(db, owner, course, now):
    bought = completed(db, owner, course, now)
    review(db, owner, bought, now, stars=4)
    factories.refused(
        db,
        reviews.submit_review,
        user_id=owner.user_id,
        purchase_id=bought.id,
        stars=1,
        text=TEXT,
        now=now,
    )
    assert factories.rating_summaries(db) == ({course.id: (1, 4)}, {course.id: (1, 4)})


@pytest.mark.parametrize("engine", ["postgresql"] if POSTGRES_URL else [], indirect=True)
def test_reviews_saved_at_the_same_moment_are_all_counted(engine, db, course, now):
    """PostgreSQL only: SQLite runs one writer at a time, so nothing happens at once."""
    rounds = 10
    buyers = [factories.participant(db, now) for _ in range(2 * rounds)]
    bought = [completed(db, buyer, course, now) for buyer in buyers]
    together, failures = threading.Barrier(2), []

    def reviewer(first: int) -> None:
        try:
            with Session(engine, expire_on_commit=False) as own:
                for n in range(first, len(buyers), 2):
                    together.wait()  # both sessions add to the same summary row at once
                    review(own, buyers[n], bought[n], now, stars=1 + n % 5)
        except Exception as failure:
            together.abort()  # the other one stops waiting
            failures.append(failure)

    threads = [threading.Thread(target=reviewer, args=(first,)) for first in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    stars = sum(1 + n % 5 for n in range(2 * rounds))
    assert factories.rating_summaries(db) == ({course.id: (20, stars)}, {course.id: (20, stars)})
