"""What the dashboard (/dasbor) shows an applicant or participant, and the next step.

One call gathers everything for the page, already in the words the page shows; nothing
here changes data. The next step (the banner) is decided from statuses, never from text.
"""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.models import (
    Participant,
    User,
    Wave,
    id_of,
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
    REVOKE_REASON_LABELS,
    selection_reason_label,
)
from prakerja_app.services.core.vocab import (
    ApplicationResult,
    PaymentKind,
    PaymentStatus,
    PurchaseStatus,
)
from prakerja_app.services.money import ledger
from prakerja_app.services.registration import steps
from prakerja_app.services.selection import participants, waves
from prakerja_app.services.verification import decisions
from prakerja_app.services.views import payments, trainings
from prakerja_app.services.views.payments import PaymentRow, SurveyRow
from prakerja_app.services.views.trainings import TrainingRow

UNFINISHED, NO_WAVE, PARTICIPANT, REVOKED = "unfinished", "no_wave", "participant", "revoked"
REJECTED = "rejected"  # a verifier rejected the applicant's data


@dataclass(frozen=True)
class LedgerRow:
    """One balance movement."""

    date_label: str
    label: str
    amount_label: str


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
    incentives: list[PaymentRow]  # the four instalments (a survey's payment is on its row)
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
    rows = view.trainings
    if not rows:
        return Banner(
            "Beli pelatihan pertama Anda",
            f"Batas waktu {view.deadline_label} ({view.days_left} hari lagi). Jika tidak ada"
            " pembelian sampai batas itu, kepesertaan dicabut dan saldo kembali ke negara.",
            "Lihat katalog pelatihan",
            routes.CATALOGUE,
        )
    for row in rows:
        if row.can_review:
            return Banner(
                "Beri rating dan ulasan",
                f"Ulas pelatihan \u201c{row.title}\u201d agar insentif Anda dapat dijadwalkan.",
            )
    for row in rows:
        if row.status in (PurchaseStatus.BOUGHT, PurchaseStatus.REDEEMED):
            return Banner("Ikuti pelatihan Anda", f"{row.title}: {row.next_action}")
    failed = [p for p in view.incentives if p.status == PaymentStatus.FAILED]
    if failed:
        return Banner(
            f"{failed[0].kind_label} gagal dibayar",
            f"{failed[0].detail}. {failed[0].todo}",
        )
    for survey in view.surveys:
        if survey.href:
            return Banner(
                f"Isi {survey.title}",
                f"{survey.dates_label}. Setelah jawaban dikirim, insentif survei"
                f" {survey.amount_label} dibayarkan pada pembayaran berikutnya.",
                "Isi survei",
                survey.href,
            )
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
    participant_id = id_of(participant)
    deadline = participant.first_purchase_deadline
    return ParticipantView(
        card_number=card_number_text(participant.card_number),
        holder=user.full_name,
        wave_label=f"Gelombang {wave.number}",
        card_qr=qr.svg_data_uri(participant.card_number),
        balance_label=rupiah(ledger.balance(db, participant_id)),
        deadline_label=wib_datetime(deadline),
        days_left=max(0, (jakarta_today(deadline) - jakarta_today(now)).days),
        ledger=_ledger_rows(db, participant_id),
        trainings=trainings.training_rows(db, participant_id),
        incentives=[
            row
            for row in payments.payment_rows(db, participant_id)
            if row.kind == PaymentKind.INCENTIVE
        ],
        surveys=payments.survey_rows(db, participant_id, now),
    )


def overview(db: Session, *, user_id: int, now: datetime) -> Overview:
    """Everything the dashboard shows this applicant, at the program's time `now`.

    A verifier's rejection comes first, with its reason, at whatever step the applicant
    is (unless they already hold a card): nothing else they do leads anywhere.
    """
    participant = participants.participant_of(db, user_id)
    rejection = decisions.rejection_of(db, user_id) if participant is None else None
    if rejection is not None:
        return Overview(
            REJECTED,
            Banner(
                "Data Anda tidak lolos verifikasi",
                f"Alasan dari verifikator: {rejection.rstrip('.!?')}. Anda tidak diikutkan"
                " dalam seleksi gelombang.",
            ),
            reason=rejection,
        )
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
                f"Anda sudah terdaftar di {wave_label}; tidak perlu mendaftar lagi."
                f" Pendaftaran ditutup {closes}. Hasil seleksi diumumkan melalui email, SMS,"
                " dan dasbor ini.",
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
        next_wave_id=id_of(open_waves[0]) if can_rejoin else 0,
        next_wave_label=f"Gelombang {open_waves[0].number}" if can_rejoin else "",
    )
