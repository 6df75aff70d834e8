"""The program office's accounts in the browser: a super admin invites an operator, who
sets a password from the emailed link, enrols an authenticator from its QR code, keeps the
recovery codes and reaches the console; the super admin then deactivates them."""

import re

import pyotp
from playwright.sync_api import Page, expect

from prakerja_app.services.core.vocab import AdminRole
from tests.e2e.browser import log_in, sign_in_as_admin

LINK = re.compile(r"https?://\S+/admin/undangan\?token=[\w\-]+")
PASSWORD = "kopi-susu-gula-aren-sore"


def _tablet(page: Page) -> None:
    page.set_viewport_size({"width": 820, "height": 1180})


def test_an_invited_operator_enrols_an_authenticator_and_is_later_deactivated(
    page: Page, browser, make_admin, mail_server, screen
):
    boss = make_admin(AdminRole.SUPER_ADMIN)
    email = f"rina.{screen}@prakerja.go.id"
    sign_in_as_admin(page, boss)
    page.goto("/admin/akun")
    invite = page.get_by_role("heading", name="Undang admin").locator("..")
    # A bad invitation is refused next to its fields.
    invite.get_by_label("Nama lengkap").fill("Rina Wulandari")
    invite.get_by_label("Email").fill("bukan-email")
    invite.get_by_role("button", name="Kirim undangan").click()
    expect(page.get_by_text("Pilih paling sedikit satu peran.")).to_be_visible()
    expect(page.locator("#email-error")).to_be_visible()
    invite.get_by_label("Nama lengkap").fill("Rina Wulandari")
    invite.get_by_label("Email").fill(email)
    invite.get_by_label("Operator").check()
    invite.get_by_role("button", name="Kirim undangan").click()
    expect(page.get_by_role("status")).to_contain_text(f"Undangan dikirim ke {email}")
    row = page.get_by_role("row").filter(has_text=email)
    expect(row).to_contain_text("Diundang")

    # The invited operator, in another browser, on a tablet.
    context = browser.new_context(base_url=page.url.split("/admin")[0])
    theirs = context.new_page()
    _tablet(theirs)
    mail = mail_server.wait_for(email, "Undangan akun admin")
    theirs.goto(LINK.search(mail.get_content()).group(0))
    expect(theirs.get_by_text(email)).to_be_visible()
    theirs.get_by_label("Kata sandi baru").fill(PASSWORD)
    theirs.get_by_label("Ulangi kata sandi").fill(PASSWORD + "x")
    theirs.get_by_role("button", name="Simpan kata sandi").click()
    expect(theirs.get_by_text("Kedua kata sandi tidak sama.")).to_be_visible()
    theirs.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    theirs.get_by_role("button", name="Simpan kata sandi").click()
    expect(theirs.get_by_role("status")).to_contain_text("Kata sandi tersimpan")

    log_in(theirs, email, PASSWORD)
    expect(theirs.get_by_role("heading", name="Pasang aplikasi autentikator")).to_be_visible()
    expect(theirs.get_by_role("img", name="Kode QR untuk aplikasi autentikator")).to_be_visible()
    secret = theirs.locator("#totp-secret").inner_text().replace(" ", "")
    theirs.get_by_label("Kode 6 angka dari aplikasi").fill("000000")
    theirs.get_by_role("button", name="Aktifkan").click()
    expect(theirs.get_by_text("Kode salah atau sudah dipakai.")).to_be_visible()
    theirs.get_by_label("Kode 6 angka dari aplikasi").fill(pyotp.TOTP(secret).now())
    theirs.get_by_role("button", name="Aktifkan").click()
    expect(theirs.get_by_role("heading", name="Simpan kode pemulihan")).to_be_visible()
    codes = re.findall(r"\b[a-z0-9]{5}-[a-z0-9]{5}\b", theirs.get_by_role("main").inner_text())
    assert len(codes) == 10
    theirs.get_by_role("button", name="Saya sudah menyimpan kode ini").click()
    menu = theirs.get_by_role("navigation", name="Menu admin")
    expect(menu.get_by_role("link", name="Gelombang")).to_be_visible()
    expect(menu.get_by_role("link", name="Akun admin")).to_have_count(0)
    theirs.goto("/admin/akun")
    expect(theirs.get_by_role("alert")).to_have_text("Anda tidak berhak membuka halaman ini.")

    # The super admin deactivates them; their open console stops at once.
    page.reload()
    row.get_by_role("button", name="Kelola Rina Wulandari").click()
    page.get_by_role("button", name="Nonaktifkan").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Nonaktifkan").click()
    expect(page.get_by_role("status")).to_have_text("Akun dinonaktifkan.")
    expect(row).to_contain_text("Nonaktif")
    theirs.goto("/admin")
    expect(theirs).to_have_url(re.compile("/masuk/?$"))
    log_in(theirs, email, PASSWORD)
    expect(theirs.get_by_role("alert")).to_have_text("Email atau kata sandi salah.")
    context.close()
