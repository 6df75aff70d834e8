"""The finance pages as the browser tests use them: open the payments page, declare a
run's figures, and a whole run by a maker and a checker."""

from playwright.sync_api import Page, expect
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from prakerja_app.services.core.formatting import number, rupiah
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.money import runs
from tests.e2e.browser import log_out, sign_in_as_admin


def retried(db: Session, write, tries: int = 3):
    """`write()` on `db`, again after SQLite's "database is locked" (a write after a read
    fails when the app's job workers committed in between, see
    `registrants.ready_to_join`)."""
    for attempt in range(tries):
        try:
            return write()
        except OperationalError:
            db.rollback()
            if attempt == tries - 1:
                raise
    raise AssertionError("unreachable")


def open_payments(page: Page) -> None:
    """The payments page, through the admin menu."""
    menu = page.get_by_role("navigation", name="Menu admin")
    menu.get_by_role("link", name="Pembayaran").click()
    expect(page.get_by_role("heading", name="Pembayaran insentif")).to_be_visible()


def declare(page: Page, count: str, total: str, button: str) -> None:
    """Type a run's count and total, then press the maker's or checker's button."""
    page.get_by_label("Jumlah pembayaran").fill(count)
    page.get_by_label("Total (rupiah)").fill(total)
    page.get_by_role("button", name=button).click()


def gather(page: Page, app_db: Session) -> runs.RunSummary:
    """The maker's "Kumpulkan": the open run, as the database holds it then."""
    page.get_by_role("button", name="Kumpulkan pembayaran yang jatuh tempo").click()
    expect(page.get_by_role("status").filter(has_text="kini berisi")).to_be_visible()
    app_db.commit()
    run_id = runs.open_run_id(app_db)
    assert run_id is not None
    return runs.summary(app_db, run_id)


def pay_a_run(page: Page, app_db: Session, make_admin, screen: str, failing: int = 0) -> int:
    """A finance maker gathers what is due and prepares the run; another admin, a
    checker, approves it; returns once the partner has paid all of it but `failing`
    rupiah (the page follows the run). Leaves the browser logged out."""
    sign_in_as_admin(page, make_admin(AdminRole.FINANCE_MAKER))
    open_payments(page)
    held = gather(page, app_db)
    run_id = held.id
    figures = number(held.count), rupiah(held.total)
    declare(page, *figures, "Siapkan putaran")
    expect(page.get_by_role("status").filter(has_text="Putaran disiapkan.")).to_be_visible()
    log_out(page, screen)

    sign_in_as_admin(page, make_admin(AdminRole.FINANCE_CHECKER))
    open_payments(page)
    declare(page, *figures, "Setujui dan kirim")
    expect(page.get_by_role("status").filter(has_text="Putaran disetujui")).to_be_visible()
    shown = page.locator(".payment-run").locator("visible=true").filter(has_text=f"#{run_id}")
    expect(shown).to_contain_text("Terkirim", timeout=60_000)
    expect(shown.locator(".run-paid")).to_have_text(rupiah(held.total - failing), timeout=60_000)
    log_out(page, screen)
    return run_id
