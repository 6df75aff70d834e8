"""The reports page in the browser: an auditor sees the funnel and the other charts, picks
another wave, and downloads a table as CSV."""

from playwright.sync_api import Page, expect

from prakerja_app.services.core.vocab import AdminRole
from tests.e2e.browser import sign_in_as_admin


def test_an_auditor_reads_the_funnel_chart_and_exports_it(page: Page, make_admin):
    sign_in_as_admin(page, make_admin(AdminRole.AUDITOR))
    page.get_by_role("navigation", name="Menu admin").get_by_role("link", name="Laporan").click()
    expect(page.get_by_role("heading", name="Laporan")).to_be_visible()
    funnel = page.get_by_role("heading", name="Corong peserta").locator("../..")
    expect(funnel.locator(".recharts-surface").first).to_be_visible()
    expect(funnel.get_by_role("rowheader", name="Lolos seleksi")).to_be_visible()
    expect(page.locator(".recharts-wrapper")).to_have_count(3)
    wave = page.get_by_label("Gelombang")
    wave.select_option("6")
    expect(wave).to_have_value("6")
    expect(funnel.get_by_role("row").filter(has_text="Gabung gelombang")).to_be_visible()
    with page.expect_download() as download:
        funnel.get_by_role("button", name="Unduh CSV").click()
    assert download.value.suggested_filename == "laporan-funnel-gelombang-6.csv"
    exported = download.value.path().read_text(encoding="utf-8")
    assert exported.splitlines()[0] == "Tahap,Jumlah,Persen dari pendaftar"
