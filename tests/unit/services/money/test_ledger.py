import threading

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select

from prakerja_app.models import LedgerEntry
from prakerja_app.services.core import program
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import LedgerKind
from prakerja_app.services.money import ledger
from tests import factories


def _grant(db, participant, now):
    ledger.post(
        db,
        participant_id=participant.id,
        amount=program.TRAINING_BALANCE,
        kind=LedgerKind.GRANT,
        idempotency_key=f"grant:{participant.id}",
        now=now,
    )
    db.commit()


def _spend(db, participant, amount, key, now):
    return ledger.post(
        db,
        participant_id=participant.id,
        amount=-amount,
        kind=LedgerKind.PURCHASE,
        idempotency_key=key,
        now=now,
    )


def test_balance_is_the_sum_of_the_entries(db, now):
    someone = factories.participant(db, now)
    assert ledger.balance(db, someone.id) == 0
    _grant(db, someone, now)
    _spend(db, someone, 250_000, "buy:1", now)
    _spend(db, someone, 24_000, "buy:2", now)
    db.commit()
    assert ledger.balance(db, someone.id) == 726_000
    assert [e.amount for e in ledger.history(db, someone.id)] == [1_000_000, -250_000, -24_000]


def test_a_repeated_request_books_once(db, now):
    someone = factories.participant(db, now)
    _grant(db, someone, now)
    _grant(db, someone, now)
    first = _spend(db, someone, 100_000, "buy:42", now)
    again = _spend(db, someone, 100_000, "buy:42", now)
    db.commit()
    assert first.id == again.id
    assert ledger.balance(db, someone.id) == 900_000


def test_the_balance_never_goes_below_zero(db, now):
    someone = factories.participant(db, now)
    _grant(db, someone, now)
    _spend(db, someone, 1_000_000, "buy:all", now)
    db.commit()
    with pytest.raises(DomainError) as refused:
        _spend(db, someone, 24_000, "buy:more", now)
    assert refused.value.code == "insufficient_balance"
    db.rollback()
    assert ledger.balance(db, someone.id) == 0


@pytest.mark.parametrize("amount", [0, 1.5, True])
def test_amounts_are_nonzero_integers(db, now, amount):
    someone = factories.participant(db, now)
    with pytest.raises(DomainError):
        ledger.post(
            db,
            participant_id=someone.id,
            amount=amount,
            kind=LedgerKind.GRANT,
            idempotency_key="x",
            now=now,
        )


def test_unknown_participant(db, now):
    with pytest.raises(DomainError):
        ledger.post(
            db,
            participant_id=999,
            amount=-1,
            kind=LedgerKind.PURCHASE,
            idempotency_key="x",
            now=now,
        )


def test_concurrent_debits_never_overspend(engine, db, now):
    """Two connections each try to spend 600.000 of 1.000.000 at the same moment."""
    someone = factories.participant(db, now)
    _grant(db, someone, now)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def spend(key: str) -> None:
        with Session(engine) as own:
            start.wait()
            try:
                _spend(own, someone, 600_000, key, now)
                own.commit()
                outcomes.append("ok")
            except (DomainError, OperationalError):
                own.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=spend, args=(f"buy:{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert ledger.balance(db, someone.id) == 400_000
    entries = db.exec(select(func.count()).select_from(LedgerEntry)).one()
    assert entries == 2
