"""The waves page in the browser: an operator creates a wave, is told why a wrong field is
refused, opens and closes it, runs the draw and watches it, then publishes the results."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from prakerja_app.models import Wave
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole
from tests import factories
from tests.e2e.browser import sign_in_as_admin

SIZES = {"desktop": None, "tablet": {"width": 820, "height": 1180}}
NUMBERS = {"desktop": 40, "tablet": 41}


def _local(moment) -> str:
    from prakerja_app.services.core.formatting import WIB

    return moment.astimezone(WIB).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("screen", ["desktop"])
@pytest.mark.parametrize("size", list(SIZES))
def test_an_operator_runs_a_wave_from_creation_to_its_results(
    page: Page, app_db, make_admin, screen, size
):
    if SIZES[size]:
        page.set_viewport_size(SIZES[size])
    number = NUMBERS[size]
    now = clock.current(app_db)
    sign_in_as_admin(page, make_admin(AdminRole.OPERATOR))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Gelombang").click()
    expect(page.get_by_role("heading", name="Gelombang", exact=True)).to_be_visible()

    page.get_by_role("button", name="Buat gelombang").click()
    page.get_by_label("Nomor gelombang").fill(str(number))
    page.get_by_label("Kuota peserta").fill("0")
    page.get_by_label("Waktu buka (WIB)").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Waktu tutup (WIB)").fill(_local(now - timedelta(hours=2)))
    page.get_by_role("button", name="Simpan gelombang").click()
    expect(page.locator("#quota-error")).to_contain_text("Kuota harus berupa bilangan bulat")
    expect(page.locator("#closes_at-error")).to_have_text("Waktu tutup harus sesudah waktu buka.")
    page.get_by_label("Kuota peserta").fill("2")
    page.get_by_label("Waktu tutup (WIB)").fill(_local(now + timedelta(days=3)))
    page.get_by_label("Batas penerima per Kartu Keluarga (KK)").fill("1")
    page.get_by_role("button", name="Simpan gelombang").click()
    expect(page.get_by_role("status")).to_have_text(f"Gelombang {number} disimpan.")

    card = page.get_by_role("region", name=f"Gelombang {number}")
    expect(card.get_by_text("Terjadwal")).to_be_visible()
    card.get_by_role("button", name="Buka gelombang").click()
    card.get_by_role("button", name="Ya, buka gelombang").click()
    expect(card.get_by_role("status")).to_contain_text("Hash benih undian sudah diumumkan")
    expect(card.get_by_text("Hash benih undian (diumumkan saat dibuka)")).to_be_visible()
    expect(card.get_by_role("button", name="Ubah")).to_have_count(0)

    app_db.commit()  # a fresh read: the app wrote the wave
    wave = app_db.exec(select(Wave).where(Wave.number == number)).one()
    factories.wave_applicants(app_db, wave.id, now, 3)
    card.get_by_role("button", name="Jalankan undian").click()
    card.get_by_role("button", name="Ya, jalankan undian").click()
    expect(card.get_by_role("alert")).to_contain_text("setelah gelombang ditutup")

    card.get_by_role("button", name="Tutup gelombang").click()
    card.get_by_role("button", name="Ya, tutup gelombang").click()
    expect(card.get_by_text("Ditutup", exact=True)).to_be_visible()
    card.get_by_role("button", name="Jalankan undian").click()
    card.get_by_role("button", name="Ya, jalankan undian").click()
    expect(card.get_by_role("progressbar", name=f"Kemajuan Gelombang {number}")).to_be_visible()
    drawn = card.get_by_text("Sudah diundi, hasil belum diumumkan")
    expect(drawn).to_be_visible(timeout=45_000)  # the job worker, on a busy machine
    expect(card.get_by_text("Terpilih", exact=True)).to_be_visible()
    expect(card.get_by_text("Tidak terpilih", exact=True)).to_be_visible()
    expect(card.get_by_text("Benih undian (dibuka bersama hasil)")).to_have_count(0)

    card.get_by_role("button", name="Umumkan hasil").click()
    card.get_by_role("button", name="Ya, umumkan hasil").click()
    expect(card.get_by_text("Hasil diumumkan", exact=True)).to_be_visible()
    expect(card.get_by_text("Benih undian (dibuka bersama hasil)")).to_be_visible()
    expect(card.get_by_role("button", name="Umumkan hasil")).to_have_count(0)
