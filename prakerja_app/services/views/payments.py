"""The participant's payments and surveys as the dashboard lists them."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from prakerja_app import routes
from prakerja_app.models import Payment, PayoutAttempt, id_of
from prakerja_app.services.core import program
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
from prakerja_app.services.surveys import schedule
from prakerja_app.services.surveys.schedule import SurveyProgress


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
    """One of the three surveys: its status, its dates, and its page while it is open."""

    sequence: int
    title: str
    amount_label: str
    status: str
    status_label: str
    dates_label: str  # "Dapat diisi sampai 2 November 2020", "Dibuka 3 November 2020", ...
    href: str  # the survey's page while it is open, else ""
    payment_label: str  # once answered: "Rp 50.000: Menunggu Diproses"; else ""


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


def _survey_dates(survey: SurveyProgress) -> str:
    if survey.status == SurveyStatus.ANSWERED and survey.answered_on:
        return f"Diisi {long_date(survey.answered_on)}"
    if survey.status == SurveyStatus.OPEN and survey.last_day:
        return f"Dapat diisi sampai {long_date(survey.last_day)}"
    if survey.status == SurveyStatus.CLOSED and survey.last_day:
        return f"Batas pengisian {long_date(survey.last_day)} sudah lewat"
    if survey.opens_on:
        return f"Dibuka {long_date(survey.opens_on)}"
    return "Dibuka setelah insentif pertama dibayarkan"


def survey_rows(db: Session, participant_id: int, now: datetime) -> list[SurveyRow]:
    """The three surveys with their status, dates and payment, on `now`'s day."""
    paid = {
        p.sequence: f"{rupiah(p.amount)}: {PAYMENT_STATUS_LABELS.get(p.status, p.status)}"
        for p in incentives.payments_of(db, participant_id)
        if p.kind == PaymentKind.SURVEY
    }
    return [
        SurveyRow(
            sequence=s.sequence,
            title=s.title,
            amount_label=rupiah(program.SURVEY_AMOUNT),
            status=s.status,
            status_label=SURVEY_STATUS_LABELS[s.status],
            dates_label=_survey_dates(s),
            href=routes.survey(s.sequence) if s.status == SurveyStatus.OPEN else "",
            payment_label=paid.get(s.sequence, ""),
        )
        for s in schedule.progress(db, participant_id, now)
    ]
