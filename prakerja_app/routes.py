"""Every URL path of the app, in one place."""

HOME = "/"
LOGIN = "/masuk"
FORGOT_PASSWORD = "/lupa-kata-sandi"
RESET_PASSWORD = "/atur-ulang-kata-sandi"
REGISTER = "/daftar"
CONFIRM_EMAIL = "/konfirmasi-email"
DASHBOARD = "/dasbor"
SURVEY = "/dasbor/survei/[nomor]"
PLATFORMS = "/platform"
CATALOGUE = "/pelatihan"
TRAINING = "/pelatihan/[code]"
ADMIN_HOME = "/admin"
ADMIN_ACCOUNTS = "/admin/akun"
ADMIN_INVITATION = "/admin/undangan"
ADMIN_WAVES = "/admin/gelombang"
ADMIN_CATALOGUE = "/admin/katalog"
ADMIN_APPLICANTS = "/admin/pendaftar"
ADMIN_APPLICANT = "/admin/pendaftar/[user_id]"
ADMIN_MESSAGES = "/admin/pesan"
ADMIN_JOBS = "/admin/tugas"
ADMIN_AUDIT = "/admin/audit"
ADMIN_REPORTS = "/admin/laporan"
ADMIN_LISTS = "/admin/daftar"
ADMIN_API_KEYS = "/admin/katalog/api"
ADMIN_VERIFICATION = "/admin/verifikasi"
ADMIN_SURVEYS = "/admin/survei"
ADMIN_PAYMENTS = "/admin/pembayaran"
DEV_MAILBOX = "/dev/kotak-surat"
DEV_PLATFORM = "/dev/platform"
VERIFY = "/verifikasi/[code]"


def confirm_email(token: str) -> str:
    """The path of an email-confirmation link."""
    return f"{CONFIRM_EMAIL}?token={token}"


def reset_password(token: str) -> str:
    """The path of a password-reset link."""
    return f"{RESET_PASSWORD}?token={token}"


def training(code: str) -> str:
    """The path of a training's page."""
    return f"{CATALOGUE}/{code}"


def survey(sequence: int) -> str:
    """The path of a survey's page on the dashboard."""
    return f"/dasbor/survei/{sequence}"


def verify(code: str) -> str:
    """The path of a certificate's public verification page."""
    return f"/verifikasi/{code}"


def admin_applicant(user_id: int) -> str:
    """The path of an applicant's page in the console."""
    return f"/admin/pendaftar/{user_id}"


def admin_invitation(token: str) -> str:
    """The path of an admin invitation's link."""
    return f"{ADMIN_INVITATION}?token={token}"
