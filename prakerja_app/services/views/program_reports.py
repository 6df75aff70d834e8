"""The reports page's figures: a wave's funnel (overall and by province), purchases and
completions by platform, and payments by status. Aggregates only: no row names a person,
so every admin role may see and export them.

The registration stages count every account that reached them before the wave closed
(registration is not tied to a wave until "Gabung"); the later stages count the wave's
own applicants and participants.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import (
    ApplicantProfile,
    Participant,
    Payment,
    Platform,
    Purchase,
    RegistrationStep,
    Review,
    Training,
    Wave,
    WaveApplication,
)
from prakerja_app.services.core.labels import PAYMENT_KIND_LABELS, PAYMENT_STATUS_LABELS
from prakerja_app.services.core.vocab import PaymentStatus, PurchaseStatus
from prakerja_app.services.registration.regions import PROVINCES
from prakerja_app.services.registration.steps import Step

# The funnel's stages, in order: (key, label).
STAGES = (
    (Step.ACCOUNT, "Mendaftar"),
    (Step.EMAIL, "Email terkonfirmasi"),
    (Step.IDENTITY, "NIK"),
    (Step.PERSONAL, "Data diri"),
    (Step.PHONE, "Nomor HP"),
    (Step.TEST, "Tes motivasi"),
    ("joined", "Gabung gelombang"),
    ("selected", "Lolos seleksi"),
    ("bought", "Membeli pelatihan"),
    ("completed", "Menyelesaikan pelatihan"),
    ("reviewed", "Memberi ulasan"),
    ("paid", "Menerima insentif"),
)
_REGISTRATION = [step for step, _ in STAGES[:6]]
_NOT_BOUGHT = (PurchaseStatus.REFUNDED,)


@dataclass
class FunnelStage:
    """One stage of the funnel: how many reached it, and the share of the first stage."""

    stage: str
    count: int
    percent: float


@dataclass
class ProvinceRow:
    """A province's figures for one wave."""

    province: str
    joined: int
    selected: int
    bought: int
    completed: int
    paid: int


@dataclass
class PlatformRow:
    """Purchases and completions on one platform."""

    platform: str
    purchases: int
    completions: int


@dataclass
class PaymentRow:
    """Payments of one kind and status: how many and how much (rupiah)."""

    kind: str
    status: str
    count: int
    amount: int


def wave_numbers(db: Session) -> list[int]:
    """The numbers of the waves that have opened, newest first."""
    return list(db.exec(select(Wave.number).order_by(col(Wave.number).desc())))


def _wave(db: Session, number: int) -> Wave | None:
    return db.exec(select(Wave).where(Wave.number == number)).first()


def _count(db: Session, query: sa.Select) -> int:
    return int(db.execute(query).scalar_one())


def _reached(wave: Wave) -> dict[str, tuple[type, sa.ColumnElement[bool]]]:
    """For each stage after the draw: the table a participant needs a row in, and which."""
    theirs = col(Purchase.participant_id) == Participant.id
    return {
        "bought": (Purchase, theirs & col(Purchase.status).not_in(_NOT_BOUGHT)),
        "completed": (Purchase, theirs & col(Purchase.completed_at).is_not(None)),
        "reviewed": (Review, theirs & (col(Review.purchase_id) == Purchase.id)),
        "paid": (
            Payment,
            (col(Payment.participant_id) == Participant.id)
            & (col(Payment.status) == PaymentStatus.PAID),
        ),
    }


def _participants_reaching(wave: Wave, stage: str, *columns) -> sa.Select:
    """The wave's participants with a row of the stage (reviews through their purchase)."""
    table, condition = _reached(wave)[stage]
    query = sa.select(*columns, func.count(func.distinct(Participant.id))).select_from(Participant)
    if table is Review:
        query = query.join(Purchase, col(Purchase.participant_id) == Participant.id)
    return query.join(table, condition).where(col(Participant.wave_id) == wave.id)


def _counts(db: Session, wave: Wave, now: datetime) -> dict[str, int]:
    until = min(wave.closes_at, now)
    steps = dict(
        db.exec(
            select(RegistrationStep.step, func.count())
            .where(
                col(RegistrationStep.step).in_(_REGISTRATION),
                RegistrationStep.completed_at < until,
            )
            .group_by(RegistrationStep.step)
        ).all()
    )
    joined = select(func.count()).where(WaveApplication.wave_id == wave.id)
    return {
        **{step: int(steps.get(step, 0)) for step in _REGISTRATION},
        "joined": _count(db, joined),
        "selected": _count(db, select(func.count()).where(Participant.wave_id == wave.id)),
        **{stage: _count(db, _participants_reaching(wave, stage)) for stage in _reached(wave)},
    }


def funnel(db: Session, wave_number: int, now: datetime) -> list[FunnelStage]:
    """A wave's funnel, stage by stage (empty for an unknown wave)."""
    wave = _wave(db, wave_number)
    if wave is None:
        return []
    counts = _counts(db, wave, now)
    first = counts[Step.ACCOUNT] or 1
    return [
        FunnelStage(label, counts[key], round(100 * counts[key] / first, 1))
        for key, label in STAGES
    ]


def by_province(db: Session, wave_number: int) -> list[ProvinceRow]:
    """A wave's applicants by province of domicile, most applicants first."""
    wave = _wave(db, wave_number)
    if wave is None:
        return []
    province = ApplicantProfile.province_code
    joined = dict(
        db.exec(
            select(province, func.count())
            .select_from(WaveApplication)
            .join(ApplicantProfile, col(ApplicantProfile.user_id) == WaveApplication.user_id)
            .where(WaveApplication.wave_id == wave.id)
            .group_by(province)
        ).all()
    )
    of_profile = col(ApplicantProfile.user_id) == Participant.user_id
    later = {
        "selected": select(province, func.count())
        .select_from(Participant)
        .where(Participant.wave_id == wave.id),
        **{
            stage: _participants_reaching(wave, stage, province)
            for stage in ("bought", "completed", "paid")
        },
    }
    counts = {
        stage: dict(db.execute(query.join(ApplicantProfile, of_profile).group_by(province)).all())
        for stage, query in later.items()
    }
    rows = [
        ProvinceRow(
            PROVINCES.get(code or "", "Tidak diketahui"),
            joined[code],
            *(int(counts[stage].get(code, 0)) for stage in later),
        )
        for code in joined
    ]
    return sorted(rows, key=lambda row: (-row.joined, row.province))


def by_platform(db: Session) -> list[PlatformRow]:
    """Purchases (refunds aside) and completions on each platform, by name."""
    found = db.exec(
        select(
            Platform.name,
            func.count(col(Purchase.id)).filter(col(Purchase.status).not_in(_NOT_BOUGHT)),
            func.count(col(Purchase.id)).filter(col(Purchase.completed_at).is_not(None)),
        )
        .select_from(Platform)
        .join(Training, col(Training.platform_id) == Platform.id, isouter=True)
        .join(Purchase, col(Purchase.training_id) == Training.id, isouter=True)
        .group_by(Platform.name)
        .order_by(Platform.name)
    ).all()
    return [PlatformRow(name, int(bought), int(done)) for name, bought, done in found]


def payments_by_status(db: Session) -> list[PaymentRow]:
    """Payments by kind and status, with their sums."""
    found = db.exec(
        select(
            Payment.kind, Payment.status, func.count(), func.coalesce(func.sum(Payment.amount), 0)
        )
        .group_by(Payment.kind, Payment.status)
        .order_by(Payment.kind, Payment.status)
    ).all()
    return [
        PaymentRow(
            PAYMENT_KIND_LABELS.get(kind, kind),
            PAYMENT_STATUS_LABELS.get(status, status),
            int(count),
            int(amount),
        )
        for kind, status, count, amount in found
    ]
