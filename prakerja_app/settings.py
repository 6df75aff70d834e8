"""Configuration from the environment, with safe defaults for a local demo.

Plain Python (no Reflex import) so services and scripts can read it too. The README's
"Configuration" section lists every variable.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SENDER = "Kartu Prakerja <noreply@prakerja.localhost>"


class ConfigurationError(RuntimeError):
    """The environment does not configure the app safely (e.g. production without a secret)."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send email."""

    host: str
    port: int
    username: str | None
    password: str | None
    security: str
    sender: str


def is_production() -> bool:
    """True when Reflex runs in production mode (``reflex run --env prod`` or an export)."""
    return os.environ.get("REFLEX_ENV_MODE", "dev").lower() == "prod"


def public_url() -> str:
    """The address applicants open the app at, without a trailing slash."""
    return os.environ.get("PRAKERJA_PUBLIC_URL", "http://localhost:3000").rstrip("/")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allowed_origins() -> list[str]:
    """The origins whose pages may call the backend (CORS) and open its websocket.

    The public URL's origin, those in PRAKERJA_ALLOWED_ORIGINS, and outside production
    the same address under its other loopback name (localhost / 127.0.0.1).
    """
    origins = [_origin(public_url())]
    extra = os.environ.get("PRAKERJA_ALLOWED_ORIGINS", "")
    origins += [_origin(o.strip()) for o in extra.split(",") if o.strip()]
    if not is_production():
        for name, other in (("//localhost", "//127.0.0.1"), ("//127.0.0.1", "//localhost")):
            origins += [o.replace(name, other) for o in origins if name in o]
    return list(dict.fromkeys(origins))


def cookies_secure() -> bool:
    """Session cookies carry ``Secure`` when the site is served over HTTPS."""
    return public_url().startswith("https://")


def private_dir() -> Path:
    """The folder for private files (identity photos), outside every public folder."""
    return Path(os.environ.get("PRAKERJA_PRIVATE_DIR", ROOT / "private_files"))


def secret_key() -> bytes:
    """The server secret; generated once and kept in the private folder for development.

    Raises:
        ConfigurationError: in production when PRAKERJA_SECRET_KEY is missing or short.
    """
    configured = os.environ.get("PRAKERJA_SECRET_KEY", "")
    if configured:
        if len(configured) < 32:
            raise ConfigurationError("PRAKERJA_SECRET_KEY must be at least 32 characters.")
        return configured.encode()
    if is_production():
        raise ConfigurationError("Set PRAKERJA_SECRET_KEY (32+ random characters) in production.")
    path = private_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def smtp_settings() -> SmtpSettings | None:
    """The SMTP server to send through, or None to keep mail in the outbox (development)."""
    host = os.environ.get("PRAKERJA_SMTP_HOST", "")
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=int(os.environ.get("PRAKERJA_SMTP_PORT", "587")),
        username=os.environ.get("PRAKERJA_SMTP_USERNAME") or None,
        password=os.environ.get("PRAKERJA_SMTP_PASSWORD") or None,
        security=os.environ.get("PRAKERJA_SMTP_SECURITY", "starttls").lower(),
        sender=os.environ.get("PRAKERJA_MAIL_FROM", DEFAULT_SENDER),
    )


def hash_threads() -> int:
    """Threads each backend worker hashes and checks passwords on (PRAKERJA_HASH_THREADS,
    default the CPUs up to 2): argon2 is CPU work, kept off the pool the handlers'
    database work runs on."""
    return max(1, int(os.environ.get("PRAKERJA_HASH_THREADS") or min(2, os.cpu_count() or 1)))


def hash_queue() -> int:
    """Logins and registrations a backend worker lets wait for its hashing threads; one
    more is refused at once (PRAKERJA_HASH_QUEUE, default 200: 2 s of work at 100/s)."""
    return max(1, int(os.environ.get("PRAKERJA_HASH_QUEUE", "200")))


SIMULATOR_PARTNER_URL = "http://127.0.0.1:8070"
PARTNER_SETTINGS = ("URL", "CREATOR_KEY", "APPROVER_KEY", "NOTIFICATION_KEY")  # PRAKERJA_PARTNER_*


def production_problems(env: dict[str, str]) -> list[str]:
    """Why the production start (`scripts/production.sh`) must not go ahead, if it must not.

    Several backend workers keep each tab's state in Redis, and several job workers share
    their queue there; both need one database every process sees with row locks, which
    SQLite is not.
    """
    backend_workers = int(env.get("BACKEND_WORKERS", "2"))
    job_workers = int(env.get("JOB_WORKERS", "2"))
    database = env.get("REFLEX_DB_URL", "sqlite:///prakerja.db")
    problems = []
    if (backend_workers > 1 or job_workers > 1) and not database.startswith("postgresql"):
        problems.append(
            f"{backend_workers} backend and {job_workers} job workers need PostgreSQL: SQLite"
            " lets one process write at a time and has no row locks for the outbox."
            " Set REFLEX_DB_URL=postgresql+psycopg://user:password@host/database."
        )
    if backend_workers > 1 and not env.get("REFLEX_REDIS_URL"):
        problems.append(
            f"{backend_workers} backend workers share each browser tab's state through Redis:"
            " without it, a tab's next event may reach a worker that never saw it."
            " Set REFLEX_REDIS_URL=redis://host:6379/0."
        )
    if job_workers > 1 and not (env.get("PRAKERJA_JOBS_REDIS_URL") or env.get("REFLEX_REDIS_URL")):
        problems.append(
            f"{job_workers} job workers share their queue through Redis."
            " Set REFLEX_REDIS_URL (or PRAKERJA_JOBS_REDIS_URL)."
        )
    if len(env.get("PRAKERJA_SECRET_KEY", "")) < 32:
        problems.append("Set PRAKERJA_SECRET_KEY to 32 or more random characters.")
    if not env.get("PRAKERJA_PUBLIC_URL"):
        problems.append(
            "Set PRAKERJA_PUBLIC_URL to the address people open (links in email, allowed origin)."
        )
    partner = [env.get(f"PRAKERJA_PARTNER_{name}", "").strip() for name in PARTNER_SETTINGS]
    if not all(partner):
        problems.append(
            "Set PRAKERJA_PARTNER_URL and the partner's three keys (creator, approver,"
            " notification): the dashboard asks the partner to check payout accounts."
        )
    elif partner[1] == partner[2]:
        problems.append("The partner's creator and approver keys must differ.")
    return problems


@dataclass(frozen=True)
class PartnerSettings:
    """The payment partner's API (Midtrans Iris or its simulator) and its three keys:
    the creator's, the approver's (maker-checker) and the key notifications are signed with."""

    base_url: str
    creator_key: str
    approver_key: str
    notification_key: str


def partner_settings() -> PartnerSettings:
    """The payment partner from PRAKERJA_PARTNER_*; outside production, by default the
    partner simulator (``python -m prakerja_app.partner_simulator``) with its own keys.

    Raises:
        ConfigurationError: in production when the URL or a key is missing, or the
            creator's and approver's keys are the same (maker-checker needs two).
    """
    env = os.environ.get
    if is_production():
        values = [env(f"PRAKERJA_PARTNER_{name}", "").strip() for name in PARTNER_SETTINGS]
        if not all(values):
            raise ConfigurationError(
                "Set PRAKERJA_PARTNER_URL, PRAKERJA_PARTNER_CREATOR_KEY, "
                "PRAKERJA_PARTNER_APPROVER_KEY and PRAKERJA_PARTNER_NOTIFICATION_KEY in production."
            )
        url, creator, approver, notification = values
        if creator == approver:
            raise ConfigurationError("The partner's creator and approver keys must differ.")
        return PartnerSettings(url.rstrip("/"), creator, approver, notification)
    return PartnerSettings(
        base_url=env("PRAKERJA_PARTNER_URL", SIMULATOR_PARTNER_URL).rstrip("/"),
        creator_key=env("PRAKERJA_PARTNER_CREATOR_KEY", "simulator-creator-key"),
        approver_key=env("PRAKERJA_PARTNER_APPROVER_KEY", "simulator-approver-key"),
        notification_key=env("PRAKERJA_PARTNER_NOTIFICATION_KEY", "simulator-notification-key"),
    )
