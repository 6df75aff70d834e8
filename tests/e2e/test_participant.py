"""A participant's journey on a phone: selected by the draw, buys a training with an OTP,
the provider redeems and completes it over the signed API, the certificate is verified
through its QR link, the review is written, and the first incentive is scheduled."""

import hashlib
import hmac
import json
import re
import time

import httpx
import pytest
import reflex as rx
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from prakerja_app.models import (
    Training,
    TrainingProvider,
)
from prakerja_app.services.marketplace import api_credentials
from tests.e2e.browser import log_in
from tests.e2e.registrants import latest_sms, phone_of, selected_participant, sms_code

API = "/api/v1/integration/payment/redeem-code"
TRAINING_CODE = "PKJ-0001"


@pytest.fixture
def screen() -> str:
    """This journey runs on a phone."""
    return "phone"


def _provider_call(db: Session, action: str, body: dict) -> dict:
    """What a provider's integration does: sign the request with its key, as the example
    clients published by the program do, and POST it."""
    provider = db.exec(
        select(TrainingProvider)
        .join(Training, col(Training.provider_id) == TrainingProvider.id)
        .where(Training.code == TRAINING_CODE)
    ).one()
    path = f"{API}/{action}"
    text = json.dumps(body, separators=(",", ":"))
    stamp = str(int(time.time()))
    signed = f"{provider.client_code}{stamp}POST{path}{text}".encode()
    key = api_credentials.current_key(provider) or ""
    headers = {
        "Content-Type": "application/json",
        "client_code": provider.client_code,
        "timestamp": stamp,
        "signature": hmac.new(key.encode(), signed, hashlib.sha1).hexdigest(),
    }
    response = httpx.post(rx.config.get_config().api_url + path, content=text, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_participant_buys_completes_reviews_and_gets_the_incentive_scheduled(
    page: Page, app_db, app_db_url
):
    registrant, user = selected_participant(app_db, app_db_url, wave_number=90)
    log_in(page, registrant.email, registrant.password)
    expect(page).to_have_url(re.compile("/dasbor/?$"))
    expect(page.get_by_role("heading", name="Beli pelatihan pertama Anda")).to_be_visible()
    expect(page.locator(".balance")).to_have_text("Rp 1.000.000")
    expect(page.locator(".card-number")).to_have_text(re.compile(r"^\d{4} \d{4} \d{4} \d{4}$"))

    page.goto(f"/pelatihan/{TRAINING_CODE}")
    price = page.get_by_text(re.compile(r"^Rp \d")).first.inner_text()
    page.get_by_role("button", name="Beli dengan saldo pelatihan").click()
    expect(page.get_by_label("Kode OTP")).to_be_visible()
    page.get_by_label("Kode OTP").fill(sms_code(latest_sms(app_db, phone_of(app_db, user))))
    page.get_by_role("button", name=f"Bayar {price}").dblclick()
    expect(page.get_by_role("status")).to_contain_text("Pembelian berhasil")
    voucher = page.locator(".voucher").inner_text()
    page.reload()  # back on the training: no second "Beli", the voucher instead
    expect(page.get_by_role("status")).to_contain_text("Anda sudah membeli pelatihan ini")
    expect(page.locator(".voucher")).to_have_text(voucher)
    expect(page.get_by_role("button", name="Beli dengan saldo pelatihan")).to_have_count(0)

    status = _provider_call(app_db, "status", {"redeem_code": voucher})
    assert status["success"] is True
    assert _provider_call(app_db, "commit", {"redeem_code": voucher})["success"] is True
    completed = _provider_call(app_db, "complete", {"redeem_code": voucher})
    assert completed["success"] is True

    page.goto("/dasbor")
    expect(page.locator(".balance")).not_to_have_text("Rp 1.000.000")
    expect(page.get_by_role("img", name="Kode QR verifikasi sertifikat")).to_be_visible()
    expect(page.locator(".purchase-status")).to_have_count(1)  # the double click bought once
    verify_link = page.get_by_role("link", name="Buka halaman verifikasi")
    href = verify_link.get_attribute("href")
    page.get_by_role("button", name="Beri ulasan").click()
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.get_by_text("Pilih rating", exact=False)).to_be_visible()
    page.get_by_label("5 bintang").check()
    page.get_by_label("Ulasan").fill(
        "Materinya jelas dan langsung bisa dipraktikkan di usaha saya."
    )
    page.get_by_role("button", name="Kirim ulasan").click()
    expect(page.get_by_role("heading", name="Insentif sudah dijadwalkan")).to_be_visible()
    expect(page.locator(".incentive")).to_have_count(4)

    page.goto(re.sub(r"^https?://[^/]+", "", href))
    expect(page.get_by_text("Sertifikat ini asli")).to_be_visible()
    expect(page.get_by_text("Si*** R.")).to_be_visible()
    expect(page.get_by_text(registrant.email)).to_have_count(0)
