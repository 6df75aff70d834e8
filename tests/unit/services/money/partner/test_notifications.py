"""Notification signatures (Iris's SHA-512 of body + key) and parsing."""

import hashlib
import json
from datetime import UTC, datetime

import pytest

from prakerja_app.services.money.partner.errors import NotificationError, NotificationRefused
from prakerja_app.services.money.partner.interface import PayoutStatus
from prakerja_app.services.money.partner.notifications import signature, verify

KEY = "IRIS-merchant-test"
BODY = {
    "reference_no": "ref1234567890",
    "amount": "600000.00",
    "status": "failed",
    "updated_at": "2020-10-14T05:00:00+00:00",
    "error_code": "account_inactive",
    "error_message": "Beneficiary account is inactive",
}


def _raw(**changes) -> bytes:
    return json.dumps(BODY | changes).encode()


def test_signature_is_sha512_of_body_then_key():
    body = _raw()
    assert signature(body, KEY) == hashlib.sha512(body + KEY.encode()).hexdigest()


def test_a_well_signed_notification_is_parsed():
    body = _raw()
    notification = verify(body, signature(body, KEY), KEY)
    assert notification.reference_no == "ref1234567890"
    assert notification.amount == 600000
    assert notification.status is PayoutStatus.FAILED
    assert notification.updated_at == datetime(2020, 10, 14, 5, tzinfo=UTC)
    assert notification.error_code == "account_inactive"


def test_the_signature_may_come_in_capitals():
    body = _raw()
    assert verify(body, signature(body, KEY).upper(), KEY).amount == 600000


@pytest.mark.parametrize("header", [None, ""])
def test_unsigned_is_refused(header):
    with pytest.raises(NotificationRefused) as refused:
        verify(_raw(), header, KEY)
    assert refused.value.code is NotificationError.UNSIGNED


def test_tampered_body_is_refused():
    signed = signature(_raw(), KEY)
    with pytest.raises(NotificationRefused) as refused:
        verify(_raw(amount="6000000.00"), signed, KEY)
    assert refused.value.code is NotificationError.BAD_SIGNATURE


def test_signed_with_another_key_is_refused():
    body = _raw()
    with pytest.raises(NotificationRefused) as refused:
        verify(body, signature(body, "another key"), KEY)
    assert refused.value.code is NotificationError.BAD_SIGNATURE


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b"\xff\xfe",
        _raw(amount="600000.50"),
        _raw(amount=600000),
        _raw(status="paid"),
        _raw(updated_at="2020-10-14T05:00:00"),
        _raw(updated_at="yesterday"),
        _raw(reference_no=""),
        json.dumps({k: v for k, v in BODY.items() if k != "reference_no"}).encode(),
    ],
)
def test_well_signed_but_unparsable_is_refused(body):
    with pytest.raises(NotificationRefused) as refused:
        verify(body, signature(body, KEY), KEY)
    assert refused.value.code is NotificationError.UNPARSABLE
