"""The redeem-code API over HTTP, on the API app alone, sent as the example clients send it."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from sqlmodel import col, select

from prakerja_app.api import answers
from prakerja_app.jobs import huey
from prakerja_app.models import ApiCall, Certificate, User
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import redemption
from tests import factories

STATUS, COMMIT, COMPLETE = redemption.STATUS_PATH, redemption.COMMIT_PATH, redemption.COMPLETE_PATH


@pytest.fixture
def shop(db, now):
    """Provider "lp-cakap" sells "Bahasa Inggris" on Tokopedia; one voucher of it, one of
    another provider's training, and one refunded."""
    platform = factories.platform(db, name="Tokopedia")
    lp = factories.api_provider(db, slug="cakap", sign_key="rahasia-cakap-0123456789")
    other = factories.api_provider(db)
    course = factories.listed_training(db, platform, lp, code="BHS-001", title="Bahasa Inggris")
    owner = factories.participant(db, now)
    factories.purchase(db, owner, course, now, voucher_code="GHOPNYXUVMT2")
    factories.purchase(
        db,
        owner,
        factories.listed_training(db, platform, other),
        now,
        voucher_code="LAINNYA23456",
    )
    factories.purchase(
        db, owner, course, now, voucher_code="BATAL2345678", status=PurchaseStatus.REFUNDED
    )
    key = factories.sign_key_of(lp)
    return {"client_code": lp.client_code, "key": key, "user_id": owner.user_id}


def python_example(client, shop, now, path, redeem_code, key=None):
    """Exactly what prakerja-dev's python/example-redeem-code-*.py does (base URL aside)."""
    timestamp = str(int(now.timestamp()))
    text = shop["client_code"] + timestamp + "POST" + path + '{"redeem_code":"' + redeem_code + '"}'
    signature = hmac.new(
        (key or shop["key"]).encode("utf-8"), text.encode("utf-8"), hashlib.sha1
    ).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "client_code": shop["client_code"],
        "signature": signature,
        "timestamp": timestamp,
    }
    return client.post(path, headers=headers, content=json.dumps({"redeem_code": redeem_code}))


def signed(client, shop, now, path, body: bytes, **header_changes):
    headers = redemption.signed_headers(
        client_code=shop["client_code"],
        sign_key=shop["key"],
        path=path,
        body=body,
        timestamp=int(now.timestamp()),
    )
    headers.update(header_changes)
    headers = {name: value for name, value in headers.items() if value is not None}
    return client.post(path, headers=headers, content=body)


def test_the_known_vector():
    text = (
        "myclient_code1516239022POST/api/v1/integration/payment/redeem-code/commit"
        '{"redeem_code":"code"}'
    )
    assert redemption.sign("my_sign_key", text) == "943c20a8e36b6243f576404b00fffdc86411ce1f"


def test_the_python_example_checks_and_commits(client, shop, now):
    status = python_example(client, shop, now, STATUS, "GHOPNYXUVMT2")
    assert status.status_code == 200
    assert status.json() == {
        "success": True,
        "message": "OK",
        "data": {
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
        },
    }
    commit = python_example(client, shop, now, COMMIT, "GHOPNYXUVMT2")
    assert commit.status_code == 200
    assert commit.json()["data"]["status"] == 1
    assert commit.json()["data"]["redeem_at"] == "2020-09-04T03:00:00Z"


def test_the_ruby_and_go_header_spelling_and_a_hyphenated_proxy_spelling(client, shop, now):
    body = b'{"redeem_code":"GHOPNYXUVMT2"}'
    headers = redemption.signed_headers(
        client_code=shop["client_code"],
        sign_key=shop["key"],
        path=STATUS,
        body=body,
        timestamp=int(now.timestamp()),
    )
    ruby = {
        "Client_code": headers["client_code"],
        "Signature": headers["signature"],
        "Timestamp": headers["timestamp"],
    }
    assert client.post(STATUS, headers=ruby, content=body).status_code == 200
    hyphens = {name.replace("_", "-"): value for name, value in headers.items()}
    assert client.post(STATUS, headers=hyphens, content=body).status_code == 200


def test_commit_twice_answers_the_same(client, shop, now):
    body = b'{"redeem_code":"GHOPNYXUVMT2"}'
    first = signed(client, shop, now, COMMIT, body)
    second = signed(client, shop, now, COMMIT, body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()


def test_complete_twice_gives_the_same_certificate_and_emails_once(client, shop, now, db):
    signed(client, shop, now, COMMIT, b'{"redeem_code":"GHOPNYXUVMT2"}')
    body = b'{"redeem_code":"GHOPNYXUVMT2","score":90}'
    first = signed(client, shop, now, COMPLETE, body)
    second = signed(client, shop, now, COMPLETE, body)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    data = first.json()["data"]
    certificate = db.exec(select(Certificate)).one()
    assert data["certificate_number"] == certificate.number
    assert data["certificate_url"].endswith(f"/verifikasi/{certificate.verification_code}")
    email = db.get(User, shop["user_id"]).email
    [message] = factories.outbox(db, email, "email")
    assert message.status == "pending"  # the workers send it: they were nudged
    assert {(task.name, task.args) for task in huey.pending()} >= {("deliver", ("email",))}


def test_complete_signs_the_raw_body_bytes(client, shop, now):
    signed(client, shop, now, COMMIT, b'{"redeem_code":"GHOPNYXUVMT2"}')
    pretty = b'{\n  "redeem_code": "GHOPNYXUVMT2",\n  "score": 75\n}'
    assert signed(client, shop, now, COMPLETE, pretty).status_code == 200


# One request per refusal: (error code, HTTP status, how to send it).
def _request(kind: str):
    good = b'{"redeem_code":"GHOPNYXUVMT2"}'

    def send(client, shop, now):
        if kind == "missing_headers":
            return signed(client, shop, now, COMMIT, good, signature=None)
        if kind == "timestamp_invalid":
            return signed(client, shop, now, COMMIT, good, timestamp="kemarin")
        if kind == "timestamp_expired":
            stale = now - timedelta(seconds=redemption.TIMESTAMP_WINDOW_SECONDS + 1)
            return signed(client, shop, stale, COMMIT, good)
        if kind == "unknown_client":
            return signed(client, shop, now, COMMIT, good, client_code="lp-tidak-dikenal")
        if kind == "body_too_large":
            big = json.dumps({"redeem_code": "GHOPNYXUVMT2", "x": "y" * 5000}).encode()
            return signed(client, shop, now, COMMIT, big)
        if kind == "malformed_body":
            return signed(client, shop, now, COMMIT, b'{"redeem_code": 42}')
        if kind == "signature_invalid":
            return python_example(client, shop, now, COMMIT, "GHOPNYXUVMT2", key="salah")
        if kind == "code_not_found":
            return python_example(client, shop, now, COMMIT, "TIDAKADA2345")
        if kind == "code_other_provider":
            return python_example(client, shop, now, COMMIT, "LAINNYA23456")
        if kind == "code_refunded":
            return python_example(client, shop, now, COMMIT, "BATAL2345678")
        if kind == "code_not_redeemed":
            return signed(client, shop, now, COMPLETE, good)
        if kind == "completed_at_invalid":  # the voucher was committed before
            future = int((now + timedelta(days=1)).timestamp())
            body = json.dumps({"redeem_code": "GHOPNYXUVMT2", "completed_at": future})
            return signed(client, shop, now, COMPLETE, body.encode())
        raise AssertionError(kind)

    return send


@pytest.mark.parametrize("code", list(answers.ERRORS))
def test_each_refusal_has_its_code_and_status_and_changes_nothing(client, shop, now, db, code):
    send = _request(code)
    if code == "completed_at_invalid":  # needs a committed voucher first
        python_example(client, shop, now, COMMIT, "GHOPNYXUVMT2")
    before = factories.table_rows(db)
    response = send(client, shop, now)
    assert response.status_code == answers.ERRORS[code].http_status
    assert response.json() == {
        "success": False,
        "code": code,
        "message": answers.ERRORS[code].message,
    }
    assert factories.table_rows(db) == before
    logged = db.exec(select(ApiCall).order_by(col(ApiCall.id).desc())).first()
    assert (logged.error_code, logged.http_status) == (code, response.status_code)


def test_the_openapi_description_and_docs_are_under_api_v1(client):
    spec = client.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert set(paths) == {STATUS, COMMIT, COMPLETE}
    commit = paths[COMMIT]["post"]
    assert {p["name"] for p in commit["parameters"]} == {"client_code", "timestamp", "signature"}
    assert "redeem_code" in json.dumps(commit["requestBody"])
    assert {"401", "404", "409"} <= set(commit["responses"])
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()
    assert client.get("/docs").status_code == 404
