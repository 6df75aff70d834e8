"""The cash ledger of the incentives and survey payments, by double entry.

Three kinds of account, in integer rupiah:

- ``pool``: the program's incentive pool; it goes below zero by what the program has
  promised;
- ``owed:<participant id>``: what the program owes one participant;
- ``paid_out``: what has left for the participants' accounts.

Every event of a payment's life is one journal, named after the payment's idempotency
key, whose legs sum to zero: scheduling moves the amount from the pool to what is owed
(`owe`); a completed payout moves it from what is owed to what was paid out (`pay_out`,
named after the try's key), and a payout the bank sends back moves it back
(`take_back`). A journal is written once (its legs in one INSERT; the unique key
(journal, account) makes a second try a no-op), and the ledger is append-only. On
PostgreSQL a journal that does not balance cannot commit (`models.CASH_LEDGER_RULES`);
`unbalanced` is the reconciliation check on either database.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from prakerja_app.models import CashEntry, Payment, id_of
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.sql import table_of
from prakerja_app.services.money.errors import MoneyError

POOL = "pool"
PAID_OUT = "paid_out"


def owed_account(participant_id: int) -> str:
    """The account of what the program owes this participant."""
    return f"owed:{participant_id}"


@dataclass(frozen=True)
class Leg:
    """Money into `account` (positive) or out of it (negative)."""

    account: str
    amount: int


def post(
    db: Session,
    journal: str,
    legs: Sequence[Leg],
    now: datetime,
    payment_id: int | None = None,
) -> bool:
    """Write a journal's legs in the caller's transaction, once; whether it was new.

    Raises:
        DomainError: ``cash_journal_unbalanced`` unless the legs sum to zero, two or
            more of them, none zero and no account twice.
    """
    accounts = [leg.account for leg in legs]
    if (
        len(legs) < 2
        or sum(leg.amount for leg in legs) != 0
        or any(leg.amount == 0 for leg in legs)
        or len(set(accounts)) != len(accounts)
    ):
        raise DomainError(MoneyError.CASH_JOURNAL_UNBALANCED, journal=journal)
    rows = [
        {
            "journal": journal,
            "account": leg.account,
            "amount": leg.amount,
            "payment_id": payment_id,
            "created_at": now,
        }
        for leg in legs
    ]
    written = db.exec(_insert_once(db).values(rows).returning(table_of(CashEntry).c.id)).all()
    return bool(written)


def _insert_once(db: Session) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that skips a journal already written (its (journal, account) key)."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table_of(CashEntry))
    return statement.on_conflict_do_nothing(index_elements=["journal", "account"])


def owe(db: Session, payment: Payment, now: datetime) -> bool:
    """A scheduled payment: its amount moves from the pool to what the participant is
    owed; once per payment (the journal ``owed:<idempotency key>``)."""
    return post(
        db,
        f"owed:{payment.idempotency_key}",
        [Leg(POOL, -payment.amount), Leg(owed_account(payment.participant_id), payment.amount)],
        now,
        payment_id=id_of(payment),
    )


def pay_out(db: Session, payment: Payment, attempt_key: str, now: datetime) -> bool:
    """A completed payout: what is owed moves to what was paid out; once per try."""
    return post(
        db,
        f"paid:{attempt_key}",
        [Leg(owed_account(payment.participant_id), -payment.amount), Leg(PAID_OUT, payment.amount)],
        now,
        payment_id=id_of(payment),
    )


def take_back(db: Session, payment: Payment, attempt_key: str, now: datetime) -> bool:
    """A completed payout the bank sent back: the amount is owed again; once per try."""
    return post(
        db,
        f"returned:{attempt_key}",
        [Leg(PAID_OUT, -payment.amount), Leg(owed_account(payment.participant_id), payment.amount)],
        now,
        payment_id=id_of(payment),
    )


def balance(db: Session, account: str) -> int:
    """An account's balance: the sum of its legs."""
    total = db.exec(
        select(func.coalesce(func.sum(CashEntry.amount), 0)).where(CashEntry.account == account)
    ).one()
    return int(total)


def unbalanced(db: Session) -> list[str]:
    """The journals whose legs do not sum to zero (none, while the ledger is sound)."""
    return list(
        db.exec(
            select(CashEntry.journal)
            .group_by(col(CashEntry.journal))
            .having(func.sum(CashEntry.amount) != 0)
            .order_by(col(CashEntry.journal))
        ).all()
    )


def total(db: Session) -> int:
    """The sum of every leg: zero, while every journal balances."""
    return int(db.exec(select(func.coalesce(func.sum(CashEntry.amount), 0))).one())
