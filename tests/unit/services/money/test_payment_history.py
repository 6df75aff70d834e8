"""What finance looks up: one participant's payments with every try, and the failed
tries of recent runs."""

from sqlmodel import select

from prakerja_app.models import PayoutAttempt
from prakerja_app.services.core.vocab import AdminRole, AttemptStatus, PaymentKind, PaymentStatus
from prakerja_app.services.money import payment_history, runs
from tests import factories


def _failed_first_try(db, now) -> tuple[int, str]:
    """A payee whose instalment 1 was tried in an approved run and failed; the run's id
    and the payee's card number."""
    made, _ = factories.payee(db, now)
    maker = factories.admin(db, now, AdminRole.FINANCE_MAKER)
    checker = factories.admin(db, now, AdminRole.FINANCE_CHECKER)
    run_id = runs.gather(db, now)
    runs.prepare(db, run_id, maker.id, 1, 600_000, now)
    runs.approve(db, run_id, checker.id, 1, 600_000, now, real_now=now)
    attempt = db.exec(select(PayoutAttempt)).one()
    attempt.status, attempt.failure_code = AttemptStatus.FAILED, "account_inactive"
    attempt.reference_no, attempt.finished_at = "REF-1", now
    db.commit()
    return run_id, made.card_number


def test_a_participants_payments_come_with_their_tries(db, now):
    run_id, card = _failed_first_try(db, now)
    found = payment_history.of_card(db, card)
    assert found is not None and found.card_number == card and not found.revoked
    assert [(p.kind, p.sequence) for p in found.payments] == [
        (PaymentKind.INCENTIVE, n) for n in range(1, 5)
    ]
    first, second = found.payments[:2]
    assert (first.amount, first.status) == (600_000, PaymentStatus.SCHEDULED)
    (tried,) = first.tries
    assert (tried.run_id, tried.number, tried.status) == (run_id, 1, AttemptStatus.FAILED)
    assert (tried.reference_no, tried.failure_code, tried.channel) == (
        "REF-1",
        "account_inactive",
        "ovo",
    )
    assert second.tries == []


def test_an_unknown_card_finds_nobody(db, now):
    factories.payee(db, now)
    assert payment_history.of_card(db, "0" * 16) is None


def test_the_failed_tries_of_the_runs_asked_for(db, now):
    run_id, card = _failed_first_try(db, now)
    (failed,) = payment_history.failed_tries(db, [run_id])
    assert (failed.card_number, failed.attempt.failure_code) == (card, "account_inactive")
    assert payment_history.failed_tries(db, [run_id + 1]) == []
