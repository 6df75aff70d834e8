"""The applicant's registration wizard in the browser, from account to joining wave 7."""

import re
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core import clock
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.registration.steps import Step
from tests import factories
from tests.e2e.browser import log_in
from tests.e2e.registrants import (
    PASSWORD,
    applicant_at,
    jpeg,
    latest_sms,
    new_nik,
    new_phone,
    sms_code,
)

LINK = re.compile(r"https?://\S+/konfirmasi-email\?token=\S+")


def _step_heading(page: Page, number: int, label: str) -> None:
    expect(page.get_by_text(f"Langkah {number} dari 8: {label}")).to_be_visible()


def _fill_identity(page: Page, nik: str, birth_date: str) -> None:
    page.get_by_label("NIK (16 digit)").fill(nik)
    page.get_by_label("Nomor Kartu Keluarga (16 digit)").fill("3174050101090003")
    page.get_by_label("Tanggal lahir").fill(birth_date)
    page.get_by_role("button", name="Berikutnya").click()


def test_a_new_applicant_registers_and_joins_wave_7(page: Page, screen, mail_server, app_db):
    email = f"budi.{screen}@contoh.id"
    # 1. The account.
    page.goto("/daftar")
    _step_heading(page, 1, "Buat akun")
    page.get_by_label("Nama lengkap").fill("Budi Santoso")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill("budisantoso99")
    page.get_by_role("button", name="Daftar", exact=True).last.click()
    expect(page.get_by_text("tidak boleh memuat email atau nama Anda")).to_be_visible()
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Daftar", exact=True).last.click()
    # 2. The confirmation email, through a real SMTP server.
    _step_heading(page, 2, "Konfirmasi email")
    expect(page.get_by_text(email)).to_be_visible()
    mail = mail_server.wait_for(email, "Konfirmasi email")
    page.goto(LINK.search(mail.get_content()).group(0))
    expect(page.get_by_role("status")).to_contain_text("Email Anda sudah terkonfirmasi")
    # 3. Login.
    log_in(page, email, PASSWORD)
    # 4. NIK and birth date.
    _step_heading(page, 4, "NIK dan tanggal lahir")
    _fill_identity(page, new_nik(), "1990-05-15")
    # 5. Personal data, photos, check and send.
    _step_heading(page, 5, "Data diri")
    page.get_by_label("Nama lengkap sesuai KTP").fill("SITI BUDI SANTOSO")
    page.get_by_label("Perempuan").check()
    page.get_by_label("Alamat sesuai KTP").fill("Jl. Kebon Jeruk Raya No. 5, RT 02/RW 03")
    page.get_by_label("Provinsi domisili").select_option(label="DKI Jakarta")
    page.get_by_label("Kabupaten/kota domisili").select_option(label="Kota Jakarta Selatan")
    page.get_by_label("Kecamatan domisili").fill("Kebayoran Baru")
    page.get_by_label("Status perkawinan").select_option(label="Kawin")
    page.get_by_label("Pendidikan terakhir").select_option(label="SMA/SMK/sederajat")
    page.get_by_label("Status pekerjaan").select_option(label="Korban PHK")
    page.get_by_label("Minat pelatihan").select_option(label="Pemasaran Digital")
    page.get_by_label("Tidak", exact=True).check()
    page.get_by_label(re.compile("Saya bukan pejabat negara")).check()
    page.get_by_role("button", name="Simpan dan lanjut").click()
    expect(page.get_by_role("heading", name="Foto KTP dan selfie")).to_be_visible()
    page.locator(".upload-ktp_photo input[type=file]").set_input_files(
        files=[{"name": "ktp.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
    )
    expect(page.get_by_role("img", name="Pratinjau foto KTP")).to_be_visible()
    page.locator(".upload-selfie_photo input[type=file]").set_input_files(
        files=[{"name": "selfie.png", "mimeType": "image/jpeg", "buffer": jpeg(600, 800)}]
    )
    expect(page.get_by_role("img", name="Pratinjau foto selfie")).to_be_visible()
    page.get_by_role("button", name="Periksa data").click()
    expect(page.get_by_role("heading", name="Periksa data Anda")).to_be_visible()
    expect(page.get_by_text("Kota Jakarta Selatan")).to_be_visible()
    summary = page.locator("dl")
    for label in ("NIK", "Nomor KK", "Tanggal lahir"):  # what step 4 took, to check too
        expect(summary.locator("dt", has_text=label).first).to_be_visible()
    expect(summary.get_by_text(re.compile(r"^3174\*{8}\d{4}$")).first).to_be_visible()
    page.get_by_label(re.compile("data yang saya isi benar")).check()
    page.get_by_role("button", name="Kirim data").click()
    # 6. Phone number and the SMS code.
    _step_heading(page, 6, "Nomor HP")
    phone = new_phone()
    page.get_by_label("Nomor HP aktif").fill(phone)
    page.get_by_role("button", name="Kirim kode OTP").click()
    expect(page.get_by_role("button", name=re.compile("Kirim ulang kode dalam"))).to_be_disabled()
    page.get_by_label("Kode OTP").fill(sms_code(latest_sms(app_db, phone)))
    page.get_by_role("button", name="Verifikasi").click()
    # 7. The motivation test, against the clock.
    _step_heading(page, 7, "Tes motivasi")
    page.get_by_role("button", name="Mulai tes").click()
    expect(page.get_by_role("timer")).to_contain_text("Sisa waktu")
    for number in (1, 2, 3):
        expect(page.get_by_text(f"Pertanyaan {number} dari 3")).to_be_visible()
        page.locator("label.choice").first.click()
        page.get_by_role("button", name="Jawab").click()
    mail_server.wait_for(email, "Tes motivasi")
    # 8. Join wave 7.
    _step_heading(page, 8, "Gabung gelombang")
    page.get_by_role("button", name="Gabung").click()
    expect(page.get_by_role("alert")).to_contain_text("Centang pernyataan")
    page.get_by_label(re.compile("seluruh data yang saya berikan benar")).check()
    page.get_by_role("button", name="Gabung").click()
    expect(page).to_have_url(re.compile("/dasbor/?$"))
    expect(page.get_by_role("heading", name="Menunggu hasil seleksi")).to_be_visible()
    expect(page.get_by_text("Anda sudah terdaftar di Gelombang 7")).to_be_visible()
    expect(page.get_by_text("Gelombang 7")).to_be_visible()
    expect(page.get_by_text("Minggu, 6 September 2020 23.59 WIB")).to_be_visible()


def test_a_reload_or_another_device_resumes_at_the_same_step(page: Page, app, app_db):
    registrant = applicant_at(app_db, Step.PERSONAL, form_saved=True)
    log_in(page, registrant.email, registrant.password)
    expect(page.get_by_role("heading", name="Foto KTP dan selfie")).to_be_visible()
    page.reload()
    _step_heading(page, 5, "Data diri")
    expect(page.get_by_role("heading", name="Foto KTP dan selfie")).to_be_visible()
    other_device = page.context.browser.new_context(base_url=app.frontend_url.rstrip("/"))
    try:
        tab = other_device.new_page()
        log_in(tab, registrant.email, registrant.password)
        expect(tab.get_by_text("Langkah 5 dari 8: Data diri")).to_be_visible()
    finally:
        other_device.close()


def test_an_underage_nik_is_refused(page: Page, app_db):
    registrant = applicant_at(app_db, Step.IDENTITY)
    log_in(page, registrant.email, registrant.password)
    # Born 6 September 2002: 18 only two days after the demo's 4 September 2020.
    _fill_identity(page, "3174050609020001", "2002-09-06")
    expect(page.get_by_text("Usia Anda belum 18 tahun")).to_be_visible()
    _step_heading(page, 4, "NIK dan tanggal lahir")


def test_a_birth_date_that_does_not_match_the_nik_is_refused(page: Page, app_db):
    registrant = applicant_at(app_db, Step.IDENTITY)
    log_in(page, registrant.email, registrant.password)
    _fill_identity(page, new_nik(), "1990-05-16")
    expect(page.get_by_text("Tanggal lahir tidak sesuai dengan NIK")).to_be_visible()
    _fill_identity(page, "31740555059", "1990-05-15")
    expect(page.get_by_text("NIK harus 16 digit (Anda memasukkan 11 digit).")).to_be_visible()
    _step_heading(page, 4, "NIK dan tanggal lahir")


def test_a_nik_already_used_by_another_account_is_refused(page: Page, app_db):
    first = applicant_at(app_db, Step.PHONE)
    second = applicant_at(app_db, Step.IDENTITY)
    log_in(page, second.email, second.password)
    _fill_identity(page, first.nik, "1990-05-15")
    expect(page.get_by_text("NIK ini sudah terdaftar pada akun lain")).to_be_visible()
    _step_heading(page, 4, "NIK dan tanggal lahir")


def test_five_wrong_codes_lock_the_otp(page: Page, app_db):
    registrant = applicant_at(app_db, Step.PHONE)
    log_in(page, registrant.email, registrant.password)
    phone = new_phone()
    page.get_by_label("Nomor HP aktif").fill(phone)
    page.get_by_role("button", name="Kirim kode OTP").click()
    expect(page.get_by_label("Kode OTP")).to_be_visible()
    right = sms_code(latest_sms(app_db, phone))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        page.get_by_label("Kode OTP").fill(wrong)
        page.get_by_role("button", name="Verifikasi").click()
        expect(page.get_by_text(f"Kode OTP salah. Sisa percobaan: {left}.")).to_be_visible()
    page.get_by_label("Kode OTP").fill(wrong)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("sudah diblokir")).to_be_visible()
    page.get_by_label("Kode OTP").fill(right)
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("sudah diblokir")).to_be_visible()
    _step_heading(page, 6, "Nomor HP")


def test_an_expired_confirmation_link_is_refused(page: Page, screen, app_db):
    email = f"rina.{screen}@contoh.id"
    registered = clock.current(app_db) - timedelta(hours=24, seconds=1)
    factories.register(app_db, registered, full_name="Rina Kusuma", email=email, password=PASSWORD)
    mail = app_db.exec(select(OutboxMessage).where(OutboxMessage.recipient == email)).one()
    page.goto(LINK.search(body_of(mail)).group(0))
    expect(page.get_by_role("alert")).to_contain_text("Tautan konfirmasi sudah kedaluwarsa")
    log_in(page, email, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("Email Anda belum dikonfirmasi")


def test_an_oversized_photo_a_pdf_and_a_renamed_text_file_are_refused(page: Page, app_db):
    registrant = applicant_at(app_db, Step.PERSONAL, form_saved=True)
    log_in(page, registrant.email, registrant.password)
    expect(page.get_by_role("heading", name="Foto KTP dan selfie")).to_be_visible()
    upload = page.locator(".upload-ktp_photo input[type=file]")
    too_big = jpeg() + bytes(10 * 1024 * 1024)
    upload.set_input_files(files=[{"name": "ktp.jpg", "mimeType": "image/jpeg", "buffer": too_big}])
    expect(page.get_by_text("Ukuran foto paling besar 10 MB.")).to_be_visible()
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
    upload.set_input_files(
        files=[{"name": "ktp.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    expect(page.locator("#ktp_photo-error")).to_have_text("Foto harus berformat JPG atau PNG.")
    expect(page.get_by_text("Files not Accepted")).to_have_count(0)
    expect(page.get_by_text("Pilih foto terlebih dahulu.")).to_have_count(0)
    text = b"ini bukan foto, hanya teks biasa"
    upload.set_input_files(files=[{"name": "ktp.jpg", "mimeType": "image/jpeg", "buffer": text}])
    expect(page.get_by_text("Foto harus berformat JPG atau PNG.")).to_be_visible()
    expect(page.get_by_role("img", name="Pratinjau foto KTP")).to_have_count(0)
    page.get_by_role("button", name="Periksa data").click()
    expect(page.get_by_text("Unggah foto ini terlebih dahulu.")).to_have_count(2)


def test_a_phone_cameras_photo_of_several_megabytes_is_taken(page: Page, app_db):
    registrant = applicant_at(app_db, Step.PERSONAL, form_saved=True)
    log_in(page, registrant.email, registrant.password)
    upload = page.locator(".upload-ktp_photo input[type=file]")
    camera = jpeg(4000, 3000) + bytes(5 * 1024 * 1024)  # a 12 MP picture of about 5 MB
    upload.set_input_files(
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": camera}]
    )
    expect(page.get_by_role("img", name="Pratinjau foto KTP")).to_be_visible(timeout=30_000)
    expect(page.locator("#ktp_photo-error")).to_have_count(0)


def test_the_account_step_works_with_the_keyboard_alone_on_a_360px_phone(browser, app, mail_server):
    context = browser.new_context(
        base_url=app.frontend_url.rstrip("/"),
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    try:
        page = context.new_page()
        page.goto("/daftar")
        page.get_by_label("Nama lengkap").focus()
        page.keyboard.type("Dewi Lestari")
        page.keyboard.press("Tab")
        page.keyboard.type("dewi.keyboard@contoh.id")
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Konfirmasi email Anda")).to_be_visible()
        mail_server.wait_for("dewi.keyboard@contoh.id", "Konfirmasi email")
        fits = page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        assert fits
    finally:
        context.close()
