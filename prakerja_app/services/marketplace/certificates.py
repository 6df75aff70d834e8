"""Certificates: issued when a provider reports a training completed, verified by anyone.

A certificate has two identifiers:

- a human number, ``PKJ-<year>-<purchase id, 8 digits>`` (``PKJ-2020-00000123``), the year
  being the WIB year of issue. It is unique because a purchase gets at most one
  certificate, needs no counter (so two completions at once cannot collide), and is
  short enough to read over the phone;
- an unguessable verification code (``secrets.token_urlsafe``, 16 characters, 96 bits),
  the only thing the QR code and the public verification link carry. The page behind
  it shows the holder's masked name, the training, its provider and the date of issue;
  never the NIK, the email or the card number.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from prakerja_app import routes, settings
from prakerja_app.models import (
    Certificate,
    OutboxMessage,
    Participant,
    Purchase,
    Training,
    TrainingProvider,
    User,
    id_of,
)
from prakerja_app.services.core import qr
from prakerja_app.services.core.formatting import wib
from prakerja_app.services.core.masking import mask_name
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.messaging import outbox, templates

NUMBER_PREFIX = "PKJ"
VERIFICATION_CODE_BYTES = 12  # 16 URL-safe characters


@dataclass(frozen=True)
class CertificateView:
    """What the public verification page shows: nothing that identifies the holder."""

    number: str
    holder: str  # masked: "Bu*** S."
    training_title: str
    provider_name: str
    issued_at: datetime


def certificate_number(purchase_id: int, issued_at: datetime) -> str:
    """The human number of a purchase's certificate: ``PKJ-2020-00000123``."""
    return f"{NUMBER_PREFIX}-{wib(issued_at).year}-{purchase_id:08d}"


def new_verification_code() -> str:
    """A fresh unguessable verification code (16 URL-safe characters)."""
    return secrets.token_urlsafe(VERIFICATION_CODE_BYTES)


def verification_url(verification_code: str) -> str:
    """The public address of a certificate's verification page."""
    return settings.public_url() + routes.verify(verification_code)


def qr_data_uri(verification_code: str) -> str:
    """A QR code of the verification URL (only the opaque link, never personal data)."""
    return qr.svg_data_uri(verification_url(verification_code))


def certificate_of(db: Session, purchase_id: int) -> Certificate | None:
    """The certificate of a purchase, if one was issued."""
    return db.exec(select(Certificate).where(Certificate.purchase_id == purchase_id)).first()


def issue(
    db: Session, purchase: Purchase, *, now: datetime
) -> tuple[Certificate, OutboxMessage | None]:
    """Issue the certificate of a completed purchase and email the participant.

    Idempotent: a purchase that already has a certificate gets the same one back, and
    no second email. Adds and flushes in the caller's transaction; the caller commits
    (and should lock the purchase row first, as `redemption.complete` does).

    Returns:
        The certificate, and the email queued about it (None when it already existed).
    """
    purchase_id = id_of(purchase)
    existing = certificate_of(db, purchase_id)
    if existing is not None:
        return existing, None
    certificate = Certificate(
        purchase_id=purchase_id,
        number=certificate_number(purchase_id, now),
        verification_code=new_verification_code(),
        issued_at=now,
    )
    db.add(certificate)
    db.flush()
    return certificate, _notify(db, purchase, certificate, now)


def _notify(
    db: Session, purchase: Purchase, certificate: Certificate, now: datetime
) -> OutboxMessage:
    row = db.exec(
        select(User.email, User.full_name, Training.title, TrainingProvider.name)
        .join(Participant, col(Participant.user_id) == User.id)
        .join(Purchase, col(Purchase.participant_id) == Participant.id)
        .join(Training, col(Training.id) == Purchase.training_id)
        .join(TrainingProvider, col(TrainingProvider.id) == Training.provider_id)
        .where(Purchase.id == purchase.id)
    ).one()
    email, full_name, title, provider = row
    message = templates.CERTIFICATE_ISSUED.render(
        name=full_name,
        title=title,
        provider=provider,
        number=certificate.number,
        link=verification_url(certificate.verification_code),
    )
    return outbox.queue_email(db, to=email, email=message, now=now)


def verification(db: Session, code: str) -> CertificateView | None:
    """The public view of the certificate with this verification code, or None.

    None also for a certificate whose purchase is no longer completed (refunded).
    """
    if not code or len(code) > 32:
        return None
    # sqlmodel types select() for at most four columns (fastapi/sqlmodel#271).
    row = db.exec(
        select(  # type: ignore[call-overload]
            Certificate.number,
            Certificate.issued_at,
            User.full_name,
            Training.title,
            TrainingProvider.name,
        )
        .join(Purchase, Purchase.id == Certificate.purchase_id)
        .join(Participant, Participant.id == Purchase.participant_id)
        .join(User, User.id == Participant.user_id)
        .join(Training, Training.id == Purchase.training_id)
        .join(TrainingProvider, TrainingProvider.id == Training.provider_id)
        .where(Certificate.verification_code == code)
        .where(Purchase.status == PurchaseStatus.COMPLETED)
    ).first()
    if row is None:
        return None
    number, issued_at, full_name, title, provider = row
    return CertificateView(
        number=number,
        holder=mask_name(full_name),
        training_title=title,
        provider_name=provider,
        issued_at=issued_at,
    )
