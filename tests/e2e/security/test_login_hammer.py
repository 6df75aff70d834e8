"""An attacker hammering an account's password slows down; the owner still logs in.

Both come through the same address, as through a reverse proxy, which names each
client in X-Forwarded-For; the backend trusts it (uvicorn trusts a proxy on loopback, and
the harness sets REFLEX_TRUSTED_PROXY_HOPS=1 as the README says to behind a proxy).
"""

import re

import pytest
from playwright.sync_api import Browser, expect
from sqlmodel import col, select

from prakerja_app.models import LoginAttempt
from prakerja_app.pages.public.login import LoginState
from prakerja_app.services.registration.steps import Step
from tests.e2e.browser import log_in
from tests.e2e.registrants import applicant_at
from tests.e2e.security.sockets import RawTab, delta_of
from tests.harness import SCREENS

pytestmark = pytest.mark.security

ATTACKER, OWNER = "203.0.113.66", "198.51.100.23"
WRONG = "Email atau kata sandi salah."


def _try(thief: RawTab, email: str, password: str) -> str:
    """One login through the login page's handler; the message it shows."""
    thief.send(LoginState, "submit", path="/masuk", form={"email": email, "password": password})
    seen = thief.until(lambda u: delta_of(u, LoginState).get("busy_rx_state_") is False)
    return delta_of(seen[-1], LoginState)["error_rx_state_"]


def test_the_owner_logs_in_while_an_attacker_hammers_the_account(
    browser: Browser, app, app_db, screen
):
    applicant = applicant_at(app_db, Step.IDENTITY)
    with RawTab(**{"X-Forwarded-For": ATTACKER}) as thief:
        answers = [_try(thief, applicant.email, f"tebakan-ke-{n}") for n in range(8)]
    assert answers[:3] == [WRONG] * 3  # three free tries, then a wait that grows
    assert all(re.search(r"Tunggu \d+ detik", a) for a in answers[4:]), answers

    context = browser.new_context(
        base_url=app.frontend_url.rstrip("/"),
        extra_http_headers={"X-Forwarded-For": OWNER},
        **SCREENS[screen],
    )
    page = context.new_page()
    log_in(page, applicant.email, applicant.password)
    expect(page).to_have_url(re.compile("/daftar/?$"))
    context.close()

    tries = app_db.exec(
        select(LoginAttempt.client_key, LoginAttempt.succeeded).where(
            col(LoginAttempt.email) == applicant.email
        )
    ).all()
    assert (OWNER, True) in tries
    assert {key for key, ok in tries if not ok} == {ATTACKER}
