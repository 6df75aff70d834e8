"""Platforms, providers, trainings, buyers and their purchases and reviews."""

from datetime import datetime

from sqlmodel import Session, func, select

from prakerja_app.models import (
    Participant,
    Platform,
    Review,
    Training,
    TrainingProvider,
    TrainingRating,
    User,
)
from prakerja_app.services.core import secret_box
from prakerja_app.services.marketplace import api_credentials
from prakerja_app.services.marketplace.reviews import count_in_rating
from tests.factories.numbers import serial
from tests.factories.registration import profile_of
from tests.factories.selection import participant

ACTIVE_PLATFORMS = (
    "Bukalapak",
    "MauBelajarApa",
    "Pijar Mahir",
    "Pintaria",
    "Sekolah.mu",
    "Sisnaker",
    "Tokopedia",
)


def training(db: Session, **changes) -> Training:
    """An active training on a new platform by a new provider."""
    n = next(serial)
    platform = Platform(slug=f"p{n}", name=f"Platform {n}", website="https://x.id", description="")
    provider = TrainingProvider(slug=f"lp{n}", name=f"LP {n}", city="Jakarta", description="")
    db.add_all([platform, provider])
    db.flush()
    made = Training(
        code=f"T-{n}",
        title=f"Pelatihan {n}",
        provider_id=provider.id,
        platform_id=platform.id,
        category="kuliner",
        format="video",
        price=changes.pop("price", 150_000),
        duration_minutes=120,
        description="",
        published_on=datetime(2020, 8, 1).date(),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def platform(db: Session, **changes) -> Platform:
    """An active digital platform."""
    n = next(serial)
    made = Platform(
        slug=changes.pop("slug", f"platform-{n}"),
        name=changes.pop("name", f"Platform {n}"),
        website="https://platform.contoh.id",
        description="Platform digital contoh.",
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def provider(db: Session, **changes) -> TrainingProvider:
    """A training provider (lembaga pelatihan) in Jakarta."""
    n = next(serial)
    made = TrainingProvider(
        slug=changes.pop("slug", f"lembaga-{n}"),
        name=changes.pop("name", f"Lembaga Pelatihan {n}"),
        city=changes.pop("city", "Jakarta"),
        description="Lembaga pelatihan contoh.",
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def listed_training(db: Session, on: Platform, by: TrainingProvider, **changes) -> Training:
    """An active training sold on platform `on`, made by provider `by`."""
    from datetime import date

    n = next(serial)
    made = Training(
        code=changes.pop("code", f"TR-{n}"),
        title=changes.pop("title", f"Kelas Contoh {n}"),
        provider_id=by.id,
        platform_id=on.id,
        category=changes.pop("category", "kuliner"),
        format=changes.pop("format", "video"),
        price=changes.pop("price", 150_000),
        duration_minutes=changes.pop("duration_minutes", 120),
        description=changes.pop("description", "Deskripsi kelas contoh."),
        published_on=changes.pop("published_on", date(2020, 8, 1)),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def buyer(db: Session, now: datetime, balance: int = 1_000_000, **changes) -> Participant:
    """A participant with a verified phone (in their profile) and `balance` granted."""
    from prakerja_app.models import ApplicantProfile
    from prakerja_app.services.core.vocab import LedgerKind
    from prakerja_app.services.money import ledger

    made = participant(db, now, **changes)
    db.add(
        ApplicantProfile(
            user_id=made.user_id,
            nik=made.nik,
            phone=f"+62812{next(serial):08d}",
            phone_verified_at=now,
        )
    )
    if balance:
        ledger.post(
            db,
            participant_id=made.id,
            amount=balance,
            kind=LedgerKind.GRANT,
            idempotency_key=f"grant:{made.id}",
            now=now,
        )
    db.commit()
    return made


def phone_of(db: Session, made: Participant) -> str:
    """The verified phone (E.164) of a participant made by `buyer`."""
    return profile_of(db, made.user_id).phone


def purchase(db: Session, owner: Participant, bought: Training, now: datetime, **changes):
    """A purchase written directly (no balance moves), for dashboards and reviews."""
    from prakerja_app.models import Purchase

    n = next(serial)
    made = Purchase(
        participant_id=owner.id,
        training_id=bought.id,
        price=bought.price,
        voucher_code=changes.pop("voucher_code", f"V{n:011d}"),
        idempotency_key=changes.pop("idempotency_key", f"factory-purchase-{n:06d}"),
        bought_at=changes.pop("bought_at", now),
    )
    for key, value in changes.items():
        setattr(made, key, value)
    db.add(made)
    db.commit()
    return made


def review(
    db: Session, reviewed: Training, now: datetime, stars: int = 5, text: str = "Bagus.", **given
):
    """A review of `reviewed` by a new participant named `reviewer` (who bought it),
    counted in the training's rating summary as `reviews.submit_review` counts it."""
    reviewer = participant(db, now)
    account = db.get(User, reviewer.user_id)
    account.full_name = given.get("reviewer", account.full_name)
    bought = purchase(db, reviewer, reviewed, now, status="completed", completed_at=now)
    made = Review(
        purchase_id=bought.id,
        training_id=reviewed.id,
        stars=stars,
        text=text,
        created_at=given.get("at", now),
    )
    db.add(made)
    count_in_rating(db, reviewed.id, stars)
    db.commit()
    return made


def rating_summaries(db: Session) -> tuple[dict[int, tuple[int, int]], dict[int, tuple[int, int]]]:
    """Each training's (reviews, stars) in its summary, and counted from the reviews."""
    kept = db.exec(select(TrainingRating.training_id, TrainingRating.reviews, TrainingRating.stars))
    counted = db.exec(
        select(Review.training_id, func.count(), func.sum(Review.stars)).group_by(
            Review.training_id
        )
    )
    return (
        {training: (n, stars) for training, n, stars in kept.all()},
        {training: (n, stars) for training, n, stars in counted.all()},
    )


def api_provider(db: Session, **changes) -> TrainingProvider:
    """A training provider with API credentials, as the seed makes them (``lp-<slug>``,
    the key `sign_key` sealed; `sign_key_of` opens it)."""
    n = next(serial)
    slug = changes.pop("slug", f"lembaga-api-{n}")
    key = changes.pop("sign_key", f"kunci-uji-{n:06d}-0123456789abcdef")
    return provider(
        db,
        slug=slug,
        client_code=changes.pop("client_code", f"lp-{slug}"),
        sign_key_sealed=secret_box.seal(key),
        **changes,
    )


def sign_key_of(made: TrainingProvider) -> str:
    """A provider's current signing key, in clear."""
    key = api_credentials.current_key(made)
    assert key is not None, f"{made.slug} has no key"
    return key
