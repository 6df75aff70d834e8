"""The providers' redeem-code API under schemathesis: cases generated from its own OpenAPI
document (valid and invalid ones), sent as they come (unsigned: the headers are noise) and
signed by a real provider, some with real voucher codes. No answer is a server error, and
every answer is one the document promises.
"""

import hashlib
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.core import NOT_SET
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from prakerja_app.api import create_app
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.marketplace import redemption
from tests import factories
from tests.testclient import TestClient

pytestmark = pytest.mark.security
SCHEMA = schemathesis.openapi.from_dict(create_app().openapi())
CASES_PER_OPERATION = 60
VOUCHERS = ("GHOPNYXUVMT2", "LAINNYA23456")


@pytest.fixture
def provider(db, now) -> dict[str, str]:
    """A provider with API keys; one voucher of its training, one of another provider's."""
    platform = factories.platform(db)
    own = factories.api_provider(db, sign_key="kunci-rahasia-0123456789")
    other = factories.api_provider(db)
    buyer = factories.participant(db, now)
    for made_by, code in zip((own, other), VOUCHERS, strict=True):
        training = factories.listed_training(db, platform, made_by)
        factories.purchase(db, buyer, training, now, voucher_code=code)
    return {"client_code": own.client_code, "key": factories.sign_key_of(own)}


@pytest.fixture
def client(engine, now):
    """The API app on the test database, its clock at `now`; server errors are answers."""
    app = create_app(
        session_factory=lambda: Session(engine, expire_on_commit=False), real_clock=lambda: now
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _unsigned(case, base_url: str) -> dict:
    """The case as schemathesis would send it, in the test client's words."""
    sent = case.as_transport_kwargs(base_url=base_url)
    sent.pop("cookies", None)
    if isinstance(sent.get("data"), bytes | str):
        sent["content"] = sent.pop("data")
    return sent


def _signed(case, provider: dict[str, str], now) -> tuple[dict[str, str], bytes]:
    """The case's headers and body as the provider would send them, signed; one case in
    two asks about a real voucher (the provider's own or another's)."""
    body = case.body
    if isinstance(body, dict) and "redeem_code" in body:
        pick = int(hashlib.sha256(repr(body).encode()).hexdigest(), 16) % 4
        if pick < len(VOUCHERS):
            body = body | {"redeem_code": VOUCHERS[pick]}
    if body is NOT_SET:
        raw = b""
    elif isinstance(body, bytes | str):
        raw = body.encode() if isinstance(body, str) else body
    else:
        raw = json.dumps(body).encode()
    headers = redemption.signed_headers(
        client_code=provider["client_code"],
        sign_key=provider["key"],
        path=case.path,
        body=_signed_text(case.path, raw),
        timestamp=int(now.timestamp()),
    )
    return headers, raw


def _signed_text(path: str, raw: bytes) -> bytes:
    """What a provider signs: a status or commit signs its canonical body, as the
    published client examples do."""
    if path == redemption.COMPLETE_PATH:
        return raw
    try:
        return redemption.canonical_body(redemption.parse_redeem_code(raw)).encode()
    except DomainError:
        return raw


@SCHEMA.parametrize()
@settings(
    max_examples=CASES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.parametrize("signed", [False, True], ids=["unsigned", "signed"])
def test_no_case_gets_a_server_error_or_an_undocumented_answer(case, signed, client, provider, now):
    if signed:
        headers, raw = _signed(case, provider, now)
        response = client.request(case.method, case.path, headers=headers, content=raw)
    else:
        response = client.request(**_unsigned(case, str(client.base_url)))
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])
