"""The participant's payments and surveys as the dashboard lists them."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from prakerja_app.models import Payment, PayoutAttempt, id_of
from prakerja_app.services.core.formatting import long_date, rupiah, wib
from prakerja_app.services.core.labels import (
    PAYMENT_KIND_LABELS,
    PAYMENT_STATUS_LABELS,
    SURVEY_STATUS_LABELS,
    payout_failure_label,
)
from prakerja_app.services.core.vocab import (
    AttemptStatus,
    PaymentKind,
    PaymentStatus,
    SurveyStatus,
)
from prakerja_app.services.money import incentives, payout_accounts


@dataclass(frozen=True)
class PaymentRow:
    """One payment as the participant follows it: when it is due, where it stands, and
    for a failed one why and what to do."""

    kind: str
    kind_label: str
    sequence: int
    amount_label: str
    due_label: str
    status: str
    status_label: str  # "Menunggu Diproses", "Sedang Diproses", "Berhasil", "Gagal"
    detail: str  # the date and reference of a payment made; a failure's reason
    todo: str  # what the participant can do, or ""
    can_recheck: bool  # failed, with an account to check again


@dataclass(frozen=True)
class SurveyRow:
    """One of the three surveys, and whether it can be filled in."""

    sequence: int
    title: str
    amount_label: str
    status_label: str
    can_fill: bool


def _detail(payment: Payment, reference: str | None, linked: bool) -> tuple[str, str]:
    if payment.status == PaymentStatus.PAID and payment.paid_at is not None:
        paid = f"Dibayar {long_date(wib(payment.paid_at).date())}"
        return (f"{paid}, referensi {reference}" if reference else paid), ""
    if payment.status == PaymentStatus.FAILED:
        reason, todo = payout_failure_label(payment.failure_reason)
        return f"Alasan: {reason}", todo
    if payment.status == PaymentStatus.PROCESSING:
        return "Dikirim ke akun Anda; biasanya sampai dalam 3-5 hari kerja", ""
    if not linked:
        return "Tautkan akun pembayaran agar insentif dapat dikirim", ""
    return "", ""


def payment_rows(db: Session, participant_id: int) -> list[PaymentRow]:
    """The participant's payments, incentives first, each by instalment."""
    references = dict(
        db.exec(
            select(PayoutAttempt.payment_id, PayoutAttempt.reference_no)
            .join(Payment, col(Payment.id) == PayoutAttempt.payment_id)
            .where(Payment.participant_id == participant_id)
            .where(PayoutAttempt.status == AttemptStatus.COMPLETED)
        ).all()
    )
    linked = payout_accounts.active_account(db, participant_id) is not None
    rows = []
    for p in incentives.payments_of(db, participant_id):
        detail, todo = _detail(p, references.get(id_of(p)), linked)
        kind = PAYMENT_KIND_LABELS.get(PaymentKind(p.kind), p.kind)
        rows.append(
            PaymentRow(
                kind=p.kind,
                kind_label=f"{kind} ke-{p.sequence}",
                sequence=p.sequence,
                amount_label=rupiah(p.amount),
                due_label=long_date(p.due_on),
                status=p.status,
                status_label=PAYMENT_STATUS_LABELS.get(PaymentStatus(p.status), p.status),
                detail=detail,
                todo=todo,
                can_recheck=p.status == PaymentStatus.FAILED and linked,
            )
        )
    return rows


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
