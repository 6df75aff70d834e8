"""The participant's payments and surveys as the dashboard lists them."""

from dataclasses import dataclass

from sqlmodel import Session

from prakerja_app.models import Payment
from prakerja_app.services.core.formatting import long_date, rupiah
from prakerja_app.services.core.labels import (
    PAYMENT_KIND_LABELS,
    PAYMENT_STATUS_LABELS,
    SURVEY_STATUS_LABELS,
)
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus, SurveyStatus
from prakerja_app.services.money import incentives


@dataclass(frozen=True)
class PaymentRow:
    """One scheduled payment."""

    kind: str
    kind_label: str
    sequence: int
    amount_label: str
    due_label: str
    status: str
    status_label: str


@dataclass(frozen=True)
class SurveyRow:
    """One of the three surveys, and whether it can be filled in."""

    sequence: int
    title: str
    amount_label: str
    status_label: str
    can_fill: bool


def _payment_status_label(payment: Payment) -> str:
    label = PAYMENT_STATUS_LABELS.get(PaymentStatus(payment.status), payment.status)
    if payment.status == PaymentStatus.FAILED and payment.failure_reason:
        return f"{label}: {payment.failure_reason}"
    return label


def payment_rows(db: Session, participant_id: int) -> list[PaymentRow]:
    """The participant's payments, incentives first, each by instalment."""
    return [
        PaymentRow(
            kind=p.kind,
            kind_label=f"{PAYMENT_KIND_LABELS.get(PaymentKind(p.kind), p.kind)} ke-{p.sequence}",
            sequence=p.sequence,
            amount_label=rupiah(p.amount),
            due_label=long_date(p.due_on),
            status=p.status,
            status_label=_payment_status_label(p),
        )
        for p in incentives.payments_of(db, participant_id)
    ]


def survey_rows(db: Session, participant_id: int) -> list[SurveyRow]:
    """The three surveys with their status ("Belum tersedia", "Dapat diisi", "Selesai")."""
    return [
        SurveyRow(
            sequence=s.sequence,
            title=s.title,
            amount_label=rupiah(s.amount),
            status_label=SURVEY_STATUS_LABELS[s.status],
            can_fill=s.status == SurveyStatus.OPEN,
        )
        for s in incentives.survey_progress(db, participant_id)
    ]
