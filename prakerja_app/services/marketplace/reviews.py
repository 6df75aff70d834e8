"""Rating and reviewing a completed training; the first review starts the incentives.

Only the participant who bought the training may review it, only once it is completed
(the provider reported it and the certificate was issued), and only once. A purchase of
someone else is refused exactly like one that does not exist. Each review is counted in
its training's rating summary (`TrainingRating`) in the same transaction.
"""

from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prakerja_app.models import Participant, Purchase, Review, TrainingRating, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.money import incentives
from prakerja_app.services.selection.participants import require_participant

MIN_STARS, MAX_STARS = 1, 5
MIN_TEXT, MAX_TEXT = 20, 2000


def check_stars(raw: object) -> int:
    """A rating of 1 to 5 stars (an int, or its digit as text), or DomainError (``stars``)."""
    if isinstance(raw, str) and raw.strip() in {"1", "2", "3", "4", "5"}:
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not MIN_STARS <= raw <= MAX_STARS:
        raise DomainError(MarketplaceError.STARS_INVALID, "stars")
    return raw


def check_text(raw: object) -> str:
    """The review text, trimmed, 20-2000 characters, or DomainError (``text``)."""
    text = raw.strip() if isinstance(raw, str) else ""
    if len(text) < MIN_TEXT:
        raise DomainError(MarketplaceError.REVIEW_TOO_SHORT, "text", minimum=MIN_TEXT)
    if len(text) > MAX_TEXT:
        raise DomainError(MarketplaceError.REVIEW_TOO_LONG, "text", maximum=MAX_TEXT)
    return text


def count_in_rating(db: Session, training_id: int, stars: int) -> None:
    """Add a review of `stars` to the training's rating summary (the caller commits).

    One upsert that adds to the row in the database (``reviews = reviews + 1``), never a
    read then a write, so reviews committed at the same moment all count.
    """
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(TrainingRating).values(training_id=training_id, reviews=1, stars=stars)
    db.exec(
        statement.on_conflict_do_update(
            index_elements=[col(TrainingRating.training_id)],
            set_={
                "reviews": col(TrainingRating.reviews) + 1,
                "stars": col(TrainingRating.stars) + statement.excluded.stars,
            },
        )
    )


def _own_purchase(db: Session, participant_id: int, purchase_id: int) -> Purchase:
    valid_id = isinstance(purchase_id, int) and not isinstance(purchase_id, bool)
    purchase = db.get(Purchase, purchase_id) if valid_id else None
    if purchase is None or purchase.participant_id != participant_id:
        raise DomainError(MarketplaceError.PURCHASE_NOT_FOUND)
    return purchase


def submit_review(
    db: Session, *, user_id: int, purchase_id: int, stars: object, text: object, now: datetime
) -> Review:
    """Save the participant's rating and review of a completed training, and count it
    in the training's rating summary (`count_in_rating`); commit.

    If it is the first completed training the participant reviews, the incentive
    schedule starts (`incentives.schedule`, first instalment due
    `incentives.FIRST_DUE_AFTER_DAYS` after today in WIB), in the same transaction.

    Raises:
        DomainError: ``not_participant`` or ``revoked``; ``purchase_not_found`` (no such
            purchase, or another participant's); ``review_not_completed``;
            ``review_exists``.
        FormErrors: ``stars`` and/or ``text`` are invalid (messages per field).
    """
    participant = require_participant(db, user_id)
    participant_id = id_of(participant)
    # Serialise this participant's reviews (PostgreSQL), so two at once schedule once.
    db.exec(select(Participant.id).where(Participant.id == participant_id).with_for_update())
    purchase = _own_purchase(db, participant_id, purchase_id)
    if purchase.status != PurchaseStatus.COMPLETED:
        raise DomainError(MarketplaceError.REVIEW_NOT_COMPLETED)
    if db.exec(select(Review.id).where(Review.purchase_id == purchase.id)).first() is not None:
        raise DomainError(MarketplaceError.REVIEW_EXISTS)
    errors: dict[str, DomainError] = {}
    rating = collect(errors, "stars", lambda: check_stars(stars))
    body = collect(errors, "text", lambda: check_text(text))
    if errors or rating is None or body is None:
        raise FormErrors(errors)
    review = Review(
        purchase_id=id_of(purchase),
        training_id=purchase.training_id,
        stars=rating,
        text=body,
        created_at=now,
    )
    try:
        db.add(review)
        db.flush()
        count_in_rating(db, purchase.training_id, rating)
        audit.record(
            db,
            actor_id=user_id,
            action="review.submit",
            entity="purchase",
            entity_id=purchase.id,
            after={"stars": rating},
        )
        if not incentives.incentives_of(db, participant_id):  # the first training reviewed
            incentives.schedule(
                db, participant_id, incentives.first_due_date(jakarta_today(now)), now
            )
        db.commit()
    except IntegrityError:  # the same review sent twice at the same moment
        db.rollback()
        raise DomainError(MarketplaceError.REVIEW_EXISTS) from None
    return review
