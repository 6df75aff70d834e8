"""What the development platform page (a provider's console, development only) shows."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from prakerja_app.models import Purchase, Training, TrainingProvider
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import api_credentials


@dataclass(frozen=True)
class ApiClient:
    """A provider that can call the API, as the development platform page lists it."""

    name: str
    client_code: str


def api_clients(db: Session) -> list[ApiClient]:
    """Every provider with API credentials, by name."""
    rows = db.exec(
        select(TrainingProvider.name, TrainingProvider.client_code)
        .where(col(TrainingProvider.client_code).is_not(None))
        .where(col(TrainingProvider.sign_key_sealed).is_not(None))
        .order_by(col(TrainingProvider.name))
    ).all()
    return [ApiClient(name, code) for name, code in rows if code]


def signing_key(db: Session, client_code: str) -> str | None:
    """A provider's current signing key, opened (server side only: for the development
    platform page)."""
    provider = db.exec(
        select(TrainingProvider).where(TrainingProvider.client_code == client_code)
    ).first()
    return api_credentials.current_key(provider) if provider else None


@dataclass(frozen=True)
class RecentVoucher:
    """A voucher the development platform page offers to try (newest purchases)."""

    code: str
    training_title: str
    provider_name: str
    status: PurchaseStatus


def recent_vouchers(db: Session, *, limit: int = 10) -> list[RecentVoucher]:
    """The newest purchases' voucher codes with their training and provider."""
    rows = db.exec(
        select(Purchase.voucher_code, Training.title, TrainingProvider.name, Purchase.status)
        .join(Training, col(Training.id) == Purchase.training_id)
        .join(TrainingProvider, col(TrainingProvider.id) == Training.provider_id)
        .order_by(col(Purchase.id).desc())
        .limit(limit)
    ).all()
    return [
        RecentVoucher(code, title, provider, PurchaseStatus(status))
        for code, title, provider, status in rows
    ]
