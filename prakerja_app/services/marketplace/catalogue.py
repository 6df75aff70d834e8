"""What is on sale at a moment: active trainings on platforms that are listed then.

A platform leaves the program by a delisting (`platform_listing`): its status becomes
"withdrawn" at once, and ``withdrawn_at`` says from when. Until that time the platform
sells as before; from then on nothing of it can be bought. Every check here compares that
time with the program's ``now``. A withdrawn platform (Ruangguru since 4 September 2020)
and a training taken off sale stay readable by their code, for old links, but cannot be
bought. The pages' listings and search are read models in `views.catalogue`.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col

from prakerja_app.models import Platform, Training
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.marketplace.errors import MarketplaceError


def listed(now: datetime):
    """The SQL condition of a platform that sells at `now` (a delisting not yet in effect
    leaves it listed)."""
    return sa.or_(
        col(Platform.status) == PlatformStatus.ACTIVE,
        sa.and_(col(Platform.withdrawn_at).isnot(None), col(Platform.withdrawn_at) > now),
    )


def is_listed(platform: Platform, now: datetime) -> bool:
    """Whether the platform sells at `now` (the Python twin of `listed`)."""
    return platform.status == PlatformStatus.ACTIVE or (
        platform.withdrawn_at is not None and platform.withdrawn_at > now
    )


def on_sale(now: datetime) -> tuple:
    """The SQL conditions of a training that can be bought at `now` (joined with its
    platform)."""
    return (col(Training.active).is_(True), listed(now))


def why_not_buyable(training: Training, platform: Platform, now: datetime) -> DomainError | None:
    """The refusal to raise when this training cannot be bought at `now`, else None."""
    if not is_listed(platform, now):
        return DomainError(
            MarketplaceError.PLATFORM_WITHDRAWN,
            platform=platform.name,
            withdrawn_at=platform.withdrawn_at,
        )
    if not training.active:
        return DomainError(MarketplaceError.TRAINING_INACTIVE)
    return None
