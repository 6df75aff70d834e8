"""The participant's payments and surveys as the dashboard lists them."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.models import Payment
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import long_date, rupiah
from prakerja_app.services.core.labels import (
    PAYMENT_KIND_LABELS,
    PAYMENT_STATUS_LABELS,
    SURVEY_STATUS_LABELS,
)
from prakerja_app.services.core.vocab import PaymentKind, PaymentStatus, SurveyStatus
from prakerja_app.services.money import incentives
from prakerja_app.services.surveys import schedule
from prakerja_app.services.surveys.schedule import SurveyProgress


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
    """One of the three surveys: its status, its dates, and its page while it is open."""

    sequence: int
    title: str
    amount_label: str
    status: str
    status_label: str
    dates_label: str  # "Dapat diisi sampai 2 November 2020", "Dibuka 3 November 2020", ...
    href: str  # the survey's page while it is open, else ""
    payment_label: str  # once answered: "Rp 50.000: Menunggu Diproses"; else ""


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
        p.sequence: f"{rupiah(p.amount)}: {_payment_status_label(p)}"
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
