"""The verification queue in the browser: two applicants sent the same KTP photo; a
verifier finds them in the queue, rejects one (a too-short reason first, refused next to
the field) and approves the other; the rejected applicant then reads the reason on the
dashboard."""

import re
import secrets

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from prakerja_app.models import User, id_of
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.selection import waves
from prakerja_app.services.verification import decisions
from tests import factories
from tests.e2e import registrants
from tests.e2e.browser import log_in, log_out, sign_in_as_admin

REASON = "Foto KTP Anda sama dengan foto milik pendaftar lain."


def _sent_photo(db: Session, photo: bytes, name: str) -> registrants.Registrant:
    """An applicant who clicked "Kirim data" with this KTP photo, finished registering and
    joined the open wave, under a name of this test's own."""
    made = registrants.applicant_at(db, Step.WAVE, ktp_photo=photo)
    user = db.exec(select(User).where(User.email == made.email)).one()
    user.full_name = name
    db.commit()
    now = clock.current(db)
    wave = waves.joinable_waves(db, user_id=id_of(user), now=now)[0]
    waves.join(db, user_id=id_of(user), wave_id=id_of(wave), statement=True, now=now)
    return made


@pytest.mark.parametrize("screen", ["desktop"])
def test_a_verifier_rejects_a_flagged_applicant_who_then_reads_why(
    page: Page, app_db, make_admin, screen
):
    tag = secrets.token_hex(3)
    photo = factories.detailed_photo_bytes(secrets.randbits(32))
    names = (f"Rina Foto {tag}", f"Dewi Foto {tag}")
    rejected, _approved = (_sent_photo(app_db, photo, name) for name in names)

    sign_in_as_admin(page, make_admin(AdminRole.VERIFIER))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Verifikasi").click()
    expect(page.get_by_role("heading", name="Verifikasi pendaftar")).to_be_visible()
    page.get_by_label("Jenis tanda").select_option("photo")
    page.get_by_role("button", name="Tampilkan").click()
    first = page.get_by_role("article", name=names[0])
    expect(first.get_by_text("Foto sama dengan pendaftar lain")).to_be_visible()
    expect(first.get_by_role("link", name=names[1])).to_have_attribute(
        "href", re.compile(r"/admin/pendaftar/\d+$")
    )
    expect(first.get_by_text(rejected.nik[:4] + "********" + rejected.nik[-4:])).to_be_visible()

    first.get_by_role("button", name="Tolak").click()
    reason = first.get_by_label("Alasan penolakan")
    reason.fill("Palsu")
    first.get_by_role("button", name="Tolak pendaftar").click()
    expect(first.get_by_role("alert")).to_have_text(
        "Tulis alasan penolakan paling sedikit 10 karakter; pendaftar akan membacanya."
    )
    expect(reason).to_have_attribute("aria-invalid", "true")
    reason.fill(REASON)
    first.get_by_role("button", name="Tolak pendaftar").click()
    expect(page.get_by_role("status").filter(has_text="Pendaftar ditolak.")).to_be_visible()
    expect(page.get_by_role("article", name=names[0])).to_have_count(0)

    second = page.get_by_role("article", name=names[1])
    second.get_by_role("button", name="Setujui").click()
    expect(page.get_by_text("Kasus disetujui. Pendaftar tetap ikut seleksi.")).to_be_visible()
    expect(page.get_by_role("article", name=names[1])).to_have_count(0)
    log_out(page, screen)

    log_in(page, rejected.email, rejected.password)
    expect(page).to_have_url(re.compile("/dasbor/?$"))
    expect(page.get_by_role("heading", name="Data Anda tidak lolos verifikasi")).to_be_visible()
    expect(page.get_by_text(REASON, exact=False)).to_be_visible()
    app_db.commit()
    user = app_db.exec(select(User).where(User.email == rejected.email)).one()
    assert decisions.rejection_of(app_db, user.id) == REASON
