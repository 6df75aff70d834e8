"""The payments page (/admin/pembayaran) in words: the open run and what the viewer may
do with it, the recent runs, their failed tries, the reconciliation's mismatches, the
cash ledger's check, and one participant's payments found by card number.

Account numbers are masked (the last four digits) and names of participants too; who
prepared or approved a run is named (an admin's name, or email).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from prakerja_app.models import User
from prakerja_app.services.core.errors import DomainError, refuse_fields
from prakerja_app.services.core.formatting import (
    card_number_text,
    long_date,
    number,
    rupiah,
    wib_datetime,
)
from prakerja_app.services.core.labels import (
    PAYMENT_KIND_LABELS,
    PAYMENT_STATUS_LABELS,
    PAYOUT_CHANNEL_LABELS,
    payout_failure_label,
)
from prakerja_app.services.core.masking import mask_name
from prakerja_app.services.core.vocab import AttemptStatus, RunStatus
from prakerja_app.services.money import daily_reconciliation, payment_history, runs
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.money.partner.reconciliation import Mismatch
from prakerja_app.services.money.payout_accounts import mask_number

RECENT_RUNS = 10
NONE = "-"
NO_PARTICIPANT = "Tidak ada peserta dengan nomor kartu ini."
RUN_STATUS_LABELS: dict[str, str] = {
    RunStatus.GATHERED: "Terkumpul",
    RunStatus.PREPARED: "Disiapkan",
    RunStatus.APPROVED: "Disetujui, sedang dikirim",
    RunStatus.SENT: "Terkirim",
    RunStatus.CANCELLED: "Dibatalkan",
}
ATTEMPT_STATUS_LABELS: dict[str, str] = {
    AttemptStatus.PENDING: "Menunggu dikirim",
    AttemptStatus.CREATED: "Dibuat di mitra",
    AttemptStatus.SENT: "Dikirim, menunggu hasil",
    AttemptStatus.COMPLETED: "Berhasil",
    AttemptStatus.FAILED: "Gagal",
    AttemptStatus.CANCELLED: "Dibatalkan",
}
MISMATCH_LABELS: dict[str, str] = {
    Mismatch.MISSING_AT_PARTNER: "Tidak ada di laporan mitra",
    Mismatch.MISSING_HERE: "Tidak ada di catatan kita",
    Mismatch.AMOUNT_DIFFERS: "Jumlah berbeda",
    Mismatch.STATUS_DIFFERS: "Status berbeda",
}
PARTNER_STATUS_LABELS = {"completed": "berhasil", "failed": "gagal"}
# Tries at the partner, their outcome not known yet: the page follows them.
AT_PARTNER = (AttemptStatus.CREATED, AttemptStatus.SENT)


@dataclass(frozen=True)
class StatusCount:
    """How many tries of a run are in one status."""

    label: str
    count: str


@dataclass(frozen=True)
class OpenRun:
    """The open run (id 0: none), with what its next step needs."""

    id: int = 0
    status: str = ""
    status_label: str = ""
    day: str = ""
    count: str = ""  # the tries it holds now
    total: str = ""
    declared_count: str = ""  # the maker's declaration, once prepared
    declared_total: str = ""
    prepared_by: str = ""
    prepared_at: str = ""
    gathered_at: str = ""
    by_status: list[StatusCount] = field(default_factory=list)


@dataclass(frozen=True)
class RunRow:
    """A recent run in the table."""

    id: int
    status_label: str
    day: str
    count: str
    total: str
    paid: str
    failed: str
    people: str  # who prepared and approved it, or why it was cancelled


@dataclass(frozen=True)
class FailureRow:
    """A failed try of a recent run and why."""

    run: str
    card: str
    account: str
    amount: str
    reason: str
    reference: str
    when: str


@dataclass(frozen=True)
class MismatchRow:
    """A difference between our books and the partner's daily report."""

    day: str
    reference: str
    label: str
    ours: str
    theirs: str


@dataclass(frozen=True)
class LedgerView:
    """The cash ledger's check in words."""

    sound: bool = True
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Console:
    """Everything the page shows but the participant search."""

    open_run: OpenRun
    runs: list[RunRow]
    failures: list[FailureRow]
    mismatches: list[MismatchRow]
    ledger: LedgerView
    busy: bool  # a run is on its way: the page follows it


@dataclass(frozen=True)
class TryRow:
    """One try at paying a payment."""

    run: str
    status_label: str
    account: str
    reference: str
    reason: str
    created: str
    finished: str


@dataclass(frozen=True)
class PaymentRow:
    """One payment of the participant, with its tries."""

    label: str
    amount: str
    due: str
    status_label: str
    paid: str  # when ("" until paid)
    tries: list[TryRow]


@dataclass(frozen=True)
class HistoryView:
    """A participant's payments (card "": none searched yet)."""

    card: str = ""
    name: str = ""
    revoked: bool = False
    payments: list[PaymentRow] = field(default_factory=list)


def _when(moment: datetime | None) -> str:
    return wib_datetime(moment) if moment else NONE


def _names(db: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.exec(select(User.id, User.full_name, User.email).where(col(User.id).in_(user_ids)))
    return {i: name or email for i, name, email in rows if i is not None}


def _account(channel: str, account_number: str) -> str:
    return f"{PAYOUT_CHANNEL_LABELS.get(channel, channel)} {mask_number(account_number)}"


def _reason(code: str | None) -> str:
    words = payout_failure_label(code)[0]
    return words[:1].upper() + words[1:]


def _open_run(summary: runs.RunSummary | None, names: dict[int, str]) -> OpenRun:
    if summary is None:
        return OpenRun()
    return OpenRun(
        id=summary.id,
        status=summary.status.value,
        status_label=RUN_STATUS_LABELS[summary.status],
        day=long_date(summary.business_day),
        count=number(summary.count),
        total=rupiah(summary.total),
        declared_count=number(summary.declared_count),
        declared_total=rupiah(summary.declared_total),
        prepared_by=names.get(summary.prepared_by or 0, NONE),
        prepared_at=_when(summary.prepared_at),
        gathered_at=_when(summary.gathered_at),
        by_status=[
            StatusCount(ATTEMPT_STATUS_LABELS[status], number(summary.by_status[status]))
            for status in AttemptStatus
            if summary.by_status.get(status)
        ],
    )


def _people(summary: runs.RunSummary, names: dict[int, str]) -> str:
    if summary.status == RunStatus.CANCELLED:
        return f"Alasan batal: {summary.cancel_reason or NONE}"
    done = [
        f"{step} {names[who]}"
        for step, who in (("Disiapkan", summary.prepared_by), ("disetujui", summary.approved_by))
        if who in names
    ]
    return ", ".join(done) or NONE


def _run_row(summary: runs.RunSummary, names: dict[int, str]) -> RunRow:
    return RunRow(
        id=summary.id,
        status_label=RUN_STATUS_LABELS[summary.status],
        day=long_date(summary.business_day),
        count=number(summary.count),
        total=rupiah(summary.total),
        paid=rupiah(summary.paid_total),
        failed=number(summary.by_status.get(AttemptStatus.FAILED, 0)),
        people=_people(summary, names),
    )


def _failure_row(failed: payment_history.FailedTry) -> FailureRow:
    attempt = failed.attempt
    return FailureRow(
        run=f"#{attempt.run_id}",
        card=card_number_text(failed.card_number),
        account=_account(attempt.channel, attempt.account_number),
        amount=rupiah(attempt.amount),
        reason=_reason(attempt.failure_code),
        reference=attempt.reference_no or NONE,
        when=_when(attempt.finished_at),
    )


def _side(amount: int | None, status: str | None) -> str:
    if amount is None:
        return NONE
    return f"{rupiah(amount)}, {PARTNER_STATUS_LABELS.get(status or '', status or NONE)}"


def _ledger(check: daily_reconciliation.LedgerCheck) -> LedgerView:
    if check.sound:
        return LedgerView(
            True,
            [
                f"Buku kas seimbang: dibayarkan {rupiah(check.paid_out)}, sama dengan"
                " pembayaran yang berhasil."
            ],
        )
    lines = []
    if check.unbalanced:
        lines.append("Jurnal tidak seimbang: " + ", ".join(check.unbalanced[:20]) + ".")
    if check.paid_out != check.completed:
        lines.append(
            f"Saldo dibayarkan {rupiah(check.paid_out)}, tetapi pembayaran yang berhasil"
            f" {rupiah(check.completed)}."
        )
    return LedgerView(False, lines)


def console(db: Session) -> Console:
    """The page's figures: the open run, the recent runs with their failed tries, the
    mismatches kept and the ledger's check."""
    recent = runs.recent(db, RECENT_RUNS)
    open_id = runs.open_run_id(db)
    current = next((s for s in recent if s.id == open_id), None)
    if open_id is not None and current is None:
        current = runs.summary(db, open_id)
    names = _names(
        db,
        {who for s in [*recent, current] if s for who in (s.prepared_by, s.approved_by) if who},
    )
    return Console(
        open_run=_open_run(current, names),
        runs=[_run_row(s, names) for s in recent],
        failures=[
            _failure_row(f) for f in payment_history.failed_tries(db, [s.id for s in recent])
        ],
        mismatches=[
            MismatchRow(
                day=long_date(m.day),
                reference=m.reference_no,
                label=MISMATCH_LABELS.get(m.mismatch, m.mismatch),
                ours=_side(m.our_amount, m.our_status),
                theirs=_side(m.their_amount, m.their_status),
            )
            for m in daily_reconciliation.mismatches(db)
        ],
        ledger=_ledger(daily_reconciliation.ledger_check(db)),
        busy=any(s.by_status.get(status) for s in recent for status in AT_PARTNER)
        or (current is not None and current.status == RunStatus.APPROVED),
    )


def gathered_notice(run: OpenRun) -> str:
    """What gathering by hand did, as the open run now shows it."""
    if not run.id:
        return "Tidak ada pembayaran yang jatuh tempo."
    if run.status != RunStatus.GATHERED:
        return (
            f"Putaran #{run.id} sudah {run.status_label.lower()}; pembayaran yang jatuh tempo"
            " masuk putaran berikutnya."
        )
    return f"Putaran #{run.id} kini berisi {run.count} pembayaran, total {run.total}."


def history(db: Session, card_number: str) -> HistoryView | None:
    """The payments of the participant holding the card (16 digits), each with its
    tries; None when no participant holds it."""
    found = payment_history.of_card(db, card_number)
    if found is None:
        return None
    return HistoryView(
        card=card_number_text(found.card_number),
        name=mask_name(found.full_name),
        revoked=found.revoked,
        payments=[
            PaymentRow(
                label=f"{PAYMENT_KIND_LABELS[p.kind]} ke-{p.sequence}",
                amount=rupiah(p.amount),
                due=long_date(p.due_on),
                status_label=PAYMENT_STATUS_LABELS[p.status],
                paid=wib_datetime(p.paid_at) if p.paid_at else "",
                tries=[
                    TryRow(
                        run=f"Putaran #{t.run_id}, percobaan ke-{t.number}",
                        status_label=ATTEMPT_STATUS_LABELS[t.status],
                        account=_account(t.channel, t.account_number),
                        reference=t.reference_no or NONE,
                        reason=_reason(t.failure_code) if t.status == AttemptStatus.FAILED else "",
                        created=_when(t.created_at),
                        finished=_when(t.finished_at),
                    )
                    for t in p.tries
                ],
            )
            for p in found.payments
        ],
    )


def _whole_number(text: str) -> int | None:
    """A count or rupiah amount as people type it ("1.200.000", "Rp 1.200.000")."""
    cleaned = re.sub(r"[.\s]", "", re.sub(r"^\s*rp\.?", "", text, flags=re.IGNORECASE))
    return int(cleaned) if re.fullmatch(r"[0-9]{1,15}", cleaned) else None


def declared(count_text: str, total_text: str) -> tuple[int, int]:
    """The count and total an admin typed.

    Raises:
        FormErrors: ``run_declared_invalid`` next to each field that is no whole number.
    """
    count, total = _whole_number(count_text), _whole_number(total_text)
    if count is None or total is None:
        wrong = {"count": count, "total": total}
        raise refuse_fields(
            **{
                name: DomainError(MoneyError.RUN_DECLARED_INVALID)
                for name, value in wrong.items()
                if value is None
            }
        )
    return count, total


def changed_field(error: DomainError, typed_count: int) -> str:
    """Where a ``run_changed`` refusal belongs: next to the count when the count typed
    is not the run's, else next to the total."""
    return "count" if error.details.get("count") != typed_count else "total"
