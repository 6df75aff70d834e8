"""A participant links OVO as their payout account on the dashboard: the number, "Kirim
kode", a wrong code refused next to its field, then the code from the SMS, checked by the
payment partner's simulator (the app's partner in these tests, `tests.e2e.partner`)."""

import itertools
import os
import re
import subprocess
import sys
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from prakerja_app.models import ApplicantProfile, OutboxMessage, User, Wave, utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import WaveStatus
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.selection import draw, waves
from tests.e2e.browser import log_in
from tests.e2e.registrants import applicant_at
from tests.harness import ROOT
from tests.partner_simulator import PartnerSimulator

# Each run of the test (one per screen) draws its own wave and links its own number.
_RUNS = itertools.count(1)
SCREENSHOTS = ROOT / "screenshots"  # git-ignored


def _applicant(db: Session, tries: int = 3):
    """`applicant_at(db, Step.WAVE)`, again after SQLite's "database is locked".

    `applicant_at` reads the program clock and then writes, in one transaction; in WAL
    mode a write after a read fails at once when another connection committed in between
    (the app's job workers do at the session's start), whatever the busy timeout. Its
    rows of a failed try are rolled back (or left unused, under another email).
    """
    for attempt in range(tries):
        try:
            return applicant_at(db, Step.WAVE)
        except OperationalError:
            db.rollback()
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def _participant(db: Session, app_db_url: str, wave_number: int):
    """An applicant who joined a small wave that has closed and been drawn."""
    registrant = _applicant(db)
    now = clock.program_now(db, utc_now())
    wave = Wave(
        number=wave_number,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        quota=10,
        status=WaveStatus.OPEN,
    )
    db.add(wave)
    db.commit()
    draw.commit_seed(db, wave.id, now)
    db.commit()
    user = db.exec(select(User).where(User.email == registrant.email)).one()
    waves.join(db, user_id=user.id, wave_id=wave.id, statement=True, now=now)
    wave.closes_at = now - timedelta(minutes=1)
    db.commit()
    drawn = subprocess.run(
        [sys.executable, "-m", "prakerja_app", "select-wave", str(wave_number), "--here"],
        cwd=ROOT,
        env={**os.environ, "REFLEX_DB_URL": app_db_url},
        check=False,
        capture_output=True,
        text=True,
    )
    assert drawn.returncode == 0, drawn.stderr
    return registrant, user


def _latest_code(db: Session, user: User) -> str:
    """The code of the latest SMS to the participant's phone (the dev outbox)."""
    db.expire_all()
    phone = db.exec(select(ApplicantProfile.phone).where(ApplicantProfile.user_id == user.id)).one()
    message = db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.channel == "sms", OutboxMessage.recipient == phone)
        .order_by(col(OutboxMessage.id).desc())
    ).first()
    assert message is not None and "rekening pencairan" in body_of(message)
    return re.search(r"\b(\d{6})\b", body_of(message)).group(1)


def test_a_participant_links_ovo_with_the_code(
    page: Page, app_db, app_db_url, partner_simulator: PartnerSimulator, screen: str
):
    run = next(_RUNS)
    registrant, user = _participant(app_db, app_db_url, wave_number=90 + 2 * run)
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
    code = _latest_code(app_db, user)

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
