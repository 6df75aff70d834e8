"""Every URL path of the app, in one place."""

HOME = "/"
LOGIN = "/masuk"
REGISTER = "/daftar"
CONFIRM_EMAIL = "/konfirmasi-email"
DASHBOARD = "/dasbor"
ADMIN_HOME = "/admin"
DEV_MAILBOX = "/dev/kotak-surat"


def confirm_email(token: str) -> str:
    """The path of an email-confirmation link."""
    return f"{CONFIRM_EMAIL}?token={token}"
