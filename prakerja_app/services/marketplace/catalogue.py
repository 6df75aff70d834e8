"""What is on sale: active trainings on active platforms.

A withdrawn platform (Ruangguru since 4 September 2020) and a training taken off sale stay
readable by their code, for old links, but cannot be bought. The pages' listings and
search are read models in `views.catalogue`.
"""

from sqlmodel import col

from prakerja_app.models import Platform, Training
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.marketplace.errors import MarketplaceError


def on_sale() -> tuple:
    """The SQL conditions of a training that can be bought (joined with its platform)."""
    return (col(Training.active).is_(True), col(Platform.status) == PlatformStatus.ACTIVE)


def why_not_buyable(training: Training, platform: Platform) -> DomainError | None:
    """The refusal to raise when this training cannot be bought now, else None."""
    if platform.status != PlatformStatus.ACTIVE:
        return DomainError(
            MarketplaceError.PLATFORM_WITHDRAWN,
            platform=platform.name,
            withdrawn_at=platform.withdrawn_at,
        )
    if not training.active:
        return DomainError(MarketplaceError.TRAINING_INACTIVE)
    return None
