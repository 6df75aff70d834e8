"""The outbox and the scheduled jobs in the browser: an operator finds a failed SMS by
its recipient, reads why it failed, sends it again, and looks at the jobs' runs."""

import os
import secrets

import pytest
from playwright.sync_api import Page, expect

from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, OutboxStatus
from prakerja_app.services.messaging.outbox import queue_sms
from tests.e2e.browser import sign_in_as_admin

SHOTS = os.environ.get("PRAKERJA_SCREENSHOTS")  # a folder: keep a picture of each page


@pytest.mark.parametrize("screen", ["desktop"])
def test_an_operator_resends_a_failed_message_and_sees_the_jobs(
    page: Page, app_db, make_admin, screen
):
    national = "812" + "".join(secrets.choice("0123456789") for _ in range(7))
    message = queue_sms(
        app_db,
        to=f"+62{national}",
        body="Hasil seleksi Anda sudah diumumkan.",
        now=clock.current(app_db),
    )
    message.status, message.last_error = OutboxStatus.FAILED, "undeliverable: nomor tidak aktif"
    app_db.commit()

    sign_in_as_admin(page, make_admin(AdminRole.OPERATOR))
    menu = page.get_by_role("navigation", name="Menu admin")
    menu.get_by_role("link", name="Pesan").click()
    expect(page.get_by_role("heading", name="Pesan", exact=True)).to_be_visible()

    page.get_by_label("Penerima").fill("0812-bukan-nomor")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("#recipient-error")).to_contain_text("Cari dengan alamat email lengkap")

    page.get_by_label("Penerima").fill(f"0{national[:3]} {national[3:7]} {national[7:]}")
    page.get_by_label("Status").select_option(OutboxStatus.FAILED.value)
    page.get_by_role("button", name="Cari").click()
    results = page.get_by_role("region", name="Hasil pencarian")
    row = results.get_by_role("row").filter(has_text=f"+62{national}")
    expect(row).to_contain_text("undeliverable: nomor tidak aktif")
    expect(row).to_contain_text("Gagal")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/admin-pesan.png", full_page=True)
    row.get_by_role("button", name=f"Kirim ulang pesan {message.id}").click()
    status = page.get_by_role("status")
    expect(status.filter(has_text="Pesan dimasukkan lagi ke antrean")).to_be_visible()
    expect(status.filter(has_text="Tidak ada pesan yang cocok.")).to_be_visible()  # not failed

    menu.get_by_role("link", name="Tugas terjadwal").click()
    jobs = page.get_by_role("region", name="Tugas terjadwal")
    deadlines = jobs.get_by_role("row").filter(has_text="Batas waktu pembelian pertama")
    expect(deadlines).to_contain_text("WIB")
    expect(jobs.get_by_role("row").filter(has_text="Undian gelombang")).to_contain_text(
        "Saat operator memulainya"
    )
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/admin-tugas.png", full_page=True)
