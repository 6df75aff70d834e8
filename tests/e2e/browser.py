"""Small browser actions shared by the e2e tests."""

from playwright.sync_api import Page


def log_in(page: Page, email: str, password: str) -> None:
    """Log in through the login page."""
    page.goto("/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).last.click()


def log_out(page: Page, screen: str) -> None:
    """Log out from the header (inside the menu on a phone)."""
    if screen == "phone":
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("menuitem", name="Keluar").click()
    else:
        page.get_by_role("button", name="Keluar").click()
