"""A participant whose first incentive was paid answers survey 1 on the dashboard, one
question per screen (Lanjut without a choice is refused next to the options; Kembali
keeps the earlier answer), sends it, and sees its Rp 50.000 waiting to be paid; an
admin then sees the answer counted on /admin/survei."""

import itertools
import re

from playwright.sync_api import Page, expect
from sqlmodel import select

from prakerja_app.models import Participant, utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import AdminRole, PaymentStatus
from prakerja_app.services.money import incentives
from tests.e2e.browser import log_in, log_out, sign_in_as_admin
from tests.e2e.registrants import selected_participant
from tests.harness import ROOT

_RUNS = itertools.count(1)  # each run (one per screen) draws its own wave
SCREENSHOTS = ROOT / "screenshots"  # git-ignored
ANSWERS = [
    "4 - Puas",
    "Cukup mudah",
    "4 - Bermanfaat",
    "Sinyal internet atau kuota",
    "Ya",
]


def _first_incentive_paid(db, user) -> None:
    """As a payment run would leave it: the four instalments, the first one paid now."""
    now = clock.program_now(db, utc_now())
    participant = db.exec(select(Participant).where(Participant.user_id == user.id)).one()
    first = incentives.schedule(db, participant.id, jakarta_today(now), now)[0]
    first.status, first.paid_at = PaymentStatus.PAID, now
    db.commit()


def _choose(page: Page, number: int, label: str) -> None:
    expect(page.get_by_text(f"Pertanyaan {number} dari 5")).to_be_visible()
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Lanjut").click()


def test_a_participant_answers_survey_1_and_an_admin_sees_it_counted(
    page: Page, app_db, app_db_url, make_admin, screen: str
):
    registrant, user = selected_participant(app_db, app_db_url, wave_number=80 + next(_RUNS))
    _first_incentive_paid(app_db, user)
    log_in(page, registrant.email, registrant.password)
    expect(page).to_have_url(re.compile("/dasbor/?$"))
    row = page.locator(".survey").filter(has_text="Survei Evaluasi Pelatihan")
    expect(row.get_by_text(re.compile(r"Dapat diisi sampai \d+ \w+ 2020"))).to_be_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.locator(".survey").first.locator("..").screenshot(
        path=str(SCREENSHOTS / f"survey-dashboard-open-{screen}.png")
    )
    row.get_by_role("link", name="Isi survei").click()

    expect(page).to_have_url(re.compile("/dasbor/survei/1/?$"))
    expect(page.get_by_role("heading", name="Survei Evaluasi Pelatihan")).to_be_visible()
    expect(page.get_by_text("Pertanyaan 1 dari 5")).to_be_visible()
    page.get_by_role("button", name="Lanjut").click()  # nothing chosen
    expect(page.locator("#choice-error")).to_have_text(
        "Pilih salah satu jawaban, lalu tekan Lanjut."
    )
    expect(page.get_by_text("Pertanyaan 1 dari 5")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / f"survey-question-refused-{screen}.png"))

    _choose(page, 1, ANSWERS[0])
    expect(page.locator("#choice-error")).to_have_count(0)
    _choose(page, 2, ANSWERS[1])
    page.get_by_role("button", name="Kembali").click()  # back to question 2: still chosen
    expect(page.get_by_text("Pertanyaan 2 dari 5")).to_be_visible()
    expect(page.get_by_label(ANSWERS[1], exact=True)).to_be_checked()
    page.get_by_role("button", name="Lanjut").click()
    page.screenshot(path=str(SCREENSHOTS / f"survey-question-{screen}.png"))
    for number, label in enumerate(ANSWERS[2:], start=3):
        _choose(page, number, label)

    expect(page.get_by_role("heading", name="Periksa jawaban Anda")).to_be_visible()
    for label in ANSWERS:
        expect(page.get_by_role("listitem").get_by_text(label, exact=True)).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / f"survey-summary-{screen}.png"), full_page=True)
    page.get_by_role("button", name="Kirim jawaban").click()
    done = page.get_by_role("status")
    expect(done.get_by_role("heading", name="Selesai")).to_be_visible()
    expect(done).to_contain_text("Insentif survei Rp 50.000 akan dibayarkan")
    page.screenshot(path=str(SCREENSHOTS / f"survey-done-{screen}.png"))

    done.get_by_role("link", name="Kembali ke dasbor").click()
    expect(page).to_have_url(re.compile("/dasbor/?$"))
    expect(row.locator(".survey-status")).to_have_text("Selesai")
    expect(row.locator(".survey-payment")).to_have_text(
        "Insentif survei Rp 50.000: Menunggu Diproses"
    )
    expect(row.get_by_role("link", name="Isi survei")).to_have_count(0)
    page.locator(".survey").first.locator("..").screenshot(
        path=str(SCREENSHOTS / f"survey-dashboard-answered-{screen}.png")
    )
    page.goto("/dasbor/survei/1")  # once only
    expect(page.get_by_role("alert")).to_contain_text("Anda sudah mengisi survei ini")

    log_out(page, screen)
    sign_in_as_admin(page, make_admin(AdminRole.VERIFIER))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Survei").click()
    expect(page.get_by_role("heading", name="Hasil survei evaluasi")).to_be_visible()
    first = page.locator(".survey-result").filter(has_text="Survei Evaluasi Pelatihan")
    expect(first.locator(".responses")).to_have_text(re.compile(r"^\d+ responden$"))
    bar = first.locator(".option-bar").filter(has_text="4 - Puas")
    expect(bar).to_contain_text(re.compile(r"[1-9]\d* \(\d+%\)"))
    page.screenshot(path=str(SCREENSHOTS / f"survey-admin-{screen}.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh CSV").click()
    assert download.value.suggested_filename == "hasil-survei.csv"
    exported = download.value.path().read_text(encoding="utf-8").splitlines()
    assert exported[0] == "Survei,Judul,Pertanyaan,Jawaban,Jumlah"
