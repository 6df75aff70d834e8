"""A payment run in the browser, maker then checker: three instalments fall due (one into
an inactive e-wallet); an admin holding both finance roles gathers them, types a wrong
total (refused next to the field), prepares the run, and may not approve it (four
eyes); a checker, another admin, approves it; the job workers send it to the partner's
simulator, whose notifications reach the app, and the page shows it sent, paid, and the
failed payment with its reason; the participant's payments are found by card number."""

import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import card_number_text, number, rupiah
from prakerja_app.services.core.vocab import AdminRole
from tests import factories
from tests.e2e.browser import log_out, sign_in_as_admin
from tests.e2e.payments import declare, gather, open_payments, retried
from tests.harness import ROOT, TABLET
from tests.partner_simulator import PartnerSimulator

SCREENSHOTS = ROOT / "screenshots"  # git-ignored
SIZES = {"phone": (390, 844), "tablet": (TABLET["viewport"]["width"], 1024), "desktop": (1280, 800)}
INACTIVE = "0001"  # the simulator's inactive accounts end so


def _screenshots(page: Page, name: str) -> None:
    """The whole page at each screen size, to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SCREENSHOTS / f"payments-{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _payees(app_db) -> tuple[str, str]:
    """Three participants with instalment 1 due and a linked account, one of them an
    inactive e-wallet; the card numbers of a paid one and of the failing one."""

    def payee():
        return factories.payee(app_db, clock.current(app_db))

    paid, _ = retried(app_db, payee)
    retried(app_db, payee)
    failing, account = retried(app_db, payee)
    assert account is not None
    account.account_number = f"0813{secrets.randbelow(10**4):04d}{INACTIVE}"
    app_db.commit()
    return paid.card_number, failing.card_number


@pytest.mark.parametrize("screen", ["desktop"])
def test_a_maker_prepares_a_checker_approves_and_the_run_is_paid(
    page: Page, app_db, make_admin, partner_notifies_app: PartnerSimulator, screen
):
    paid_card, failing_card = _payees(app_db)
    both = make_admin(AdminRole.FINANCE_MAKER, AdminRole.FINANCE_CHECKER)
    sign_in_as_admin(page, both)
    open_payments(page)

    held = gather(page, app_db)
    run_id = held.id
    assert held.count >= 3
    count, total = number(held.count), rupiah(held.total)
    expect(page.get_by_text(f"Putaran #{run_id}", exact=False).first).to_be_visible()

    declare(page, str(held.count), str(held.total - 600_000), "Siapkan putaran")
    expect(page.locator("#total-error")).to_have_text(
        f"Isi putaran berubah: sekarang {count} pembayaran, total {total}. Periksa lagi lalu"
        " ulangi dengan angka ini."
    )
    expect(page.get_by_label("Total (rupiah)")).to_have_attribute("aria-invalid", "true")
    _screenshots(page, "refused")
    declare(page, count, total, "Siapkan putaran")
    expect(page.get_by_role("status").filter(has_text="Putaran disiapkan.")).to_be_visible()

    declare(page, count, total, "Setujui dan kirim")  # the same admin, as checker
    expect(page.get_by_role("alert")).to_contain_text(
        "Anda menyiapkan putaran ini, jadi tidak boleh menyetujuinya."
    )
    _screenshots(page, "four-eyes")
    log_out(page, screen)

    sign_in_as_admin(page, make_admin(AdminRole.FINANCE_CHECKER))
    open_payments(page)
    expect(page.get_by_text("Dinyatakan oleh", exact=False)).to_contain_text(
        f"{count} pembayaran, total {total}"
    )
    declare(page, count, total, "Setujui dan kirim")
    expect(page.get_by_role("status").filter(has_text="Putaran disetujui")).to_be_visible()

    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=f"#{run_id}"))
    expect(row).to_contain_text("Terkirim", timeout=60_000)
    expect(row).to_contain_text(rupiah(held.total - 600_000), timeout=60_000)  # paid
    failure = page.get_by_role("article", name=f"Pembayaran gagal {card_number_text(failing_card)}")
    expect(failure).to_contain_text("Akun tidak aktif")
    expect(failure).to_contain_text(re.compile(r"OVO \*\*\*\*" + INACTIVE))
    expect(page.get_by_text("Tidak ada putaran terbuka.", exact=False)).to_be_visible()

    page.get_by_label("Nomor kartu Prakerja").fill(card_number_text(paid_card))
    page.get_by_role("button", name="Cari").click()
    history = page.get_by_role("region", name=f"Pembayaran peserta {card_number_text(paid_card)}")
    expect(history).to_contain_text("Insentif ke-1")
    expect(history.get_by_text(f"Putaran #{run_id}, percobaan ke-1")).to_be_visible()
    expect(history).to_contain_text("Berhasil")
    _screenshots(page, "paid")
