"""A forgotten password in the browser: a link by email, or an SMS code to the verified
phone; the new password ends every session, and a used link is refused."""

import re

from playwright.sync_api import Page, expect
from sqlmodel import func, select

from prakerja_app.models import LoginSession, OutboxMessage, User
from tests.e2e.browser import log_in
from tests.e2e.registrants import latest_sms, phone_of, ready_to_join, sms_code
from tests.harness import ROOT, SCREENS

LINK = re.compile(r"https?://\S+/atur-ulang-kata-sandi\?token=\S+")
NEW_PASSWORD = "teh-manis-sore-hari"
SHOTS = ROOT / "screenshots"  # git-ignored


def _shot(page: Page, screen: str, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"reset-{name}-{screen}.png"), full_page=True)


def _on_wave_step(page: Page) -> None:
    expect(page.get_by_text("Langkah 8 dari 8: Gabung gelombang")).to_be_visible()


def _set_new_password(page: Page, screen: str) -> None:
    expect(page.get_by_role("heading", name="Buat kata sandi baru")).to_be_visible()
    page.get_by_label("Kata sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Ulangi kata sandi baru").fill("teh-manis-pagi-hari")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_text("Kedua kata sandi tidak sama.")).to_be_visible()
    page.get_by_label("Ulangi kata sandi baru").fill(NEW_PASSWORD)
    _shot(page, screen, "new-password")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.get_by_role("status")).to_contain_text("Kata sandi baru tersimpan")


def test_a_reset_by_email_ends_the_old_session_and_the_link_works_once(
    page: Page, screen, mail_server, app_db, app
):
    person = ready_to_join(app_db)
    base = app.frontend_url.rstrip("/")
    old_device = page.context.browser.new_context(base_url=base, **SCREENS[screen])
    try:
        old = old_device.new_page()
        log_in(old, person.email, person.password)
        _on_wave_step(old)

        page.goto("/masuk")
        _shot(page, screen, "login")
        page.get_by_role("link", name="Lupa kata sandi?").click()
        expect(page.get_by_role("heading", name="Lupa kata sandi?")).to_be_visible()
        unknown = f"tidak.terdaftar.{screen}@contoh.id"
        page.get_by_label("Email").fill(unknown)
        page.get_by_role("button", name="Kirim tautan").click()
        answer = page.get_by_role("status")
        expect(answer).to_contain_text("Jika email terdaftar, kami mengirim tautan")
        same = answer.inner_text()
        page.get_by_label("Email").fill(person.email)
        page.get_by_role("button", name="Kirim tautan").click()
        expect(page.get_by_role("status")).to_have_text(same)
        _shot(page, screen, "link-sent")
        for _ in range(2):  # the limit counts an unknown address like a known one
            page.get_by_label("Email").fill(unknown)
            page.get_by_role("button", name="Kirim tautan").click()
            expect(page.get_by_role("status")).to_have_text(same)
        page.get_by_label("Email").fill(unknown)
        page.get_by_role("button", name="Kirim tautan").click()
        expect(page.get_by_role("alert")).to_have_text(
            "Terlalu banyak permintaan atur ulang kata sandi untuk email ini."
            " Coba lagi dalam 60 menit."
        )
        _shot(page, screen, "throttled")
        mail = mail_server.wait_for(person.email, "Atur ulang kata sandi")
        app_db.commit()
        queued = select(func.count()).where(OutboxMessage.recipient == unknown)
        assert app_db.exec(queued).one() == 0

        link = LINK.search(mail.get_content()).group(0)
        page.goto(link)
        _set_new_password(page, screen)
        _shot(page, screen, "done")
        app_db.commit()  # a fresh read: SQLite's snapshot would still show the session
        user_id = app_db.exec(select(User.id).where(User.email == person.email)).one()
        sessions = select(func.count()).where(LoginSession.user_id == user_id)
        assert app_db.exec(sessions).one() == 0

        old.goto("/daftar")  # the old device is signed out
        expect(old.get_by_text("Langkah 1 dari 8: Buat akun")).to_be_visible()
        log_in(page, person.email, person.password)
        expect(page.get_by_role("alert")).to_have_text("Email atau kata sandi salah.")
        log_in(page, person.email, NEW_PASSWORD)
        _on_wave_step(page)

        page.goto(link)
        expect(page.get_by_role("alert")).to_have_text(
            "Tautan atur ulang kata sandi tidak valid atau sudah dipakai. Minta tautan baru"
            " jika Anda masih perlu mengganti kata sandi."
        )
        expect(page.get_by_role("button", name="Minta tautan baru")).to_be_visible()
        _shot(page, screen, "link-used")
    finally:
        old_device.close()


def test_a_reset_by_the_verified_phone(page: Page, screen, app_db):
    person = ready_to_join(app_db)
    user = app_db.exec(select(User).where(User.email == person.email)).one()
    phone = phone_of(app_db, user)
    page.goto("/lupa-kata-sandi")
    page.get_by_role("button", name="Tidak bisa membuka email? Gunakan nomor HP").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Nomor HP terverifikasi").fill("0" + phone.removeprefix("+62"))
    page.get_by_role("button", name="Kirim kode OTP").click()
    expect(page.get_by_role("status")).to_contain_text("kami mengirim kode 6 angka lewat SMS")
    app_db.commit()  # a fresh read of the outbox
    right = sms_code(latest_sms(app_db, phone))
    page.get_by_label("Kode OTP").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="Lanjut").click()
    expect(page.get_by_text("Kode salah atau sudah tidak berlaku.")).to_be_visible()
    _shot(page, screen, "code-wrong")
    page.get_by_label("Kode OTP").fill(right)
    page.get_by_role("button", name="Lanjut").click()
    expect(page).to_have_url(re.compile("/atur-ulang-kata-sandi"))
    _set_new_password(page, screen)
    log_in(page, person.email, NEW_PASSWORD)
    _on_wave_step(page)
