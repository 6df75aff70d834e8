"""Every URL path of the app, in one place."""

HOME = "/"
LOGIN = "/masuk"
REGISTER = "/daftar"
CONFIRM_EMAIL = "/konfirmasi-email"
DASHBOARD = "/dasbor"
PLATFORMS = "/platform"
CATALOGUE = "/pelatihan"
TRAINING = "/pelatihan/[code]"
ADMIN_HOME = "/admin"
DEV_MAILBOX = "/dev/kotak-surat"
DEV_PLATFORM = "/dev/platform"
VERIFY = "/verifikasi/[code]"


def confirm_email(token: str) -> str:
    """The path of an email-confirmation link."""
    return f"{CONFIRM_EMAIL}?token={token}"


def training(code: str) -> str:
    """The path of a training's page."""
    return f"{CATALOGUE}/{code}"


def verify(code: str) -> str:
    """The path of a certificate's public verification page."""
    return f"/verifikasi/{code}"
