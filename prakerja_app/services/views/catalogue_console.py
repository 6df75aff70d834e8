"""The console's catalogue page (/admin/katalog): the platforms with their standing, the
trainings searched and paged on the server, and a delisting's preview in words."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import Platform, Purchase, Training, TrainingProvider
from prakerja_app.services.core.formatting import number, rupiah, wib_datetime
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.marketplace import catalogue
from prakerja_app.services.marketplace.platform_listing import Delisting
from prakerja_app.services.marketplace.training_listing import PriceChange

PAGE_SIZE = 20
MAX_PAGE = 10_000
MAX_WORDS = 80


@dataclass(frozen=True)
class PlatformRow:
    """A platform as the console lists it."""

    id: int
    name: str
    status_label: str  # "Aktif", "Keluar sejak ...", "Keluar mulai ..."
    trainings: int  # active trainings
    reason: str
    delistable: bool


@dataclass(frozen=True)
class TrainingRow:
    """A training as the console lists it."""

    id: int
    code: str
    title: str
    platform: str
    provider: str
    price_label: str
    active: bool
    status_label: str  # "Dijual", "Nonaktif", "Tidak dijual: platform keluar"
    purchases: int
    price_locked: bool  # sold: the price can no longer change


@dataclass(frozen=True)
class TrainingsPage:
    """One page of the trainings found; `page` is the page shown (1..pages)."""

    rows: list[TrainingRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class DelistingPreview:
    """A delisting's effects, as the confirmation shows them."""

    platform: str
    effective: str
    reason: str
    trainings: str
    sample: list[str]
    vouchers: str


def _platform_status(p: Platform, now: datetime) -> str:
    if p.status == PlatformStatus.ACTIVE:
        return "Aktif"
    if p.withdrawn_at is None:
        return "Keluar"
    when = wib_datetime(p.withdrawn_at)
    return f"Keluar mulai {when}" if catalogue.is_listed(p, now) else f"Keluar sejak {when}"


def platform_rows(db: Session, *, now: datetime) -> list[PlatformRow]:
    """Every platform, by name, with its standing at `now` and its active trainings."""
    counts = (
        select(col(Training.platform_id).label("platform_id"), func.count().label("n"))
        .where(col(Training.active).is_(True))
        .group_by(col(Training.platform_id))
        .subquery("counts")
    )
    rows = db.exec(
        select(Platform, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.platform_id == Platform.id)
        .order_by(col(Platform.name))
    ).all()
    return [
        PlatformRow(
            id=p.id or 0,
            name=p.name,
            status_label=_platform_status(p, now),
            trainings=int(n),
            reason=p.withdrawal_reason or "",
            delistable=p.status == PlatformStatus.ACTIVE,
        )
        for p, n in rows
    ]


def _like(words: str) -> str:
    escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def trainings(
    db: Session, *, now: datetime, words: str = "", platform_id: int = 0, page: int = 1
) -> TrainingsPage:
    """One page of the trainings whose title or code holds `words`, on one platform or
    all (``platform_id`` 0), by title; a page past the end shows the last page."""
    conditions = []
    words = " ".join(words.split())[:MAX_WORDS] if isinstance(words, str) else ""
    if words:
        pattern = _like(words)
        conditions.append(
            sa.or_(
                col(Training.title).ilike(pattern, escape="\\"),
                col(Training.code).ilike(pattern, escape="\\"),
            )
        )
    if platform_id:
        conditions.append(col(Training.platform_id) == platform_id)
    total = db.exec(select(func.count()).select_from(Training).where(*conditions)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages, MAX_PAGE)
    sold = (
        select(func.count())
        .select_from(Purchase)
        .where(col(Purchase.training_id) == col(Training.id))
        .scalar_subquery()
    )
    rows = db.exec(
        select(Training, Platform, TrainingProvider.name, sold)
        .join(Platform, col(Platform.id) == col(Training.platform_id))
        .join(TrainingProvider, col(TrainingProvider.id) == col(Training.provider_id))
        .where(*conditions)
        .order_by(col(Training.title), col(Training.code))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return TrainingsPage(
        rows=[
            TrainingRow(
                id=t.id or 0,
                code=t.code,
                title=t.title,
                platform=p.name,
                provider=provider,
                price_label=rupiah(t.price),
                active=t.active,
                status_label=(
                    "Nonaktif"
                    if not t.active
                    else "Dijual"
                    if catalogue.is_listed(p, now)
                    else "Tidak dijual: platform keluar"
                ),
                purchases=int(n),
                price_locked=t.price_locked_at is not None,
            )
            for t, p, provider, n in rows
        ],
        total=total,
        page=page,
        pages=pages,
    )


def delisting_preview(done: Delisting) -> DelistingPreview:
    """A delisting's effects in words."""
    more = done.trainings - len(done.sample)
    return DelistingPreview(
        platform=done.platform,
        effective=wib_datetime(done.effective_at),
        reason=done.reason,
        trainings=f"{number(done.trainings)} pelatihan tidak dijual lagi"
        + (f" (di antaranya {len(done.sample)} berikut, {number(more)} lainnya)." if more else "."),
        sample=done.sample,
        vouchers=(
            f"{number(done.unredeemed)} voucher belum ditukarkan"
            f" (senilai {rupiah(done.unredeemed_value)}) tetap berlaku: peserta masih dapat"
            " menukarkannya di lembaga pelatihan, dan saldonya tidak hilang."
        ),
    )


def price_notice(done: PriceChange) -> str:
    """A price change, confirmed in words."""
    return (
        f"Harga {done.code} diubah dari {rupiah(done.old_price)} menjadi {rupiah(done.new_price)}."
    )
