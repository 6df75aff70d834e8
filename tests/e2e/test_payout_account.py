"""A participant links OVO as their payout account on the dashboard: the number, "Kirim
kode", a wrong code refused next to its field, then the code from the SMS, checked by the
payment partner's simulator (the app's partner in these tests, `tests.e2e.partner`)."""

import itertools
import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import log_in
from tests.e2e.registrants import latest_sms, phone_of, selected_participant, sms_code
from tests.harness import ROOT
from tests.partner_simulator import PartnerSimulator

# Each run of the test (one per screen) draws its own wave and links its own number.
_RUNS = itertools.count(1)
SCREENSHOTS = ROOT / "screenshots"  # git-ignored


def test_a_participant_links_ovo_with_the_code(
    page: Page, app_db, app_db_url, partner_simulator: PartnerSimulator, screen: str
):
    run = next(_RUNS)
    registrant, user = selected_participant(app_db, app_db_url, wave_number=90 + 2 * run)
    national = f"0812 7{run:03d} 4{run:03d}"
    partner_simulator.control(
        "accounts",
        {
            "bank": "ovo",
            "account": national.replace(" ", ""),
            "holder_name": "Siti Rahayu",  # the KTP says SITI RAHAYU
            "status": "active",
        },
    )
    log_in(page, registrant.email, registrant.password)
    expect(page).to_have_url(re.compile("/dasbor/?$"))
    card = page.locator(".payout-account")
    expect(card.get_by_role("heading", name="Rekening pencairan insentif")).to_be_visible()

    card.get_by_label("Bank atau e-wallet").select_option(label="OVO")
    card.get_by_label("Nomor rekening atau nomor HP e-wallet").fill("0812")
    card.get_by_role("button", name="Kirim kode").click()
    expect(card.locator("#account_number-error")).to_contain_text("Nomor e-wallet adalah nomor HP")
    SCREENSHOTS.mkdir(exist_ok=True)  # to look at the card at each screen size
    card.screenshot(path=str(SCREENSHOTS / f"payout-card-form-{screen}.png"))

    card.get_by_label("Nomor rekening atau nomor HP e-wallet").fill(national)
    card.get_by_role("button", name="Kirim kode").click()
    expect(card.get_by_label("Kode OTP")).to_be_visible()
    expect(card.get_by_text(re.compile(r"OVO \*\*\*\*" + national[-4:]))).to_be_visible()
    text = latest_sms(app_db, phone_of(app_db, user))
    assert "rekening pencairan" in text
    code = sms_code(text)

    card.get_by_label("Kode OTP").fill("000000" if code != "000000" else "111111")
    card.get_by_role("button", name="Hubungkan").click()
    expect(card.locator("#otp-error")).to_have_text("Kode OTP salah. Sisa percobaan: 4.")
    expect(card.get_by_label("Kode OTP")).to_have_attribute("aria-invalid", "true")
    card.screenshot(path=str(SCREENSHOTS / f"payout-card-code-{screen}.png"))

    card.get_by_label("Kode OTP").fill(code)
    card.get_by_role("button", name="Hubungkan").click()
    expect(card.get_by_role("status")).to_contain_text("Rekening berhasil dihubungkan")
    expect(card.locator(".payout-number")).to_have_text(f"****{national[-4:]}")
    expect(card.get_by_text("Siti Rahayu")).to_be_visible()
    expect(card.get_by_text(national.replace(" ", ""))).to_have_count(0)
    card.screenshot(path=str(SCREENSHOTS / f"payout-card-linked-{screen}.png"))

    page.reload()  # it is stored, not only shown
    expect(page.locator(".payout-account .payout-number")).to_have_text(f"****{national[-4:]}")
    expect(page.get_by_role("button", name="Ganti rekening")).to_be_visible()
