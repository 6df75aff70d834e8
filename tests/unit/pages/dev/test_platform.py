"""The development platform page signs real HTTP requests and shows the API's answer."""

import json

import httpx
import pytest
from sqlmodel import Session

from prakerja_app.api import create_app
from prakerja_app.pages.dev import platform as dev_platform
from prakerja_app.pages.dev.platform import DevPlatformState
from tests import factories

pytestmark = pytest.mark.anyio


@pytest.fixture
def backend(engine, monkeypatch):
    """Requests from the page reach the API app on the test database (no network)."""
    api = create_app(session_factory=lambda: Session(engine, expire_on_commit=False))
    real_client = httpx.AsyncClient

    def client(**kwargs):
        return real_client(transport=httpx.ASGITransport(app=api), **kwargs)

    monkeypatch.setattr(dev_platform.httpx, "AsyncClient", client)
    monkeypatch.setattr(dev_platform, "_backend_url", lambda: "http://backend.test")


@pytest.fixture
def voucher(db, now):
    platform = factories.platform(db, name="Pintaria")
    lp = factories.api_provider(db, name="Dapur Nusantara Academy")
    course = factories.listed_training(db, platform, lp, title="Memasak Rendang")
    owner = factories.participant(db, now)
    factories.purchase(db, owner, course, now, voucher_code="RENDANG23456")
    return lp


async def test_the_page_lists_providers_and_vouchers_and_redeems(states, backend, voucher):
    page = states(DevPlatformState)
    await DevPlatformState.load.fn(page)
    assert {"name": voucher.name, "client_code": voucher.client_code} in page.clients
    assert page.vouchers[0]["code"] == "RENDANG23456"
    assert factories.sign_key_of(voucher) not in json.dumps([page.clients, page.vouchers])

    DevPlatformState.pick.fn(page, "RENDANG23456", "Dapur Nusantara Academy")
    assert (page.code, page.client_code) == ("RENDANG23456", voucher.client_code)
    await DevPlatformState.send.fn(page, "commit")
    assert page.answer_status == "HTTP 200"
    assert json.loads(page.answer)["data"]["status_label"] == "Sudah digunakan"
    assert "signature: " in page.sent and factories.sign_key_of(voucher) not in page.sent

    await DevPlatformState.send.fn(page, "complete")
    assert json.loads(page.answer)["data"]["certificate_number"].startswith("PKJ-")


async def test_another_providers_voucher_shows_the_refusal(states, backend, voucher, db):
    other = factories.api_provider(db, name="Lembaga Lain")
    page = states(DevPlatformState)
    await DevPlatformState.load.fn(page)
    DevPlatformState.set_client_code.fn(page, other.client_code)
    DevPlatformState.set_code.fn(page, " RENDANG23456 ")
    await DevPlatformState.send.fn(page, "status")
    assert page.answer_status == "HTTP 403"
    assert json.loads(page.answer)["code"] == "code_other_provider"


async def test_nothing_is_sent_without_a_code_or_for_an_unknown_operation(states, backend):
    page = states(DevPlatformState)
    await DevPlatformState.send.fn(page, "status")
    assert page.error == "Pilih lembaga pelatihan dan isi kode voucher."
    page.client_code, page.code = "lp-x", "ABC"
    page.error = ""
    await DevPlatformState.send.fn(page, "drop-table")
    assert (page.answer, page.error) == ("", "")
