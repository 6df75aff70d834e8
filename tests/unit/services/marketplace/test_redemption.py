"""The redeem-code protocol as providers use it: signing, checks in order, and the voucher."""

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from prakerja_app.api.answers import voucher_data
from prakerja_app.models import AuditLog, Certificate, Purchase
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import redemption
from prakerja_app.services.marketplace.redemption import Operation
from prakerja_app.services.views import dev_platform
from tests import factories

KNOWN_TEXT = (
    "myclient_code1516239022POST/api/v1/integration/payment/redeem-code/commit"
    '{"redeem_code":"code"}'
)
KNOWN_SIGNATURE = "943c20a8e36b6243f576404b00fffdc86411ce1f"


@dataclass
class Setup:
    provider_code: str
    provider_key: str
    other_code: str
    other_key: str
    purchase: Purchase
    others_purchase: Purchase
    email: str


@pytest.fixture
def setup(db: Session, now) -> Setup:
    """A provider's training bought by a participant, and another provider's voucher."""
    from prakerja_app.models import User

    platform = factories.platform(db, name="Tokopedia")
    lp = factories.api_provider(db, name="Cakap Bahasa Nusantara")
    other = factories.api_provider(db)
    course = factories.listed_training(db, platform, lp, code="BHS-001", title="Bahasa Inggris")
    other_course = factories.listed_training(db, platform, other)
    owner = factories.participant(db, now)
    bought = factories.purchase(db, owner, course, now, voucher_code="GHOPNYXUVMT2")
    others = factories.purchase(db, owner, other_course, now, voucher_code="ZZZZZZZZZZZ2")
    return Setup(
        provider_code=lp.client_code,
        provider_key=factories.sign_key_of(lp),
        other_code=other.client_code,
        other_key=factories.sign_key_of(other),
        purchase=bought,
        others_purchase=others,
        email=db.get(User, owner.user_id).email,
    )


def call(
    db: Session,
    operation: Operation,
    setup: Setup,
    now,
    *,
    code: str | None = None,
    body: bytes | None = None,
    real_now=None,
    headers: dict | None = None,
    **changes,
):
    """Sign and run one request as the provider of `setup` would send it."""
    code = code or setup.purchase.voucher_code
    path = redemption.PATHS[operation]
    if body is None:
        body = redemption.canonical_body(code).encode()
    signed_body = body if operation == Operation.COMPLETE else redemption.canonical_body(code)
    made = redemption.signed_headers(
        client_code=setup.provider_code,
        sign_key=setup.provider_key,
        path=path,
        body=signed_body,
        timestamp=int(now.timestamp()),
    )
    if headers is None:
        headers = {
            "client_code": made["client_code"],
            "timestamp": made["timestamp"],
            "signature": made["signature"],
        }
    headers.update(changes)
    return redemption.handle(db, operation, body=body, real_now=real_now or now, now=now, **headers)


# --- signing -------------------------------------------------------------------------


def test_the_published_example_vector_signs_as_the_real_api():
    assert redemption.sign("my_sign_key", KNOWN_TEXT) == KNOWN_SIGNATURE
    text = redemption.signing_text(
        "myclient_code", "1516239022", redemption.COMMIT_PATH, redemption.canonical_body("code")
    )
    assert text == KNOWN_TEXT.encode()


def test_signed_headers_are_what_the_example_clients_send():
    headers = redemption.signed_headers(
        client_code="myclient_code",
        sign_key="my_sign_key",
        path=redemption.COMMIT_PATH,
        body='{"redeem_code":"code"}',
        timestamp=1516239022,
    )
    assert headers == {
        "Content-Type": "application/json",
        "client_code": "myclient_code",
        "timestamp": "1516239022",
        "signature": KNOWN_SIGNATURE,
    }


# --- status, commit, complete -----------------------------------------------------------


def test_status_of_a_new_voucher_changes_nothing(db, setup, now):
    before = factories.table_rows(db)
    status = call(db, Operation.STATUS, setup, now)
    assert voucher_data(status) == {
        "redeem_code": "GHOPNYXUVMT2",
        "course_code": "BHS-001",
        "course_name": "Bahasa Inggris",
        "dp_platform": "Tokopedia",
        "status": 0,
        "status_label": "Belum digunakan",
        "redeem_at": None,
        "completed_at": None,
        "certificate_number": None,
        "certificate_url": None,
    }
    assert factories.table_rows(db) == before


def test_commit_redeems_once_and_a_repeat_answers_the_same(db, setup, now):
    first = call(db, Operation.COMMIT, setup, now)
    assert voucher_data(first)["status"] == 1
    assert voucher_data(first)["redeem_at"] == "2020-09-04T03:00:00Z"
    later = now + timedelta(hours=2)
    before = factories.table_rows(db)
    again = call(db, Operation.COMMIT, setup, later)
    assert again == first
    assert factories.table_rows(db) == before
    stored = db.get(Purchase, setup.purchase.id, populate_existing=True)
    assert (stored.status, stored.redeemed_at) == (PurchaseStatus.REDEEMED, now)
    actions = db.exec(select(AuditLog.action)).all()
    assert actions == ["voucher.redeem"]


def test_complete_issues_one_certificate_and_emails_the_participant(db, setup, now):
    call(db, Operation.COMMIT, setup, now)
    done_at = now + timedelta(days=3)
    body = json.dumps({"redeem_code": setup.purchase.voucher_code, "score": 88}).encode()
    first = call(db, Operation.COMPLETE, setup, done_at, body=body)
    data = voucher_data(first)
    assert data["status"] == 2
    assert data["completed_at"] == "2020-09-07T03:00:00Z"
    assert data["certificate_number"] == f"PKJ-2020-{setup.purchase.id:08d}"
    certificate = db.exec(select(Certificate)).one()
    assert data["certificate_url"].endswith(f"/verifikasi/{certificate.verification_code}")
    [email] = factories.outbox(db, setup.email, "email")
    assert certificate.number in email.body
    assert f"/verifikasi/{certificate.verification_code}" in email.body
    audit = db.exec(select(AuditLog).where(AuditLog.action == "voucher.complete")).one()
    assert json.loads(audit.after_json)["score"] == 88

    before = factories.table_rows(db)
    again = call(db, Operation.COMPLETE, setup, done_at + timedelta(days=1), body=body)
    assert voucher_data(again) == data
    assert again.queued_message_ids == ()
    assert factories.table_rows(db) == before


def test_complete_takes_the_reported_completion_time(db, setup, now):
    call(db, Operation.COMMIT, setup, now)
    finished = now + timedelta(days=1)
    body = json.dumps(
        {"redeem_code": setup.purchase.voucher_code, "completed_at": int(finished.timestamp())}
    ).encode()
    result = call(db, Operation.COMPLETE, setup, now + timedelta(days=2), body=body)
    assert result.completed_at == finished


def test_status_after_completion_shows_the_certificate(db, setup, now):
    call(db, Operation.COMMIT, setup, now)
    call(db, Operation.COMPLETE, setup, now)
    data = voucher_data(call(db, Operation.STATUS, setup, now))
    assert (data["status"], data["status_label"]) == (2, "Selesai")
    assert data["certificate_number"].startswith("PKJ-2020-")


def test_a_lowercase_code_finds_the_voucher(db, setup, now):
    result = call(db, Operation.COMMIT, setup, now, code="ghopnyxuvmt2")
    assert result.redeem_code == "GHOPNYXUVMT2"


def test_the_python_example_body_with_spaces_is_accepted(db, setup, now):
    spaced = json.dumps({"redeem_code": setup.purchase.voucher_code}).encode()
    assert b'": "' in spaced  # what json.dumps sends, unlike the signed text
    assert call(db, Operation.COMMIT, setup, now, body=spaced).status == "redeemed"


def test_a_timestamp_at_the_edge_of_the_window_is_accepted(db, setup, now):
    edge = now + timedelta(seconds=redemption.TIMESTAMP_WINDOW_SECONDS)
    assert call(db, Operation.STATUS, setup, now, real_now=edge).status == "bought"


# --- refusals ------------------------------------------------------------------------


def refusal(db, *args, **kwargs) -> str:
    return factories.refused(db, call, *args, **kwargs).code


def test_missing_headers(db, setup, now):
    assert refusal(db, Operation.COMMIT, setup, now, signature=None) == "missing_headers"
    assert refusal(db, Operation.COMMIT, setup, now, client_code="  ") == "missing_headers"


def test_a_timestamp_that_is_not_unix_seconds(db, setup, now):
    stamp = "2020-09-04T10:00:00"
    assert refusal(db, Operation.COMMIT, setup, now, timestamp=stamp) == "timestamp_invalid"


@pytest.mark.parametrize("seconds", [-301, 301, 3600])
def test_a_stale_or_future_timestamp(db, setup, now, seconds):
    real = now + timedelta(seconds=seconds)
    assert refusal(db, Operation.COMMIT, setup, now, real_now=real) == "timestamp_expired"


def test_an_unknown_client(db, setup, now):
    assert refusal(db, Operation.COMMIT, setup, now, client_code="lp-tidak-ada") == (
        "unknown_client"
    )


def test_a_wrong_signature(db, setup, now):
    wrong = redemption.sign("kunci-lain", "apa saja")
    assert refusal(db, Operation.COMMIT, setup, now, signature=wrong) == "signature_invalid"
    assert refusal(db, Operation.COMMIT, setup, now, signature="bukan-hex") == "signature_invalid"


def test_a_signature_for_another_endpoint_is_refused(db, setup, now):
    headers = redemption.signed_headers(
        client_code=setup.provider_code,
        sign_key=setup.provider_key,
        path=redemption.STATUS_PATH,
        body=redemption.canonical_body(setup.purchase.voucher_code),
        timestamp=int(now.timestamp()),
    )
    headers.pop("Content-Type")
    assert refusal(db, Operation.COMMIT, setup, now, headers=headers) == "signature_invalid"


def test_another_providers_key_is_refused(db, setup, now):
    headers = redemption.signed_headers(
        client_code=setup.provider_code,
        sign_key=setup.other_key,
        path=redemption.COMMIT_PATH,
        body=redemption.canonical_body(setup.purchase.voucher_code),
        timestamp=int(now.timestamp()),
    )
    headers.pop("Content-Type")
    assert refusal(db, Operation.COMMIT, setup, now, headers=headers) == "signature_invalid"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"redeem_code=GHOPNYXUVMT2",
        b'["GHOPNYXUVMT2"]',
        b'{"code":"GHOPNYXUVMT2"}',
        b'{"redeem_code":12345}',
        b'{"redeem_code":""}',
        b'{"redeem_code":"GHOP\\"NYX"}',
        '{"redeem_code":"KÖDE"}'.encode(),
        b"\xff\xfe",
    ],
)
def test_a_malformed_body(db, setup, now, body):
    assert refusal(db, Operation.COMMIT, setup, now, body=body) == "malformed_body"


def test_a_body_too_large(db, setup, now):
    body = json.dumps({"redeem_code": "GHOPNYXUVMT2", "pad": "x" * 5000}).encode()
    assert refusal(db, Operation.COMMIT, setup, now, body=body) == "body_too_large"


def test_an_unknown_code(db, setup, now):
    assert refusal(db, Operation.COMMIT, setup, now, code="TIDAKADA234") == "code_not_found"


def test_another_providers_code(db, setup, now):
    code = setup.others_purchase.voucher_code
    for operation in Operation:
        assert refusal(db, operation, setup, now, code=code) == "code_other_provider"


def test_a_refunded_voucher_cannot_be_committed_or_completed(db, setup, now):
    setup.purchase.status = PurchaseStatus.REFUNDED
    setup.purchase.refunded_at = now
    db.add(setup.purchase)
    db.commit()
    assert refusal(db, Operation.COMMIT, setup, now) == "code_refunded"
    assert refusal(db, Operation.COMPLETE, setup, now) == "code_refunded"
    assert voucher_data(call(db, Operation.STATUS, setup, now))["status"] == 3


def test_completing_a_voucher_never_committed(db, setup, now):
    assert refusal(db, Operation.COMPLETE, setup, now) == "code_not_redeemed"


@pytest.mark.parametrize("offset", [timedelta(hours=-1), timedelta(hours=1)])
def test_a_completion_time_before_the_redeem_or_in_the_future(db, setup, now, offset):
    call(db, Operation.COMMIT, setup, now)
    body = json.dumps(
        {
            "redeem_code": setup.purchase.voucher_code,
            "completed_at": int((now + offset).timestamp()),
        }
    ).encode()
    assert refusal(db, Operation.COMPLETE, setup, now, body=body) == "completed_at_invalid"


@pytest.mark.parametrize("extra", [{"score": 101}, {"score": "90"}, {"completed_at": "kemarin"}])
def test_a_completion_with_bad_fields(db, setup, now, extra):
    call(db, Operation.COMMIT, setup, now)
    body = json.dumps({"redeem_code": setup.purchase.voucher_code, **extra}).encode()
    assert refusal(db, Operation.COMPLETE, setup, now, body=body) == "malformed_body"


def test_complete_signs_the_raw_body(db, setup, now):
    call(db, Operation.COMMIT, setup, now)
    sent = b'{"redeem_code": "GHOPNYXUVMT2"}'
    headers = redemption.signed_headers(
        client_code=setup.provider_code,
        sign_key=setup.provider_key,
        path=redemption.COMPLETE_PATH,
        body=redemption.canonical_body("GHOPNYXUVMT2"),  # not the bytes sent
        timestamp=int(now.timestamp()),
    )
    headers.pop("Content-Type")
    got = refusal(db, Operation.COMPLETE, setup, now, body=sent, headers=headers)
    assert got == "signature_invalid"


def test_headers_are_checked_before_the_body(db, setup, now):
    assert refusal(db, Operation.COMMIT, setup, now, body=b"", timestamp=None) == (
        "missing_headers"
    )


def test_api_clients_list_providers_with_keys_by_name(db, setup):
    factories.provider(db, name="Tanpa Kunci")
    names = [client.name for client in dev_platform.api_clients(db)]
    assert "Cakap Bahasa Nusantara" in names
    assert "Tanpa Kunci" not in names
    assert dev_platform.signing_key(db, setup.provider_code) == setup.provider_key
