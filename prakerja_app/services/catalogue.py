"""The training marketplace as the public sees it: platforms and their offer."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from prakerja_app.models import Platform, Training
from prakerja_app.services.vocab import PlatformStatus


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


def platforms(db: Session, *, status: PlatformStatus) -> list[PlatformSummary]:
    """Platforms with the given status, by name, with their active training counts."""
    counts = (
        select(Training.platform_id, func.count().label("n"))
        .where(col(Training.active).is_(True))
        .group_by(Training.platform_id)
        .subquery()
    )
    rows = db.exec(
        select(Platform, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.platform_id == Platform.id)
        .where(Platform.status == status)
        .order_by(Platform.name)
    ).all()
    return [
        PlatformSummary(
            p.slug, p.name, p.website, p.description, n, p.withdrawn_at, p.withdrawal_reason
        )
        for p, n in rows
    ]
