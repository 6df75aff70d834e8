"""An applicant's page in the console: steps, data (masked), waves, money and messages.

Nothing here shows a whole NIK, family card number, phone number or photo; those are
disclosed one at a time, with a reason, by `registration.disclosure`. Message bodies are
shown with their one-time codes and link tokens blanked out.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import (
    ApplicantProfile,
    Complaint,
    OutboxMessage,
    Participant,
    Platform,
    Purchase,
    RegistrationStep,
    Training,
    User,
    VerificationCase,
    VerificationFlag,
    Wave,
    WaveApplication,
    id_of,
)
from prakerja_app.services.core.formatting import card_number_text, rupiah, wib_datetime
from prakerja_app.services.core.labels import (
    APPLICATION_RESULT_LABELS,
    EDUCATION_LABELS,
    EMPLOYMENT_LABELS,
    OUTBOX_STATUS_LABELS,
    PURCHASE_STATUS_LABELS,
    REVOKE_REASON_LABELS,
    SEX_LABELS,
    selection_reason_label,
)
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.core.phone_numbers import mask_phone
from prakerja_app.services.core.vocab import CaseStatus, Channel, FlagKind, Role
from prakerja_app.services.messaging.outbox import REDACTED, SECRET_MARK
from prakerja_app.services.registration import regions
from prakerja_app.services.registration.profiles import find_profile
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.selection import outcomes
from prakerja_app.services.views.payments import PaymentRow, payment_rows
from prakerja_app.services.views.registration import STEP_LABELS
from prakerja_app.services.views.verification_queue import KIND_LABELS, STATUS_LABELS

MESSAGES_SHOWN = 50  # the newest; older ones are in the messages console
NOT_YET = "-"


@dataclass(frozen=True)
class Fact:
    """One labelled value of the applicant's data."""

    label: str
    value: str


@dataclass(frozen=True)
class StepRow:
    """A registration step and when it was completed (`NOT_YET` if it was not)."""

    label: str
    done: bool
    at: str


@dataclass(frozen=True)
class WaveRow:
    """A wave the applicant joined, and what its draw decided."""

    title: str
    applied_at: str
    result: str
    result_label: str
    reason: str


@dataclass(frozen=True)
class PurchaseRow:
    """A training bought with the card."""

    title: str
    platform: str
    price: str
    status_label: str
    bought_at: str


@dataclass(frozen=True)
class MessageRow:
    """An email or SMS queued for the applicant, with its secret blanked out."""

    channel: str
    recipient: str
    text: str
    status_label: str
    at: str


@dataclass(frozen=True)
class ComplaintRow:
    """A complaint the applicant filed."""

    subject: str
    status_label: str
    at: str


@dataclass(frozen=True)
class CaseRow:
    """A verification case of the applicant: its flags, and the decision with its reason."""

    opened_at: str
    flags: str
    status_label: str
    reason: str


@dataclass(frozen=True)
class ApplicantRecord:
    """Everything the applicant's page shows, masked."""

    user_id: int
    name: str
    email: str
    status: str
    has_nik: bool
    has_photos: bool
    facts: list[Fact]
    steps: list[StepRow]
    waves: list[WaveRow]
    purchases: list[PurchaseRow]
    payments: list[PaymentRow]
    messages: list[MessageRow]
    complaints: list[ComplaintRow]
    cases: list[CaseRow]


def _when(moment: datetime | None) -> str:
    return wib_datetime(moment) if moment else NOT_YET


def _steps(db: Session, user_id: int) -> list[StepRow]:
    done = dict(
        db.exec(
            select(RegistrationStep.step, RegistrationStep.completed_at).where(
                RegistrationStep.user_id == user_id
            )
        ).all()
    )
    return [StepRow(STEP_LABELS[step], step in done, _when(done.get(step))) for step in Step]


def _waves(db: Session, user_id: int) -> list[WaveRow]:
    announced = outcomes.is_announced()
    found = db.connection().execute(
        sa.select(
            col(Wave.number),
            col(WaveApplication.applied_at),
            outcomes.result_expression(announced),
            outcomes.reason_expression(announced),
        )
        .select_from(outcomes.with_participants())
        .join(Wave, col(Wave.id) == WaveApplication.wave_id)
        .where(col(WaveApplication.user_id) == user_id)
        .order_by(col(Wave.number).desc())
    )
    return [
        WaveRow(
            f"Gelombang {number}",
            _when(applied_at),
            result,
            APPLICATION_RESULT_LABELS.get(result, result),
            selection_reason_label(reason),
        )
        for number, applied_at, result, reason in cast(
            list[tuple[int, datetime, str, str | None]], found.all()
        )
    ]


def _purchases(db: Session, participant_id: int) -> list[PurchaseRow]:
    found = db.exec(
        select(Purchase, Training.title, Platform.name)
        .join(Training, col(Training.id) == col(Purchase.training_id))
        .join(Platform, col(Platform.id) == col(Training.platform_id))
        .where(Purchase.participant_id == participant_id)
        .order_by(col(Purchase.bought_at).desc(), col(Purchase.id).desc())
    ).all()
    return [
        PurchaseRow(
            title,
            platform,
            rupiah(purchase.price),
            PURCHASE_STATUS_LABELS.get(purchase.status, purchase.status),
            _when(purchase.bought_at),
        )
        for purchase, title, platform in found
    ]


def _recipient(message: OutboxMessage) -> str:
    return mask_phone(message.recipient) if message.channel == Channel.SMS else message.recipient


def _messages(db: Session, recipients: list[str]) -> list[MessageRow]:
    found = db.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.recipient).in_(recipients))
        .order_by(col(OutboxMessage.id).desc())
        .limit(MESSAGES_SHOWN)
    ).all()
    return [
        MessageRow(
            "SMS" if m.channel == Channel.SMS else "Email",
            _recipient(m),
            m.subject if m.channel == Channel.EMAIL else m.body.replace(SECRET_MARK, REDACTED),
            OUTBOX_STATUS_LABELS.get(m.status, m.status),
            _when(m.created_at),
        )
        for m in found
    ]


def _complaints(db: Session, user_id: int) -> list[ComplaintRow]:
    found = db.exec(
        select(Complaint)
        .where(Complaint.user_id == user_id)
        .order_by(col(Complaint.created_at).desc())
    ).all()
    return [
        ComplaintRow(c.subject, "Selesai" if c.resolved_at else "Terbuka", _when(c.created_at))
        for c in found
    ]


def _cases(db: Session, user_id: int) -> list[CaseRow]:
    kinds: dict[int, set[str]] = defaultdict(set)
    for case_id, kind in db.exec(
        select(VerificationFlag.case_id, VerificationFlag.kind).where(
            VerificationFlag.user_id == user_id
        )
    ).all():
        kinds[case_id].add(KIND_LABELS[FlagKind(kind)])
    found = db.exec(
        select(VerificationCase)
        .where(VerificationCase.user_id == user_id)
        .order_by(col(VerificationCase.id).desc())
    ).all()
    return [
        CaseRow(
            opened_at=_when(case.opened_at),
            flags=", ".join(sorted(kinds[id_of(case)])),
            status_label=STATUS_LABELS[CaseStatus(case.status)],
            reason=case.reason or "-",
        )
        for case in found
    ]


def _status(participant: Participant | None, steps: list[StepRow]) -> str:
    if participant is not None and participant.revoked_at is not None:
        reason = REVOKE_REASON_LABELS.get(participant.revoke_reason or "", "")
        return f"Kepesertaan dicabut. {reason}".strip()
    if participant is not None:
        return "Peserta Kartu Prakerja"
    waiting = next((row.label for row in steps if not row.done), None)
    if waiting is None:
        return "Pendaftar, pendaftaran lengkap"
    return f"Pendaftar, langkah berikutnya: {waiting}"


def _masked(value: str | None) -> str:
    return mask_nik(value) if value else NOT_YET


def _label(table: dict[str, str], value: str | None) -> str:
    return table.get(value or "", NOT_YET)


def _facts(user: User, profile: ApplicantProfile, participant: Participant | None) -> list[Fact]:
    return [
        Fact("Email", user.email),
        Fact("Nama sesuai KTP", profile.full_name_ktp or NOT_YET),
        Fact("NIK", _masked(profile.nik)),
        Fact("Nomor KK", _masked(profile.kk_number)),
        Fact("Nomor HP", mask_phone(profile.phone) if profile.phone else NOT_YET),
        Fact("Jenis kelamin", _label(SEX_LABELS, profile.sex)),
        Fact("Domisili", _label(regions.REGENCIES, profile.regency_code)),
        Fact("Pendidikan", _label(EDUCATION_LABELS, profile.education)),
        Fact("Status pekerjaan", _label(EMPLOYMENT_LABELS, profile.employment_status)),
        Fact(
            "Nomor kartu",
            card_number_text(mask_nik(participant.card_number)) if participant else NOT_YET,
        ),
        Fact("Akun dibuat", _when(user.created_at)),
    ]


def applicant_record(db: Session, user_id: int) -> ApplicantRecord | None:
    """The applicant's page, masked; None when no applicant has this id (admins neither)."""
    user = db.get(User, user_id)
    if user is None or user.role != Role.APPLICANT:
        return None
    # Before step 4 there is no profile: an empty one reads as "-" everywhere.
    profile = find_profile(db, user_id) or ApplicantProfile(user_id=user_id)
    participant = db.exec(select(Participant).where(Participant.user_id == user_id)).first()
    participant_id = participant.id if participant else None
    steps = _steps(db, user_id)
    return ApplicantRecord(
        user_id=user_id,
        name=user.full_name,
        email=user.email,
        status=_status(participant, steps),
        has_nik=bool(profile.nik),
        has_photos=bool(profile.ktp_photo_key or profile.selfie_photo_key),
        facts=_facts(user, profile, participant),
        steps=steps,
        waves=_waves(db, user_id),
        purchases=_purchases(db, participant_id) if participant_id else [],
        payments=payment_rows(db, participant_id) if participant_id else [],
        messages=_messages(db, [user.email, *([profile.phone] if profile.phone else [])]),
        complaints=_complaints(db, user_id),
        cases=_cases(db, user_id),
    )
