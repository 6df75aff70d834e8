"""Paying participants, end to end (issue 10's "Done means"): a participant links OVO
with the one-time code; a finance maker and a checker pay a run through the partner's
simulator, and the dashboard shows "Berhasil" with the date and reference. A second
participant's payment fails, the e-wallet not upgraded: they read why and what to do,
upgrade it, press "Saya sudah memperbaikinya", and the next run pays them, with the
first participant's survey 1, answered on the dashboard, in it."""

import itertools
import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from prakerja_app.models import Participant, PayoutAccount, utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.money import incentives
from tests.e2e.browser import log_in, log_out
from tests.e2e.payments import pay_a_run, retried
from tests.e2e.registrants import latest_sms, phone_of, selected_participant, sms_code
from tests.harness import ROOT
from tests.partner_simulator import PartnerSimulator

_RUNS = itertools.count(1)  # each run (one per screen) draws its own waves
SCREENSHOTS = ROOT / "screenshots"  # git-ignored
HOLDER = "Siti Rahayu"  # the registrants' KTP name is SITI RAHAYU
SURVEY_ANSWERS = ["4 - Puas", "Cukup mudah", "4 - Bermanfaat", "Sinyal internet atau kuota", "Ya"]


def _incentives_due(db, user) -> Participant:
    """The participant's four instalments, the first fallen due three days ago."""
    now = clock.program_now(db, utc_now())
    participant = db.exec(select(Participant).where(Participant.user_id == user.id)).one()

    def schedule():
        incentives.schedule(db, participant.id, jakarta_today(now) - timedelta(days=3), now)
        db.commit()

    retried(db, schedule)
    return participant


def _ewallet(simulator: PartnerSimulator, number: str, status: str = "active") -> None:
    simulator.control(
        "accounts", {"bank": "ovo", "account": number, "holder_name": HOLDER, "status": status}
    )


def _link_ovo(page: Page, db, user, national: str) -> None:
    card = page.locator(".payout-account")
    card.get_by_label("Bank atau e-wallet").select_option(label="OVO")
    card.get_by_label("Nomor rekening atau nomor HP e-wallet").fill(national)
    card.get_by_role("button", name="Kirim kode").click()
    expect(card.get_by_label("Kode OTP")).to_be_visible()
    card.get_by_label("Kode OTP").fill(sms_code(latest_sms(db, phone_of(db, user))))
    card.get_by_role("button", name="Hubungkan").click()
    expect(card.get_by_role("status")).to_contain_text("Rekening berhasil dihubungkan")


def _instalment(page: Page, sequence: int):
    return page.locator(".incentive").filter(has_text=f"Insentif ke-{sequence}")


def _answer_survey_1(page: Page) -> None:
    row = page.locator(".survey").filter(has_text="Survei Evaluasi Pelatihan")
    row.get_by_role("link", name="Isi survei").click()
    for n, label in enumerate(SURVEY_ANSWERS, start=1):
        expect(page.get_by_text(f"Pertanyaan {n} dari 5")).to_be_visible()
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Lanjut").click()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("status").get_by_role("heading", name="Selesai")).to_be_visible()
    page.get_by_role("link", name="Kembali ke dasbor").click()


def test_participants_are_paid_and_a_failed_payment_is_paid_once_fixed(
    page: Page,
    app_db,
    app_db_url,
    make_admin,
    partner_notifies_app: PartnerSimulator,
    screen: str,
):
    run = next(_RUNS)
    first, first_user = selected_participant(app_db, app_db_url, wave_number=70 + 2 * run)
    second, second_user = selected_participant(app_db, app_db_url, wave_number=71 + 2 * run)
    _incentives_due(app_db, first_user)
    late = _incentives_due(app_db, second_user)
    ovo = f"0812 6{run:03d} 5{run:03d}"
    _ewallet(partner_notifies_app, ovo.replace(" ", ""))
    second_ovo = f"08135{run:03d}6{run:03d}"  # linked while upgraded; then it is not

    def link_second():
        linked_at = clock.program_now(app_db, utc_now())
        app_db.add(
            PayoutAccount(
                participant_id=late.id,
                provider="ovo",
                account_number=second_ovo,
                holder_name=HOLDER,
                verified_at=linked_at,
            )
        )
        app_db.commit()

    retried(app_db, link_second)
    _ewallet(partner_notifies_app, second_ovo, status="not_upgraded")

    # 1. The first participant links OVO with the code sent to their phone.
    log_in(page, first.email, first.password)
    expect(_instalment(page, 1)).to_contain_text("Menunggu Diproses")
    _link_ovo(page, app_db, first_user, ovo)
    log_out(page, screen)

    # 2-3. The admin pair pays a run; the first participant's payment arrives.
    pay_a_run(page, app_db, make_admin, screen, failing=600_000)
    log_in(page, first.email, first.password)
    paid = _instalment(page, 1)
    expect(paid).to_contain_text("Berhasil")
    expect(paid).to_contain_text(re.compile(r"Dibayar \d+ \w+ 2020, referensi \w{18}"))
    expect(_instalment(page, 2)).to_contain_text("Menunggu Diproses")
    SCREENSHOTS.mkdir(exist_ok=True)
    paid.screenshot(path=str(SCREENSHOTS / f"incentive-paid-{screen}.png"))
    # 5. Survey 1 opens once the first incentive is paid; it is answered.
    _answer_survey_1(page)
    survey = page.locator(".survey").filter(has_text="Survei Evaluasi Pelatihan")
    expect(survey.locator(".survey-payment")).to_have_text(
        "Insentif survei Rp 50.000: Menunggu Diproses"
    )
    log_out(page, screen)

    # 4. The second participant reads why theirs failed, fixes it, and says so.
    log_in(page, second.email, second.password)
    failed = _instalment(page, 1)
    expect(failed).to_contain_text("Gagal")
    expect(failed).to_contain_text("Alasan: akun belum di-upgrade")
    expect(failed).to_contain_text("Upgrade akun Anda lalu kami coba lagi")
    page.screenshot(path=str(SCREENSHOTS / f"incentive-failed-{screen}.png"), full_page=True)
    failed.get_by_role("button", name="Saya sudah memperbaikinya").click()
    expect(failed.get_by_role("alert")).to_contain_text("belum di-upgrade")  # not yet
    _ewallet(partner_notifies_app, second_ovo)  # upgraded in the e-wallet's app
    failed.get_by_role("button", name="Saya sudah memperbaikinya").click()
    expect(page.get_by_text("akan dikirim lagi pada putaran pembayaran berikutnya")).to_be_visible()
    expect(_instalment(page, 1)).to_contain_text("Menunggu Diproses")
    log_out(page, screen)

    # The next run pays the second participant's instalment and the first one's survey.
    pay_a_run(page, app_db, make_admin, screen)
    log_in(page, second.email, second.password)
    expect(_instalment(page, 1)).to_contain_text("Berhasil")
    log_out(page, screen)
    log_in(page, first.email, first.password)
    expect(survey.locator(".survey-payment")).to_have_text("Insentif survei Rp 50.000: Berhasil")
