"""What the dashboard (/dasbor) shows an applicant or participant, and the next step.

One call gathers everything for the page, already in the words the page shows; nothing
here changes data. The next step (the banner) is decided from statuses, never from text.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from prakerja_app import routes
from prakerja_app.models import (
    Certificate,
    Participant,
    Payment,
    Platform,
    Purchase,
    Review,
    Training,
    TrainingProvider,
    User,
    Wave,
)
from prakerja_app.services.core import qr
from prakerja_app.services.core.formatting import (
    card_number_text,
    jakarta_today,
    long_date,
    rupiah,
    wib_datetime,
)
from prakerja_app.services.core.labels import (
    LEDGER_KIND_LABELS,
    PAYMENT_KIND_LABELS,
    PAYMENT_STATUS_LABELS,
    PURCHASE_STATUS_LABELS,
    REVOKE_REASON_LABELS,
    SURVEY_STATUS_LABELS,
    selection_reason_label,
)
from prakerja_app.services.core.vocab import (
    ApplicationResult,
    PaymentKind,
    PaymentStatus,
    PurchaseStatus,
    SurveyStatus,
)
from prakerja_app.services.marketplace import certificates
from prakerja_app.services.money import incentives, ledger
from prakerja_app.services.registration import steps
from prakerja_app.services.selection import participants, waves

UNFINISHED, NO_WAVE, PARTICIPANT, REVOKED = "unfinished", "no_wave", "participant", "revoked"


@dataclass(frozen=True)
class LedgerRow:
    """One balance movement."""

    date_label: str
    label: str
    amount_label: str


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


@dataclass(frozen=True)
class Banner:
    """The next thing to do, with its deadline if it has one."""

    title: str
    text: str
    link_label: str = ""
    href: str = ""


@dataclass(frozen=True)
class ParticipantView:
    """The participant's card, balance, trainings and payments."""

    card_number: str
    holder: str
    wave_label: str
    card_qr: str
    balance_label: str
    deadline_label: str
    days_left: int
    ledger: list[LedgerRow]
    trainings: list[TrainingRow]
    incentives: list[PaymentRow]
    surveys: list[SurveyRow]


@dataclass(frozen=True)
class Overview:
    """The dashboard: where the applicant stands and what comes next."""

    status: str
    banner: Banner
    wave_label: str = ""
    closes_label: str = ""
    reason: str = ""
    next_wave_id: int = 0
    next_wave_label: str = ""
    participant: ParticipantView | None = field(default=None)


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
    rows = db.exec(
        select(
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


def _ledger_rows(db: Session, participant_id: int) -> list[LedgerRow]:
    return [
        LedgerRow(
            long_date(jakarta_today(entry.created_at)),
            LEDGER_KIND_LABELS.get(entry.kind, entry.kind),
            ("+" if entry.amount > 0 else "-") + rupiah(abs(entry.amount)),
        )
        for entry in ledger.history(db, participant_id)
    ]


def _banner(view: ParticipantView) -> Banner:
    trainings = view.trainings
    if not trainings:
        return Banner(
            "Beli pelatihan pertama Anda",
            f"Batas waktu {view.deadline_label} ({view.days_left} hari lagi). Jika tidak ada"
            " pembelian sampai batas itu, kepesertaan dicabut dan saldo kembali ke negara.",
            "Lihat katalog pelatihan",
            routes.CATALOGUE,
        )
    for row in trainings:
        if row.can_review:
            return Banner(
                "Beri rating dan ulasan",
                f"Ulas pelatihan \u201c{row.title}\u201d agar insentif Anda dapat dijadwalkan.",
            )
    for row in trainings:
        if row.status in (PurchaseStatus.BOUGHT, PurchaseStatus.REDEEMED):
            return Banner("Ikuti pelatihan Anda", f"{row.title}: {row.next_action}")
    scheduled = [p for p in view.incentives if p.status == PaymentStatus.SCHEDULED]
    if scheduled:
        return Banner(
            "Insentif sudah dijadwalkan",
            f"Insentif ke-{scheduled[0].sequence} sebesar {scheduled[0].amount_label}"
            f" dijadwalkan {scheduled[0].due_label}.",
        )
    return Banner("Semua langkah selesai", "Terima kasih telah mengikuti Kartu Prakerja.")


def _participant_view(db: Session, participant: Participant, now: datetime) -> ParticipantView:
    user = db.get_one(User, participant.user_id)
    wave = db.get_one(Wave, participant.wave_id)
    deadline = participant.first_purchase_deadline
    return ParticipantView(
        card_number=card_number_text(participant.card_number),
        holder=user.full_name,
        wave_label=f"Gelombang {wave.number}",
        card_qr=qr.svg_data_uri(participant.card_number),
        balance_label=rupiah(ledger.balance(db, participant.id)),
        deadline_label=wib_datetime(deadline),
        days_left=max(0, (jakarta_today(deadline) - jakarta_today(now)).days),
        ledger=_ledger_rows(db, participant.id),
        trainings=training_rows(db, participant.id),
        incentives=payment_rows(db, participant.id),
        surveys=survey_rows(db, participant.id),
    )


def overview(db: Session, *, user_id: int, now: datetime) -> Overview:
    """Everything the dashboard shows this applicant, at the program's time `now`."""
    if steps.current_step(db, user_id) is not None:
        return Overview(
            UNFINISHED,
            Banner(
                "Lanjutkan pendaftaran",
                "Pendaftaran Anda belum selesai.",
                "Lanjutkan",
                routes.REGISTER,
            ),
        )
    participant = participants.participant_of(db, user_id)
    if participant is not None and participant.revoked_at is not None:
        reason = REVOKE_REASON_LABELS.get(participant.revoke_reason or "", "")
        return Overview(REVOKED, Banner("Kepesertaan dicabut", reason), reason=reason)
    if participant is not None:
        view = _participant_view(db, participant, now)
        return Overview(PARTICIPANT, _banner(view), participant=view)
    application = waves.latest_application(db, user_id)
    if application is None:
        return Overview(
            NO_WAVE, Banner("Belum bergabung", "Anda belum bergabung dengan gelombang.")
        )
    wave_label = f"Gelombang {application.wave_number}"
    closes = wib_datetime(application.closes_at)
    if application.result == ApplicationResult.PENDING:
        return Overview(
            application.result,
            Banner(
                "Menunggu hasil seleksi",
                f"Pendaftaran {wave_label} ditutup {closes}. Hasil seleksi diumumkan melalui"
                " email, SMS, dan dasbor ini.",
            ),
            wave_label=wave_label,
            closes_label=closes,
        )
    reason = selection_reason_label(application.reason_code)
    open_waves = waves.joinable_waves(db, user_id=user_id, now=now)
    can_rejoin = application.result == ApplicationResult.NOT_SELECTED and open_waves
    return Overview(
        application.result,
        Banner(f"Belum terpilih di {wave_label}", reason),
        wave_label=wave_label,
        closes_label=closes,
        reason=reason,
        next_wave_id=open_waves[0].id if can_rejoin else 0,
        next_wave_label=f"Gelombang {open_waves[0].number}" if can_rejoin else "",
    )
