"""What the dashboard (/dasbor) shows an applicant or participant, and the next step.

One call gathers everything for the page, already formatted in Indonesian; nothing here
changes data.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.models import LedgerEntry, Participant, User, Wave
from prakerja_app.services.core import qr
from prakerja_app.services.core.formatting import jakarta_today, long_date, rupiah, wib_datetime
from prakerja_app.services.core.vocab import (
    LEDGER_KIND_LABELS,
    REVOKE_REASON_LABELS,
    ApplicationResult,
    PurchaseStatus,
    selection_reason_label,
)
from prakerja_app.services.marketplace import certificates, purchases
from prakerja_app.services.money import incentives, ledger
from prakerja_app.services.money.incentives import PaymentRow, SurveyRow
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
    status_label: str
    next_action: str
    can_review: bool
    certificate_number: str = ""
    certificate_url: str = ""
    certificate_qr: str = ""


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


def _training_row(row: purchases.PurchaseRow, db: Session) -> TrainingRow:
    certificate = certificates.certificate_of(db, row.purchase_id) if row.has_certificate else None
    next_action = {
        PurchaseStatus.BOUGHT: f"Tukarkan kode voucher di {row.platform} untuk memulai.",
        PurchaseStatus.REDEEMED: f"Sedang berlangsung. Selesaikan pelatihan di {row.platform}.",
        PurchaseStatus.COMPLETED: "Beri rating dan ulasan." if not row.has_review else "Selesai.",
    }.get(row.status, row.status_label)
    extra = {}
    if certificate is not None:
        extra = {
            "certificate_number": certificate.number,
            "certificate_url": certificates.verification_url(certificate.verification_code),
            "certificate_qr": certificates.qr_data_uri(certificate.verification_code),
        }
    return TrainingRow(
        purchase_id=row.purchase_id,
        title=row.training_title,
        platform=row.platform,
        provider=row.provider,
        price_label=row.price_label,
        voucher_code=row.voucher_code,
        status_label=row.status_label,
        next_action=next_action,
        can_review=row.status == PurchaseStatus.COMPLETED and not row.has_review,
        **extra,
    )


def _ledger_rows(db: Session, participant_id: int) -> list[LedgerRow]:
    entries: list[LedgerEntry] = ledger.history(db, participant_id)
    return [
        LedgerRow(
            long_date(jakarta_today(entry.created_at)),
            LEDGER_KIND_LABELS.get(entry.kind, entry.kind),
            ("+" if entry.amount > 0 else "-") + rupiah(abs(entry.amount)),
        )
        for entry in entries
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
        if row.next_action.startswith(("Tukarkan", "Sedang")):
            return Banner("Ikuti pelatihan Anda", f"{row.title}: {row.next_action}")
    scheduled = [p for p in view.incentives if p.status == "scheduled"]
    if scheduled:
        return Banner(
            "Insentif sudah dijadwalkan",
            f"Insentif ke-{scheduled[0].sequence} sebesar {scheduled[0].amount_label}"
            f" dijadwalkan {scheduled[0].due_label}.",
        )
    return Banner("Semua langkah selesai", "Terima kasih telah mengikuti Kartu Prakerja.")


def _participant_view(db: Session, participant: Participant, now: datetime) -> ParticipantView:
    user = db.get(User, participant.user_id)
    wave = db.get(Wave, participant.wave_id)
    rows = [_training_row(r, db) for r in purchases.purchases_of(db, participant.id)]
    deadline = participant.first_purchase_deadline
    return ParticipantView(
        card_number=participants.format_card_number(participant.card_number),
        holder=user.full_name,
        wave_label=f"Gelombang {wave.number}",
        card_qr=qr.svg_data_uri(participant.card_number),
        balance_label=rupiah(ledger.balance(db, participant.id)),
        deadline_label=wib_datetime(deadline),
        days_left=max(0, (jakarta_today(deadline) - jakarta_today(now)).days),
        ledger=_ledger_rows(db, participant.id),
        trainings=rows,
        incentives=incentives.schedule_view(db, participant.id),
        surveys=incentives.surveys_view(db, participant.id),
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
        reason = REVOKE_REASON_LABELS.get(participant.revoke_reason, "")
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
