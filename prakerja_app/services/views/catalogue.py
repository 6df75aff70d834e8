"""The training marketplace as the public sees it: platforms, their offer, and a search.

Only what `marketplace.catalogue` says is on sale is offered; a training that cannot be
bought is still shown by its code, with the reason.

Every list is filtered, sorted and paged in SQL, with each training's rating read from its
summary (`TrainingRating`), never from the reviews. The search reads its parameters from
the URL or a form through `CatalogueQuery.from_params`, which never raises: junk is ignored
and numbers are clamped.

What is on sale depends on the moment (a platform's delisting takes effect at its time):
each read takes the program time ``now``, by default the program clock's (`clock.current`).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from babel.numbers import format_decimal
from sqlmodel import Session, col, func, select

from prakerja_app.models import (
    Participant,
    Platform,
    Purchase,
    Review,
    Training,
    TrainingProvider,
    TrainingRating,
    User,
)
from prakerja_app.services.core import clock, program
from prakerja_app.services.core.formatting import LOCALE, jakarta_today, long_date, rupiah
from prakerja_app.services.core.labels import CATEGORY_LABELS, TRAINING_FORMAT_LABELS
from prakerja_app.services.core.masking import mask_name
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.marketplace import catalogue
from prakerja_app.services.views import messages

PAGE_SIZE = 12
SORTS = {
    "newest": "Terbaru",
    "price_asc": "Harga terendah",
    "price_desc": "Harga tertinggi",
    "rating": "Rating tertinggi",
}
DEFAULT_SORT = "newest"
# The search form's other choices, each a (value sent back, label shown) pair.
CATEGORY_CHOICES = [(str(value), label) for value, label in CATEGORY_LABELS.items()]
FORMAT_CHOICES = [(str(value), label) for value, label in TRAINING_FORMAT_LABELS.items()]
# The default order is the select's placeholder ("Terbaru", sent back empty), not a
# second "Terbaru" among the choices.
SORT_CHOICES = [(value, label) for value, label in SORTS.items() if value != DEFAULT_SORT]
DEFAULT_SORT_LABEL = SORTS[DEFAULT_SORT]
LATEST_REVIEWS = 5

NO_REVIEWS = "Belum ada ulasan"

# Limits on what the search reads from the browser (longer input is cut, not refused).
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
MAX_WORDS_LENGTH = 200
MAX_PAGE = 10_000
MAX_SHELF = 24
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_PRICE = re.compile(r"(?:rp\.?)?\s*([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,10})", re.IGNORECASE)


# --- what the pages get ------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformSummary:
    """A digital platform with the number of active trainings it sells."""

    slug: str
    name: str
    website: str
    description: str
    trainings: int
    withdrawn_at: datetime | None
    withdrawal_reason: str | None


@dataclass(frozen=True)
class TrainingCard:
    """A training as a search result or a shelf shows it."""

    code: str
    title: str
    provider: str
    platform: str
    platform_slug: str
    category_label: str
    format_label: str
    price: int
    price_label: str
    duration_label: str
    rating_label: str
    reviews: int


@dataclass(frozen=True)
class CataloguePage:
    """One page of search results; `page` is the page actually shown (1..pages)."""

    items: list[TrainingCard]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class ReviewItem:
    """A published review; the reviewer is shown only as a masked name ("Bu*** S.")."""

    stars: int
    stars_label: str  # "★★★★☆"
    stars_text: str  # "4 dari 5 bintang", for screen readers
    text: str
    date_label: str
    reviewer: str


@dataclass(frozen=True)
class TrainingDetail(TrainingCard):
    """Everything the training page shows, and whether it can be bought now."""

    description: str
    provider_city: str
    average_rating: float | None
    buyable: bool
    not_buyable_reason: str | None
    latest_reviews: list[ReviewItem]


@dataclass(frozen=True)
class PlatformShelf:
    """An active platform with its count of trainings and the newest few of them."""

    slug: str
    name: str
    website: str
    description: str
    trainings: int
    newest: list[TrainingCard]


@dataclass(frozen=True)
class WithdrawnPlatform:
    """A platform that left the program, with the notice the marketplace shows."""

    slug: str
    name: str
    notice: str
    reason: str | None


# --- reading the search parameters -------------------------------------------------------


def _first(value: object) -> object:
    """A query string may repeat a key (a list arrives): take the first value."""
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value


def _text(value: object) -> str:
    value = _first(value)
    return value.strip() if isinstance(value, str) else ""


def _clean_words(value: object) -> str:
    words: list[str] = []
    for word in _text(value)[:MAX_WORDS_LENGTH].split():
        short = word[:MAX_WORD_LENGTH]
        if short.lower() not in (w.lower() for w in words):
            words.append(short)
    return " ".join(words[:MAX_WORDS])


def _clean_slug(value: object) -> str:
    text = _text(value).lower()
    return text if _SLUG.fullmatch(text) else ""


def _clean_choice(value: object, choices: Mapping[str, str]) -> str:
    text = _text(value).lower()
    return text if text in choices else ""


def _clean_price(value: object) -> int | None:
    """A price limit from "150000", "150.000" or "Rp 150.000"; None when absent or junk."""
    value = _first(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        amount = value
    else:
        match = _PRICE.fullmatch(_text(value))
        if match is None:
            return None
        amount = int(match.group(1).replace(".", ""))
    if amount <= 0:
        return None
    return min(amount, program.TRAINING_BALANCE)


PRICE_UNREADABLE = "Tulis harga dengan angka, misalnya 150000 atau 150.000."


def price_errors(params: Mapping[str, object]) -> dict[str, str]:
    """The price limits typed in a form that are not a price ("seratus ribu"), each
    with the sentence to show next to it; a search would drop them silently."""
    return {
        name: PRICE_UNREADABLE
        for name in ("min_price", "max_price")
        if _text(_first(params.get(name))) and _clean_price(params.get(name)) is None
    }


def _clean_page(value: object) -> int:
    value = _first(value)
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        page = value
    else:
        text = _text(value)
        if not (text.isascii() and text.isdigit() and len(text) <= 6):
            return 1
        page = int(text)
    return min(max(page, 1), MAX_PAGE)


@dataclass(frozen=True)
class CatalogueQuery:
    """What the buyer searches for; build it from untrusted input with `from_params`."""

    words: str = ""
    platform: str = ""
    category: str = ""
    format: str = ""
    min_price: int | None = None
    max_price: int | None = None
    sort: str = DEFAULT_SORT
    page: int = 1

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> "CatalogueQuery":
        """Read the search from URL query or form values; never raises.

        Keys are the field names (``q`` is accepted for ``words``). Unknown keys,
        categories, formats and sorts are ignored; prices accept ``150000``,
        ``150.000`` or ``Rp 150.000`` and are clamped to the training balance; swapped
        price limits are put in order; the page is clamped to 1..10.000.
        """
        if not isinstance(params, Mapping):
            return cls()
        words = params.get("words")
        if not _text(words):
            words = params.get("q")
        low, high = _clean_price(params.get("min_price")), _clean_price(params.get("max_price"))
        if low is not None and high is not None and low > high:
            low, high = high, low
        return cls(
            words=_clean_words(words),
            platform=_clean_slug(params.get("platform")),
            category=_clean_choice(params.get("category"), CATEGORY_LABELS),
            format=_clean_choice(params.get("format"), TRAINING_FORMAT_LABELS),
            min_price=low,
            max_price=high,
            sort=_clean_choice(params.get("sort"), SORTS) or DEFAULT_SORT,
            page=_clean_page(params.get("page")),
        )

    def to_params(self) -> dict[str, str]:
        """The query as URL parameters, leaving out the defaults (for links and paging)."""
        default = CatalogueQuery()
        return {
            key: str(value)
            for key, value in asdict(self).items()
            if value != getattr(default, key) and value is not None
        }


# --- labels ------------------------------------------------------------------------------


def duration_label(minutes: int) -> str:
    """``90`` -> ``"1 jam 30 menit"``, ``120`` -> ``"2 jam"``, ``45`` -> ``"45 menit"``."""
    hours, rest = divmod(max(minutes, 0), 60)
    if not hours:
        return f"{rest} menit"
    return f"{hours} jam" + (f" {rest} menit" if rest else "")


def rating_label(average: float | None) -> str:
    """``4.25`` -> ``"4,3"`` (Indonesian decimal comma); no reviews -> "Belum ada ulasan"."""
    if average is None:
        return NO_REVIEWS
    return format_decimal(Decimal(str(average)), format="0.0", locale=LOCALE)


def withdrawal_notice(name: str, withdrawn_at: datetime | None) -> str:
    """``"Ruangguru tidak lagi menjadi platform digital Kartu Prakerja sejak 4 September 2020."``"""
    since = f" sejak {long_date(jakarta_today(withdrawn_at))}" if withdrawn_at else ""
    return f"{name} tidak lagi menjadi platform digital Kartu Prakerja{since}."


# --- queries -----------------------------------------------------------------------------


# A training's rating from its summary; a training without one has no reviews yet.
_AVERAGE = sa.cast(col(TrainingRating.stars), sa.Float) / sa.cast(
    col(TrainingRating.reviews), sa.Float
)
_REVIEWS = func.coalesce(col(TrainingRating.reviews), 0)


def _joined(statement):
    return statement.join(
        TrainingProvider, col(TrainingProvider.id) == col(Training.provider_id)
    ).join(Platform, col(Platform.id) == col(Training.platform_id))


def _cards(*first: Any):
    """A select of `first`, then each training's card columns (`_card` reads them)."""
    columns: tuple[Any, ...] = (
        col(Training.code),
        col(Training.title),
        col(TrainingProvider.name),
        col(Platform.name),
        col(Platform.slug),
        col(Training.category),
        col(Training.format),
        col(Training.price),
        col(Training.duration_minutes),
        _AVERAGE,
        _REVIEWS,
    )
    return _joined(select(*first, *columns).select_from(Training)).outerjoin(
        TrainingRating, col(TrainingRating.training_id) == col(Training.id)
    )


def _card(row: Sequence[Any]) -> TrainingCard:
    code, title, provider, platform, slug, category, fmt, price, minutes, average, reviews = row
    return TrainingCard(
        code=code,
        title=title,
        provider=provider,
        platform=platform,
        platform_slug=slug,
        category_label=CATEGORY_LABELS.get(category, category),
        format_label=TRAINING_FORMAT_LABELS.get(fmt, fmt),
        price=price,
        price_label=rupiah(price),
        duration_label=duration_label(minutes),
        rating_label=rating_label(average),
        reviews=int(reviews),
    )


def _like(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _has_word(db: Session, word: str):
    """The condition that `word` is in the title, the description or the provider's name."""
    pattern = _like(word)
    places = [
        col(Training.title).ilike(pattern, escape="\\"),
        col(Training.description).ilike(pattern, escape="\\"),
    ]
    # The providers so named are found first: with their ids written out (not a join),
    # PostgreSQL can answer the word from the trigram indexes (see `Training`).
    named = col(TrainingProvider.name).ilike(pattern, escape="\\")
    providers = db.exec(select(TrainingProvider.id).where(named)).all()
    if providers:
        places.append(col(Training.provider_id).in_(providers))
    return sa.or_(*places)


def _at(db: Session, now: datetime | None) -> datetime:
    """The moment a read is for: `now`, or the program clock's time."""
    return clock.current(db) if now is None else now


def _conditions(db: Session, query: CatalogueQuery, now: datetime) -> list:
    conditions = list(catalogue.on_sale(now))
    if query.words:
        # Found on their own first (from the trigram indexes): otherwise PostgreSQL may
        # walk the page's order (an index) testing the words on every training it meets.
        words = [_has_word(db, word) for word in query.words.split()]
        matching = select(Training.id).where(*words).cte("matching").prefix_with("MATERIALIZED")
        conditions.append(col(Training.id).in_(select(matching.c.id)))
    if query.platform:
        conditions.append(col(Platform.slug) == query.platform)
    if query.category:
        conditions.append(col(Training.category) == query.category)
    if query.format:
        conditions.append(col(Training.format) == query.format)
    if query.min_price is not None:
        conditions.append(col(Training.price) >= query.min_price)
    if query.max_price is not None:
        conditions.append(col(Training.price) <= query.max_price)
    return conditions


def _order(sort: str) -> tuple:
    code = col(Training.code)
    if sort == "price_asc":
        return col(Training.price).asc(), code
    if sort == "price_desc":
        return col(Training.price).desc(), code
    if sort == "rating":
        return sa.nulls_last(_AVERAGE.desc()), _REVIEWS.desc(), code
    return col(Training.published_on).desc(), code


def search(db: Session, query: CatalogueQuery, *, now: datetime | None = None) -> CataloguePage:
    """One page of the trainings on sale at `now` that match the query.

    Every word must appear (case-insensitively) in the title, the description or the
    provider's name. A page past the end shows the last page.
    """
    query = CatalogueQuery.from_params(asdict(query))  # clamp a query built by hand too
    conditions = _conditions(db, query, _at(db, now))
    total = db.exec(_joined(select(func.count()).select_from(Training)).where(*conditions)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(query.page, pages)
    rows = db.exec(
        _cards()
        .where(*conditions)
        .order_by(*_order(query.sort))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return CataloguePage(items=[_card(row) for row in rows], total=total, page=page, pages=pages)


def _latest_reviews(db: Session, training_id: int, limit: int) -> list[ReviewItem]:
    rows = db.exec(
        select(Review.stars, Review.text, Review.created_at, User.full_name)
        .join(Purchase, col(Purchase.id) == col(Review.purchase_id))
        .join(Participant, col(Participant.id) == col(Purchase.participant_id))
        .join(User, col(User.id) == col(Participant.user_id))
        .where(Review.training_id == training_id)
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
        .limit(limit)
    ).all()
    return [
        ReviewItem(
            stars=stars,
            stars_label="★" * stars + "☆" * (5 - stars),
            stars_text=f"{stars} dari 5 bintang",
            text=text,
            date_label=long_date(jakarta_today(created_at)),
            reviewer=mask_name(name),
        )
        for stars, text, created_at, name in rows
    ]


def training_detail(
    db: Session, code: str, *, latest: int = LATEST_REVIEWS, now: datetime | None = None
) -> TrainingDetail | None:
    """The training page's content, also for trainings no longer on sale (old links).

    Args:
        db: the session.
        code: the training code from the URL (untrusted).
        latest: how many of the latest reviews to include (0-50).
        now: the moment it is bought or not (by default the program clock's).

    Returns:
        None when no training has this code.
    """
    code = (code or "").strip() if isinstance(code, str) else ""
    if not code or len(code) > 16:
        return None
    found = db.exec(
        _cards(Training, Platform, TrainingProvider.city).where(col(Training.code) == code)
    ).first()
    if found is None:
        return None
    training, platform, city, *columns = found
    card = _card(columns)
    refusal = catalogue.why_not_buyable(training, platform, _at(db, now))
    return TrainingDetail(
        **asdict(card),
        description=training.description,
        provider_city=city,
        average_rating=columns[-2],
        buyable=refusal is None,
        not_buyable_reason=None if refusal is None else messages.text(refusal),
        latest_reviews=_latest_reviews(db, training.id, max(0, min(latest, 50))),
    )


def _counts_on_sale():
    return (
        select(col(Training.platform_id).label("platform_id"), func.count().label("n"))
        .where(col(Training.active).is_(True))
        .group_by(col(Training.platform_id))
        .subquery("counts")
    )


def _having(status: PlatformStatus, now: datetime):
    """The condition of a platform listed (ACTIVE) or gone (WITHDRAWN) at `now`."""
    listed = catalogue.listed(now)
    return listed if status == PlatformStatus.ACTIVE else sa.not_(listed)


def platforms(
    db: Session, *, status: PlatformStatus, now: datetime | None = None
) -> list[PlatformSummary]:
    """Platforms listed (ACTIVE) or gone (WITHDRAWN) at `now`, by name, with their active
    training counts; a delisting not yet in effect leaves a platform listed."""
    counts = _counts_on_sale()
    rows = db.exec(
        select(Platform, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.platform_id == Platform.id)
        .where(_having(status, _at(db, now)))
        .order_by(Platform.name)
    ).all()
    return [
        PlatformSummary(
            p.slug, p.name, p.website, p.description, n, p.withdrawn_at, p.withdrawal_reason
        )
        for p, n in rows
    ]


def platform_shelves(
    db: Session, per_platform: int = 4, *, now: datetime | None = None
) -> list[PlatformShelf]:
    """Every platform listed at `now`, by name, with its training count and newest
    trainings."""
    now = _at(db, now)
    per_platform = max(0, min(per_platform, MAX_SHELF))
    ranked = (
        select(
            col(Training.id).label("training_id"),
            func.row_number()
            .over(
                partition_by=col(Training.platform_id),
                order_by=(col(Training.published_on).desc(), col(Training.code)),
            )
            .label("rank"),
        )
        .where(col(Training.active).is_(True))
        .subquery("ranked")
    )
    rows = db.exec(
        _cards()
        .join(ranked, ranked.c.training_id == col(Training.id))
        .where(*catalogue.on_sale(now), ranked.c.rank <= per_platform)
        .order_by(col(Platform.name), ranked.c.rank)
    ).all()
    shelves: dict[str, list[TrainingCard]] = {}
    for row in rows:
        card = _card(row)
        shelves.setdefault(card.platform_slug, []).append(card)
    return [
        PlatformShelf(
            p.slug, p.name, p.website, p.description, p.trainings, shelves.get(p.slug, [])
        )
        for p in platforms(db, status=PlatformStatus.ACTIVE, now=now)
    ]


def withdrawn_platforms(db: Session, *, now: datetime | None = None) -> list[WithdrawnPlatform]:
    """Platforms that have left the program by `now`, by name, with the marketplace's
    notice."""
    rows = db.exec(
        select(Platform)
        .where(_having(PlatformStatus.WITHDRAWN, _at(db, now)))
        .order_by(col(Platform.name))
    ).all()
    return [
        WithdrawnPlatform(
            p.slug, p.name, withdrawal_notice(p.name, p.withdrawn_at), p.withdrawal_reason
        )
        for p in rows
    ]


def platform_choices(db: Session, *, now: datetime | None = None) -> list[tuple[str, str]]:
    """The search form's platforms, those listed at `now` by name, as (slug, name) pairs."""
    rows = db.exec(
        select(Platform.slug, Platform.name)
        .where(catalogue.listed(_at(db, now)))
        .order_by(col(Platform.name))
    ).all()
    return [(slug, name) for slug, name in rows]
