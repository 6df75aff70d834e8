"""One real app for every browser test: migrated, seeded, built for production, served by
reflex.testing.AppHarnessProd, and driven by pytest-playwright in Debian's Chromium.

The app's database is a temporary SQLite file, or a PostgreSQL database next to
PRAKERJA_TEST_DATABASE_URL's when that is set.
"""

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa
import uvicorn
from playwright.sync_api import Browser, Page, expect
from reflex.config import get_config
from reflex.testing import AppHarnessProd, chdir
from reflex.utils.exec import _frontend_prod_app
from sqlmodel import Session

from prakerja_app import settings
from prakerja_app.api import guards
from prakerja_app.models import AdminGrant, id_of, utc_now
from prakerja_app.services.accounts import users
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core import secret_box
from prakerja_app.services.core.vocab import AdminRole, Role
from tests.chromium import browser_type_launch_args  # noqa: F401  (a fixture)
from tests.conftest import POSTGRES_URL
from tests.e2e.mail_server import MailServer
from tests.servers import free_port, fresh_postgres_database

ROOT = Path(__file__).resolve().parents[1]


# The page's address is fixed before the app loads: the backend allows only that origin
# (CORS and the websocket), as in production, and the links in emails point there.
FRONTEND_PORT = free_port()
os.environ["PRAKERJA_PUBLIC_URL"] = f"http://127.0.0.1:{FRONTEND_PORT}"
get_config().cors_allowed_origins = tuple(settings.allowed_origins())  # read before this
# As behind one reverse proxy (REFLEX_TRUSTED_PROXY_HOPS=1): X-Forwarded-For names the
# client, so two people behind one address are two clients to the login throttle.
get_config().trusted_proxy_hops = 1
# The app's secret, known before the app starts: the admins' authenticators are sealed
# with it (`services.core.secret_box`).
os.environ["PRAKERJA_SECRET_KEY"] = secrets.token_urlsafe(40)
# A cold production build answers its first page a little slower than Playwright's 5 s.
expect.set_options(timeout=15_000)
SCREENS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
# The console is desktop first and usable on a tablet: its tests may ask for this too.
TABLET = {"viewport": {"width": 768, "height": 1024}, "has_touch": True}


@dataclass
class Account:
    """A test account and its password."""

    email: str
    password: str
    totp_secret: str = ""  # an admin's authenticator, enrolled already
    last_step: int = 0  # the last TOTP time step used: a code works once


def _fresh_database_url(tmp_path_factory) -> str:
    if not POSTGRES_URL:
        return f"sqlite:///{tmp_path_factory.mktemp('app') / 'prakerja.db'}"
    return fresh_postgres_database(POSTGRES_URL, "e2e")


@pytest.fixture(scope="session")
def app_db_url(tmp_path_factory) -> str:
    """A migrated, seeded database for the app under test."""
    url = _fresh_database_url(tmp_path_factory)
    env = {**os.environ, "REFLEX_DB_URL": url}
    for command in (
        [sys.executable, "-m", "reflex", "db", "migrate"],
        [sys.executable, "-m", "prakerja_app", "seed"],
    ):
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def _account(
    url: str, role: Role, email: str, admin_roles: tuple[AdminRole, ...] = tuple(AdminRole)
) -> Account:
    """An account with a confirmed email; an admin holds `admin_roles` and has enrolled
    an authenticator (sealed with the app's secret, PRAKERJA_SECRET_KEY)."""
    password = f"rahasia-{role}-yang-panjang"
    totp_secret = pyotp.random_base32() if role == Role.ADMIN else ""
    engine = sa.create_engine(url)
    with Session(engine) as db:
        now = utc_now()
        user = users.create_user(
            db,
            email=email,
            full_name=f"Uji {role.title()}",
            password_hash=hash_password(password),
            role=role,
            now=now,
        )
        user.email_verified_at = now
        if totp_secret:
            user.totp_secret, user.totp_enrolled_at = secret_box.seal(totp_secret), now
            db.add_all(AdminGrant(user_id=id_of(user), role=r, created_at=now) for r in admin_roles)
        db.commit()
    engine.dispose()
    return Account(email, password, totp_secret)


@pytest.fixture
def make_admin(app, app_db_url) -> Callable[..., Account]:
    """``make_admin(AdminRole.OPERATOR, ...)``: a new admin holding exactly these roles."""

    def make(*admin_roles: AdminRole) -> Account:
        email = f"admin.{secrets.token_hex(4)}@prakerja.local"
        return _account(app_db_url, Role.ADMIN, email, admin_roles)

    return make


@pytest.fixture(scope="session")
def admin(app_db_url) -> Account:
    """An admin of the program office."""
    return _account(app_db_url, Role.ADMIN, "admin.uji@prakerja.local")


@pytest.fixture(scope="session")
def applicant(app_db_url) -> Account:
    """An applicant's account."""
    return _account(app_db_url, Role.APPLICANT, "pelamar.uji@contoh.id")


@pytest.fixture(scope="session")
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server (aiosmtpd) that the app sends its email to."""
    server = MailServer()
    server.start()
    yield server
    server.stop()


class Harness(AppHarnessProd):
    """The production build on FRONTEND_PORT, its pages with the backend's security headers
    (in production the backend serves them itself)."""

    def _run_frontend(self):
        backend = "http://{}:{}".format(*self._poll_for_servers().getsockname())
        with chdir(self.app_path):
            pages = guards.security_headers(lambda: backend)(_frontend_prod_app())
        self.frontend_server = uvicorn.Server(
            uvicorn.Config(app=pages, host="127.0.0.1", port=FRONTEND_PORT)
        )
        self.frontend_server.run()


@pytest.fixture(scope="session")
def app(app_db_url, admin, applicant, mail_server, tmp_path_factory) -> Iterator[AppHarnessProd]:
    """The production build of the app, served on free local ports, mailing to mail_server."""
    os.environ.update(
        REFLEX_DB_URL=app_db_url,
        PRAKERJA_SMTP_HOST=mail_server.host,
        PRAKERJA_SMTP_PORT=str(mail_server.port),
        PRAKERJA_SMTP_SECURITY="none",
        PRAKERJA_PRIVATE_DIR=str(tmp_path_factory.mktemp("private")),
    )
    with Harness.create(root=ROOT, app_name="prakerja_app") as harness, job_workers():
        assert harness.frontend_url.rstrip("/") == os.environ["PRAKERJA_PUBLIC_URL"]
        yield harness


@contextmanager
def job_workers() -> Iterator[None]:
    """Huey's consumer, two worker threads in this process on its in-memory queue: the
    app's handlers only queue messages; these send them, as the job workers do."""
    from prakerja_app.jobs import huey

    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    consumer = huey.create_consumer(
        workers=2, worker_type="thread", initial_delay=0.02, backoff=1.1, max_delay=0.2
    )
    consumer.start()
    for sig, handler in handlers.items():  # pytest keeps its own Ctrl-C
        signal.signal(sig, handler)
    try:
        yield
    finally:
        consumer.stop(graceful=True)


@pytest.fixture
def app_db(app, app_db_url) -> Iterator[Session]:
    """A session on the app's database, to set up data and read the SMS outbox. On SQLite
    it waits up to 30 s for the app's writers (the app's own wait is 5 s): this machine
    is shared, and a job's write can take longer under load."""
    sqlite = app_db_url.startswith("sqlite")
    engine = sa.create_engine(app_db_url, connect_args={"timeout": 30} if sqlite else {})
    with Session(engine, expire_on_commit=False) as db:
        yield db
    engine.dispose()


@pytest.fixture(params=list(SCREENS))
def screen(request) -> str:
    """Each browser test runs on a phone and on a desktop screen."""
    return request.param


@pytest.fixture
def page(browser: Browser, app: AppHarnessProd, screen: str) -> Iterator[Page]:
    """A fresh browser tab at the given screen size, with its own storage."""
    size = TABLET if screen == "tablet" else SCREENS[screen]
    context = browser.new_context(base_url=app.frontend_url.rstrip("/"), **size)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
