"""The login page's handler: old hashes upgraded, the hashing threads, and a full line."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pyotp
import pytest
from passlib.context import CryptContext
from sqlmodel import func, select

import prakerja_app.db
from prakerja_app.models import LoginAttempt, User, utc_now
from prakerja_app.pages.public.login import LoginState
from prakerja_app.services.accounts import passwords, throttle
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core import secret_box
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.views.messages import MESSAGES
from prakerja_app.state import hashing
from tests import factories
from tests.factories import PASSWORD
from tests.tabs import Tab

pytestmark = pytest.mark.anyio

SUBMIT = f"{LoginState.get_full_name()}.submit"
SIGNED_IN = "(signed in)"
OLD = CryptContext(
    schemes=["argon2"], argon2__memory_cost=65536, argon2__rounds=3, argon2__parallelism=4
)


async def _log_in(tab: Tab, email: str, password: str = PASSWORD) -> str:
    """Submit the login form in `tab`: the message it shows, or SIGNED_IN when the page
    goes on to trade the login's ticket for the session cookie."""
    result = await tab.send(SUBMIT, {"form": {"email": email, "password": password}})
    return tab(LoginState).error or (SIGNED_IN if result != [None] else "")


def _attempts(db) -> int:
    db.rollback()
    return db.exec(select(func.count()).select_from(LoginAttempt)).one()


def _hash_of(db, user: User) -> str:
    db.rollback()
    return db.exec(select(User.password_hash).where(User.id == user.id)).one()


@pytest.fixture
def old_user(db):
    """An applicant whose password was hashed with passlib's former default parameters."""
    return factories.user(db, utc_now(), password_hash=OLD.hash(PASSWORD))


async def test_an_old_hash_is_upgraded_at_login_and_still_verifies(states, db, old_user):
    assert await _log_in(states, old_user.email) == SIGNED_IN
    stored = _hash_of(db, old_user)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(PASSWORD, stored) == (True, None)
    assert await _log_in(Tab(), old_user.email) == SIGNED_IN  # the new hash opens the account
    assert _hash_of(db, old_user) == stored  # and needs no other


async def test_a_failed_login_leaves_an_old_hash_as_it_was(states, db, old_user):
    before = _hash_of(db, old_user)
    assert (
        await _log_in(states, old_user.email, "bukan-sandinya")
        == MESSAGES[AccountError.BAD_CREDENTIALS]
    )
    assert _hash_of(db, old_user) == before
    assert _attempts(db) == 1


class _Recorder:
    """Wraps a CryptContext and notes the thread each of its calls runs on."""

    def __init__(self, context: CryptContext) -> None:
        self.context, self.threads = context, set()

    def __getattr__(self, name: str):
        method = getattr(self.context, name)

        def recorded(*args, **kwargs):
            self.threads.add(threading.current_thread().name)
            return method(*args, **kwargs)

        return recorded


async def test_the_password_is_checked_on_the_hashing_threads_and_the_rest_elsewhere(
    states, db, engine, monkeypatch
):
    user = factories.user(db, utc_now())
    factories.cheap_password_hashing(monkeypatch)
    hashing_calls = _Recorder(passwords._context)
    monkeypatch.setattr(passwords, "_context", hashing_calls)
    database_threads = set()

    def recorded_engine():
        database_threads.add(threading.current_thread().name)
        return engine

    monkeypatch.setattr(prakerja_app.db, "get_engine", recorded_engine)
    assert (
        await _log_in(states, user.email, "bukan-sandinya")
        == MESSAGES[AccountError.BAD_CREDENTIALS]
    )
    assert await _log_in(Tab(), user.email) == SIGNED_IN
    assert hashing_calls.threads
    assert all(name.startswith(hashing.THREAD_NAME_PREFIX) for name in hashing_calls.threads)
    assert database_threads
    assert all(name.startswith("asyncio") for name in database_threads)  # the default pool


async def test_beyond_the_line_a_login_is_refused_at_once_and_changes_nothing(
    states, db, old_user, full_hashing_line
):
    before = _hash_of(db, old_user)
    busy = MESSAGES[AccountError.BUSY]
    async with full_hashing_line():
        assert await _log_in(states, old_user.email) == busy
        assert await _log_in(Tab(), "tidak.ada@contoh.id") == busy  # the same for no account
        assert (_attempts(db), _hash_of(db, old_user)) == (0, before)
        assert states(LoginState).busy is False
    assert await _log_in(states, old_user.email) == SIGNED_IN  # the line has room again
    assert _attempts(db) == 1


async def test_a_burst_of_guesses_is_still_throttled(states, db, monkeypatch):
    monkeypatch.setenv("PRAKERJA_HASH_THREADS", "1")  # this test's event loop: 2 turns
    # The database work on one thread (SQLite takes one writer at a time); the checks
    # still overlap it on the hashing threads.
    one_thread = ThreadPoolExecutor(1, thread_name_prefix="asyncio")
    asyncio.get_running_loop().set_default_executor(one_thread)
    factories.cheap_password_hashing(monkeypatch)
    user = factories.user(db, utc_now())
    guesses = [_log_in(Tab(), user.email, f"tebakan-ke-{n}") for n in range(20)]
    answers = await asyncio.gather(*guesses)
    checked = _attempts(db)
    # A try gets in while fewer than 3 failures are counted; at most one other is under
    # way beside it (2 turns): so at most 4 passwords were checked, the rest waited.
    assert checked <= throttle.FREE_FAILURES + 1
    assert answers.count(MESSAGES[AccountError.BAD_CREDENTIALS]) == checked
    assert all("Tunggu" in answer for answer in answers if "salah" not in answer)


# --- an admin's second step ----------------------------------------------------------

CODE = f"{LoginState.get_full_name()}.submit_code"
SAVED = f"{LoginState.get_full_name()}.recovery_codes_saved"


@pytest.fixture
def app_secret(monkeypatch):
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "s" * 40)


async def test_an_admin_enrols_then_keeps_the_recovery_codes_then_signs_in(states, db, app_secret):
    admin = factories.admin(db, utc_now(), AdminRole.OPERATOR)
    assert await _log_in(states, admin.email) == ""  # no session yet
    page = states(LoginState)
    assert page.step == "enrol" and page.enrol_qr.startswith("data:image/svg+xml;base64,")
    secret = page.enrol_secret.replace(" ", "")
    await states.send(CODE, {"form": {"code": "000000"}})
    assert page.code_error.startswith("Kode salah")
    await states.send(CODE, {"form": {"code": pyotp.TOTP(secret).now()}})
    assert (page.step, len(page.recovery_codes), page.enrol_secret) == ("recovery", 10, "")
    result = await states.send(SAVED, {})
    assert result != [None] and page.recovery_codes == [] and page._ticket == ""


async def test_an_enrolled_admin_needs_the_code_and_a_forged_step_does_nothing(
    states, db, app_secret
):
    secret = pyotp.random_base32()
    admin = factories.admin(
        db,
        utc_now(),
        AdminRole.AUDITOR,
        totp_secret=secret_box.seal(secret),
        totp_enrolled_at=utc_now(),
    )
    forged = await states.send(CODE, {"form": {"code": pyotp.TOTP(secret).now()}})
    assert forged == [None]  # no pending step: nothing to sign in to
    assert await _log_in(states, admin.email) == ""
    page = states(LoginState)
    assert page.step == "code" and page.enrol_secret == ""
    assert await states.send(SAVED, {}) == [None]  # not enrolling: ignored
    result = await states.send(CODE, {"form": {"code": pyotp.TOTP(secret).now()}})
    assert result != [None] and page._ticket == ""


async def test_another_connection_with_the_same_client_token_cannot_take_the_step(
    states, db, app_secret
):
    secret = pyotp.random_base32()
    admin = factories.admin(
        db,
        utc_now(),
        AdminRole.AUDITOR,
        totp_secret=secret_box.seal(secret),
        totp_enrolled_at=utc_now(),
    )
    assert await _log_in(states, admin.email) == ""
    states.over("someone-else")  # the client token leaked, e.g. from a URL in a log
    stolen = await states.send(CODE, {"form": {"code": pyotp.TOTP(secret).now()}})
    assert stolen == [None] and states(LoginState)._ticket != ""
