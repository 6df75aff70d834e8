"""Small browser actions shared by the e2e tests."""

import re
from datetime import UTC, datetime

import pyotp
from playwright.sync_api import Page, expect

from tests.harness import Account


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the login page."""
    page.goto("/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).last.click()


def authenticator_code(account: Account) -> str:
    """The admin's authenticator code now, or for the next time step when this one was
    used already (a code works once; the server accepts the next step for clock drift)."""
    totp = pyotp.TOTP(account.totp_secret)
    step = max(totp.timecode(datetime.now(UTC)), account.last_step + 1)
    account.last_step = step
    return totp.generate_otp(step)


def sign_in_as_admin(page: Page, account: Account) -> None:
    """Log an admin in: the password, then the authenticator code; waits for the console."""
    log_in(page, account.email, account.password)
    page.get_by_label("Kode 6 angka").fill(authenticator_code(account))
    page.get_by_role("main").get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("navigation", name="Menu admin")).to_be_visible()


HOME = re.compile(r"://[^/]+/$")


def log_out(page: Page, screen: str) -> None:
    """Log out from the header (inside the menu on a phone); waits for the landing page
    it leads to, so that the next navigation is not cut short by it."""
    if screen == "phone":
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("menuitem", name="Keluar").click()
    else:
        page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(HOME)
