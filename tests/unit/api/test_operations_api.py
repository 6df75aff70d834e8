"""The SMS gateway's delivery-report callback and /healthz, over HTTP."""

from datetime import timedelta

import pytest

from prakerja_app.models import OutboxMessage
from prakerja_app.services.messaging import outbox, reports
from prakerja_app.services.operations import schedule


@pytest.fixture
def sms(db, now) -> OutboxMessage:
    message = outbox.queue_sms(db, to="+6281234567890", body="Halo", now=now)
    db.commit()
    return message


def _report(client, message_id, sig, kind="1", answer="id:1 stat:DELIVRD"):
    return client.get(
        reports.REPORT_PATH,
        params={"id": message_id, "sig": sig, "type": kind, "answer": answer},
    )


def test_kannels_report_is_recorded(client, db, sms, now):
    answer = _report(client, sms.id, reports.signature(sms.id))
    assert (answer.status_code, answer.text) == (200, "recorded")
    db.refresh(sms)
    assert (sms.report, sms.report_detail, sms.reported_at) == (
        "delivered",
        "id:1 stat:DELIVRD",
        now,
    )


@pytest.mark.security
@pytest.mark.parametrize(
    "params",
    [
        {"id": "{id}", "sig": "0" * 32, "type": "1"},  # a wrong secret
        {"id": "{id}", "type": "1"},  # no signature
        {"id": "999999", "sig": "{sig:999999}", "type": "1"},  # an unknown id, signed
        {"id": "{id}", "sig": "{sig}", "type": "x" * 500},  # too long
        {"id": "{id}", "sig": "{sig}", "type": "2", "answer": "x" * 201},
    ],
)
def test_a_forged_or_unknown_report_changes_nothing(client, db, sms, params):
    filled = {
        key: value.format(id=sms.id, sig=reports.signature(sms.id))
        if "{sig:" not in value
        else reports.signature(int(value[5:-1]))
        for key, value in params.items()
    }
    answer = client.get(reports.REPORT_PATH, params=filled)
    assert answer.status_code in (403, 422) or answer.text == "noted"
    assert answer.status_code < 500
    db.refresh(sms)
    assert (sms.report, sms.reported_at) == (None, None)


def test_healthz_reports_the_database_queue_and_last_tick(client, db, sms, now, monkeypatch):
    monkeypatch.delenv("REFLEX_REDIS_URL", raising=False)
    monkeypatch.delenv("PRAKERJA_JOBS_REDIS_URL", raising=False)
    stale = client.get("/healthz")
    assert stale.status_code == 200
    assert stale.json() | {"worker": 0} == {
        "worker": 0,
        "database": "ok",
        "redis": "not configured",
        "outbox_waiting": {"email": 0, "sms": 1},
        "jobs_queued": 0,
        "last_tick": None,
        "scheduler": "stale",
    }
    schedule.start(db, schedule.MINUTE, schedule.minute_tick(now), now - timedelta(minutes=1))
    fresh = client.get("/healthz").json()
    assert (
        fresh["scheduler"] == "ok"
        and fresh["last_tick"] == (now - timedelta(minutes=1)).isoformat()
    )


def test_healthz_is_503_when_redis_does_not_answer(client, monkeypatch):
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://127.0.0.1:1/0")
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["redis"] == "down"
