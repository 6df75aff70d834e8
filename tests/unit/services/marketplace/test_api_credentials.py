"""A provider's signing key: issued and rotated by the operator, sealed at rest, the
replaced key accepted for 24 hours (or not at all after a leak), and every API call
logged without personal data, then pruned after 30 days."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import ApiCall, AuditLog
from prakerja_app.services.core import secret_box
from prakerja_app.services.marketplace import api_calls, api_credentials, redemption
from prakerja_app.services.marketplace.redemption import Operation
from tests import factories


@pytest.fixture
def voucher(db, now):
    """A provider without a key, and a voucher for its training."""
    lp = factories.provider(db, name="Cakap", slug="cakap")
    course = factories.listed_training(db, factories.platform(db), lp)
    factories.purchase(db, factories.participant(db, now), course, now, voucher_code="KODE23456789")
    return lp


def _issue(db, now, lp, **kw):
    return api_credentials.issue_key(
        db, now=now, actor_id=factories.admin(db, now).id, provider_id=lp.id, **kw
    )


def _status(db, now, client_code, key):
    """A status request signed with `key`; the refusal's code, or "ok"."""
    body = redemption.canonical_body("KODE23456789")
    headers = redemption.signed_headers(
        client_code=client_code,
        sign_key=key,
        path=redemption.STATUS_PATH,
        body=body,
        timestamp=int(now.timestamp()),
    )
    try:
        redemption.handle(
            db,
            Operation.STATUS,
            client_code=headers["client_code"],
            timestamp=headers["timestamp"],
            signature=headers["signature"],
            body=body.encode(),
            real_now=now,
            now=now,
        )
    except redemption.DomainError as error:
        return error.code
    return "ok"


def test_a_first_key_gives_a_client_code_and_is_stored_sealed(db, now, voucher):
    assert _status(db, now, "lp-cakap", "apa-saja") == "unknown_client"
    issued = _issue(db, now, voucher)
    assert (issued.client_code, issued.previous_until) == ("lp-cakap", None)
    assert len(issued.sign_key) >= 43
    db.refresh(voucher)
    assert issued.sign_key not in voucher.sign_key_sealed
    assert secret_box.open_sealed(voucher.sign_key_sealed) == issued.sign_key
    assert voucher.key_issued_at == now
    assert _status(db, now, "lp-cakap", issued.sign_key) == "ok"
    [entry] = db.exec(select(AuditLog).where(AuditLog.entity == "training_provider")).all()
    assert entry.action == "api_key.issue"
    assert issued.sign_key not in (entry.after_json or "")


def test_after_a_rotation_the_old_key_works_for_24_hours(db, now, voucher):
    old = _issue(db, now, voucher).sign_key
    new = _issue(db, now, voucher)
    assert new.previous_until == now + timedelta(hours=24)
    assert _status(db, now, "lp-cakap", new.sign_key) == "ok"
    assert _status(db, now + timedelta(hours=23), "lp-cakap", old) == "ok"
    assert _status(db, now + timedelta(hours=24), "lp-cakap", old) == "signature_invalid"
    assert _status(db, now + timedelta(hours=24), "lp-cakap", new.sign_key) == "ok"
    actions = db.exec(select(AuditLog.action).where(AuditLog.entity == "training_provider"))
    assert list(actions) == ["api_key.issue", "api_key.rotate"]


def test_a_leaked_key_is_ended_at_once(db, now, voucher):
    leaked = _issue(db, now, voucher).sign_key
    new = _issue(db, now, voucher, keep_previous=False)
    assert new.previous_until is None
    assert _status(db, now, "lp-cakap", leaked) == "signature_invalid"
    assert _status(db, now, "lp-cakap", new.sign_key) == "ok"


def test_only_the_last_replaced_key_is_kept(db, now, voucher):
    first = _issue(db, now, voucher).sign_key
    second = _issue(db, now, voucher).sign_key
    third = _issue(db, now, voucher).sign_key
    assert _status(db, now, "lp-cakap", first) == "signature_invalid"
    assert _status(db, now, "lp-cakap", second) == "ok"
    assert _status(db, now, "lp-cakap", third) == "ok"


def test_a_key_sealed_under_another_secret_signs_nothing(db, now, voucher, monkeypatch):
    key = _issue(db, now, voucher).sign_key
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "x" * 40)
    assert _status(db, now, "lp-cakap", key) == "signature_invalid"


@pytest.mark.parametrize("forged", [0, -1, 10**12, True, "1", None])
def test_unknown_providers_are_refused(db, now, forged):
    refused = factories.refused(
        db,
        api_credentials.issue_key,
        now=now,
        actor_id=factories.admin(db, now).id,
        provider_id=forged,
    )
    assert refused.code == "provider_unknown"


def test_calls_are_logged_by_provider_and_pruned_after_30_days(db, now, voucher):
    _issue(db, now, voucher)  # its client code: lp-cakap
    for code, status, at in [("lp-cakap", 200, now), ("lp-siapa", 401, now), (None, 401, now)]:
        api_calls.record(
            db,
            client_code=code,
            endpoint="status",
            http_status=status,
            error_code=None if status == 200 else "unknown_client",
            duration_ms=-3 if code else 10**12,
            at=at,
        )
    logged = db.exec(select(ApiCall).order_by(ApiCall.id)).all()
    assert [(c.provider_id, c.http_status) for c in logged] == [
        (voucher.id, 200),
        (None, 401),
        (None, 401),
    ]
    assert [c.duration_ms for c in logged] == [0, 0, api_calls.MAX_DURATION_MS]
    assert api_calls.prune(db, now + timedelta(days=30)) == 0
    assert api_calls.prune(db, now + timedelta(days=30, seconds=1)) == 3
    assert db.exec(select(ApiCall)).all() == []
