"""What finance looks up about payments, as facts: one participant's payments with every
try at paying them, and the failed tries of recent runs with their reason.

Account numbers are given whole, for the view to mask; nothing here is shown as is.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from prakerja_app.models import Participant, PayoutAccount, PayoutAttempt, User
from prakerja_app.services.core.vocab import AttemptStatus, PaymentKind, PaymentStatus
from prakerja_app.services.money import incentives


@dataclass(frozen=True)
class Try:
    """One try at paying a payment, in a run."""

    run_id: int
    number: int
    status: AttemptStatus
    amount: int
    channel: str  # a `PayoutChannel` value
    account_number: str
    reference_no: str | None
    failure_code: str | None
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class PaymentFacts:
    """One instalment or survey payment and its tries, the first first."""

    kind: PaymentKind
    sequence: int
    amount: int
    due_on: date
    status: PaymentStatus
    paid_at: datetime | None
    tries: list[Try]


@dataclass(frozen=True)
class History:
    """A participant's payments, found by card number."""

    card_number: str
    full_name: str
    revoked: bool
    payments: list[PaymentFacts]


@dataclass(frozen=True)
class FailedTry:
    """A failed try, with the card it was for."""

    card_number: str
    attempt: Try


def _try(attempt: PayoutAttempt, account: PayoutAccount) -> Try:
    return Try(
        run_id=attempt.run_id,
        number=attempt.number,
        status=AttemptStatus(attempt.status),
        amount=attempt.amount,
        channel=account.provider,
        account_number=account.account_number,
        reference_no=attempt.reference_no,
        failure_code=attempt.failure_code,
        created_at=attempt.created_at,
        finished_at=attempt.finished_at,
    )


def of_card(db: Session, card_number: str) -> History | None:
    """The payments of the participant holding `card_number` (16 digits, as stored),
    incentives first, each with its tries; None when no participant holds it."""
    found = db.exec(
        select(Participant, User.full_name)
        .join(User, col(User.id) == Participant.user_id)
        .where(Participant.card_number == card_number)
    ).first()
    if found is None:
        return None
    participant, full_name = found
    payments = incentives.payments_of(db, participant.id or 0)
    tries: dict[int, list[Try]] = defaultdict(list)
    rows = db.exec(
        select(PayoutAttempt, PayoutAccount)
        .join(PayoutAccount, col(PayoutAccount.id) == PayoutAttempt.payout_account_id)
        .where(col(PayoutAttempt.payment_id).in_([p.id for p in payments]))
        .order_by(col(PayoutAttempt.id))
    )
    for attempt, account in rows:
        tries[attempt.payment_id].append(_try(attempt, account))
    return History(
        card_number=participant.card_number,
        full_name=full_name,
        revoked=participant.revoked_at is not None,
        payments=[
            PaymentFacts(
                kind=PaymentKind(p.kind),
                sequence=p.sequence,
                amount=p.amount,
                due_on=p.due_on,
                status=PaymentStatus(p.status),
                paid_at=p.paid_at,
                tries=tries[p.id or 0],
            )
            for p in payments
        ],
    )


def failed_tries(db: Session, run_ids: list[int], limit: int = 100) -> list[FailedTry]:
    """The failed tries of these runs, the latest first, at most `limit`."""
    rows = db.exec(
        select(PayoutAttempt, PayoutAccount, Participant.card_number)
        .join(PayoutAccount, col(PayoutAccount.id) == PayoutAttempt.payout_account_id)
        .join(Participant, col(Participant.id) == PayoutAccount.participant_id)
        .where(col(PayoutAttempt.run_id).in_(run_ids))
        .where(PayoutAttempt.status == AttemptStatus.FAILED)
        .order_by(col(PayoutAttempt.id).desc())
        .limit(limit)
    ).all()
    return [FailedTry(card, _try(attempt, account)) for attempt, account, card in rows]
