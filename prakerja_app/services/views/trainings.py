"""The participant's trainings as the dashboard lists them: status, next action, certificate."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from prakerja_app.models import Certificate, Platform, Purchase, Review, Training, TrainingProvider
from prakerja_app.services.core.formatting import rupiah
from prakerja_app.services.core.labels import PURCHASE_STATUS_LABELS
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import certificates


@dataclass(frozen=True)
class TrainingRow:
    """A bought training with its status, the next action and its certificate."""

    purchase_id: int
    title: str
    platform: str
    provider: str
    price_label: str
    voucher_code: str
    status: str
    status_label: str
    next_action: str
    can_review: bool
    certificate_number: str = ""
    certificate_url: str = ""
    certificate_qr: str = ""


def _next_action(status: str, platform: str, has_review: bool) -> str:
    if status == PurchaseStatus.BOUGHT:
        return f"Tukarkan kode voucher di {platform} untuk memulai."
    if status == PurchaseStatus.REDEEMED:
        return f"Sedang berlangsung. Selesaikan pelatihan di {platform}."
    if status == PurchaseStatus.COMPLETED:
        return "Selesai." if has_review else "Beri rating dan ulasan."
    return PURCHASE_STATUS_LABELS.get(status, status)


def training_rows(db: Session, participant_id: int) -> list[TrainingRow]:
    """The participant's bought trainings, newest first (no one else's)."""
    # sqlmodel types select() for at most four columns (fastapi/sqlmodel#271).
    rows = db.exec(
        select(  # type: ignore[call-overload]
            Purchase, Training.title, Platform.name, TrainingProvider.name, Certificate, Review.id
        )
        .join(Training, col(Training.id) == col(Purchase.training_id))
        .join(Platform, col(Platform.id) == col(Training.platform_id))
        .join(TrainingProvider, col(TrainingProvider.id) == col(Training.provider_id))
        .outerjoin(Certificate, col(Certificate.purchase_id) == col(Purchase.id))
        .outerjoin(Review, col(Review.purchase_id) == col(Purchase.id))
        .where(Purchase.participant_id == participant_id)
        .order_by(col(Purchase.bought_at).desc(), col(Purchase.id).desc())
    ).all()
    result = []
    for purchase, title, platform, provider, certificate, review_id in rows:
        extra = {}
        if certificate is not None:
            extra = {
                "certificate_number": certificate.number,
                "certificate_url": certificates.verification_url(certificate.verification_code),
                "certificate_qr": certificates.qr_data_uri(certificate.verification_code),
            }
        result.append(
            TrainingRow(
                purchase_id=purchase.id,
                title=title,
                platform=platform,
                provider=provider,
                price_label=rupiah(purchase.price),
                voucher_code=purchase.voucher_code,
                status=purchase.status,
                status_label=PURCHASE_STATUS_LABELS.get(purchase.status, purchase.status),
                next_action=_next_action(purchase.status, platform, review_id is not None),
                can_review=purchase.status == PurchaseStatus.COMPLETED and review_id is None,
                **extra,
            )
        )
    return result
