"""The partner's status notifications over HTTP: only a correct signature over the raw
body is heard; unknown payouts and replays change nothing; a completion pays."""

import json

import pytest
from sqlmodel import select

from prakerja_app.api.partner_notifications import NOTIFICATION_PATH
from prakerja_app.models import Payment, PayoutAttempt
from prakerja_app.services.core.vocab import AttemptStatus, PaymentStatus
from prakerja_app.services.money import runs
from prakerja_app.services.money.partner.notifications import SIGNATURE_HEADER, signature
from tests import factories

KEY = "test-notification-key"


@pytest.fixture(autouse=True)
def _key(monkeypatch):
    monkeypatch.setenv("PRAKERJA_PARTNER_NOTIFICATION_KEY", KEY)
    for name in ("REFLEX_ENV_MODE", "PRAKERJA_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def sent(db, now) -> PayoutAttempt:
    """An instalment's try that the partner holds under reference REF0001."""
    factories.payee(db, now)
    runs.gather(db, now)
    attempt = db.exec(select(PayoutAttempt)).one()
    attempt.reference_no, attempt.status = "REF0001", AttemptStatus.SENT
    db.commit()
    return attempt


def _body(reference="REF0001", status="completed", at="2026-12-03T06:00:00+00:00", **more):
    payload = {"reference_no": reference, "amount": "600000.00", "status": status}
    return json.dumps({**payload, "updated_at": at, **more}).encode()


def _post(client, body: bytes, signed_with: str | None = KEY):
    headers = {"Content-Type": "application/json"}
    if signed_with is not None:
        headers[SIGNATURE_HEADER] = signature(body, signed_with)
    return client.post(NOTIFICATION_PATH, content=body, headers=headers)


def _status(db) -> str:
    db.commit()
    return db.exec(select(Payment.status).where(Payment.sequence == 1)).one()


def test_a_signed_completion_pays_once(client, db, sent):
    answer = _post(client, _body())
    assert (answer.status_code, answer.json()) == (200, {"status": "applied"})
    assert _status(db) == PaymentStatus.PAID
    replay = _post(client, _body())
    assert (replay.status_code, replay.json()) == (200, {"status": "ignored"})


@pytest.mark.parametrize(
    ("signed_with", "code"),
    [(None, "notification_unsigned"), ("another-key", "notification_bad_signature")],
)
def test_an_unsigned_or_badly_signed_notification_changes_nothing(
    client, db, sent, signed_with, code
):
    before = factories.table_rows(db)
    answer = _post(client, _body(), signed_with=signed_with)
    assert (answer.status_code, answer.json()) == (401, {"status": code})
    assert factories.table_rows(db) == before


def test_a_body_changed_after_signing_is_refused(client, db, sent):
    body = _body(status="failed")
    headers = {SIGNATURE_HEADER: signature(_body(), KEY), "Content-Type": "application/json"}
    answer = client.post(NOTIFICATION_PATH, content=body, headers=headers)
    assert answer.status_code == 401
    assert _status(db) == PaymentStatus.SCHEDULED


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (_body(reference="NOSUCH"), 404, "payout_unknown"),
        (_body(amount="6000000.00"), 409, "payout_amount_differs"),
        (b"not json", 400, "notification_unparsable"),
        (_body(status="teleported"), 400, "notification_unparsable"),
    ],
)
def test_what_is_not_one_of_our_payouts_changes_nothing(client, db, sent, body, status, code):
    before = factories.table_rows(db)
    answer = _post(client, body)
    assert (answer.status_code, answer.json()) == (status, {"status": code})
    assert factories.table_rows(db) == before
