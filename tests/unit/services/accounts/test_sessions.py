import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import LoginSession, User
from prakerja_app.services.accounts import sessions
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.views.messages import MESSAGES, text
from tests import factories
from tests.factories import PASSWORD


def _login(db, now, email, password=PASSWORD, client="198.51.100.7"):
    return sessions.login(db, email=email, password=password, client_key=client, now=now).token


def test_password_is_stored_as_an_argon2id_hash(db, now):
    user = factories.user(db, now)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_one_account_per_email_whatever_the_case(db, now):
    factories.user(db, now, email="siti@contoh.id")
    with pytest.raises(DomainError) as refused:
        factories.user(db, now, email="  SITI@Contoh.id ")
    assert refused.value.code == "email_taken"
    assert refused.value.field == "email"


def test_login_opens_a_session_stored_only_as_a_hash(db, now):
    user = factories.user(db, now)
    token = _login(db, now, user.email.upper())
    assert len(token) >= 32  # 256 random bits, URL-safe
    stored = db.exec(select(LoginSession)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    assert sessions.resolve_session(db, token, now) == sessions.CurrentUser(
        user.id, user.full_name, Role.APPLICANT
    )


def test_wrong_password_and_unknown_email_get_the_same_message(db, now):
    user = factories.user(db, now)
    with pytest.raises(DomainError) as wrong_password:
        _login(db, now, user.email, "salah-sandi-nya")
    with pytest.raises(DomainError) as unknown_email:
        _login(db, now, "tidak.ada@contoh.id")
    assert (
        text(wrong_password.value)
        == text(unknown_email.value)
        == MESSAGES[AccountError.BAD_CREDENTIALS]
    )


def test_five_failures_lock_the_account_for_fifteen_minutes(db, now):
    user = factories.user(db, now)
    for _ in range(sessions.MAX_FAILURES_PER_ACCOUNT):
        with pytest.raises(DomainError):
            _login(db, now, user.email, "salah")
    with pytest.raises(DomainError) as refused:
        _login(db, now, user.email)  # even the right password waits
    assert refused.value.code == "throttled"
    assert _login(db, now + sessions.THROTTLE_WINDOW, user.email)


def test_one_client_guessing_many_accounts_is_throttled(db, now):
    for n in range(sessions.MAX_FAILURES_PER_CLIENT):
        with pytest.raises(DomainError):
            _login(db, now, f"tebak{n}@contoh.id", "salah", client="203.0.113.9")
    user = factories.user(db, now)
    with pytest.raises(DomainError) as refused:
        _login(db, now, user.email, client="203.0.113.9")
    assert refused.value.code == "throttled"
    assert _login(db, now, user.email, client="198.51.100.1")


def test_deactivated_accounts_cannot_log_in(db, now):
    user = factories.user(db, now, is_active=False)
    with pytest.raises(DomainError):
        _login(db, now, user.email)


def test_session_ends_after_idle_time(db, now):
    token = _login(db, now, factories.user(db, now).email)
    later = now + sessions.IDLE_TIMEOUT - timedelta(minutes=5)
    assert sessions.resolve_session(db, token, later) is not None  # use extends it
    assert sessions.resolve_session(db, token, later + sessions.IDLE_TIMEOUT - timedelta(minutes=1))
    assert sessions.resolve_session(db, token, later + 3 * sessions.IDLE_TIMEOUT) is None
    assert db.exec(select(LoginSession)).first() is None


def test_session_ends_at_its_absolute_expiry_even_when_used(db, now):
    token = _login(db, now, factories.user(db, now).email)
    moment = now
    while moment < now + sessions.ABSOLUTE_TIMEOUT - timedelta(hours=1):
        moment += timedelta(hours=1)
        assert sessions.resolve_session(db, token, moment) is not None
    assert sessions.resolve_session(db, token, now + sessions.ABSOLUTE_TIMEOUT) is None


def test_logout_ends_the_session(db, now):
    token = _login(db, now, factories.user(db, now).email)
    sessions.logout(db, token)
    assert sessions.resolve_session(db, token, now) is None


@pytest.mark.parametrize("token", ["", "tidak-ada", "x" * 500])
def test_unknown_tokens_resolve_to_nobody(db, now, token):
    assert sessions.resolve_session(db, token, now) is None


def test_require_role(db, now):
    admin = sessions.CurrentUser(1, "Admin", Role.ADMIN)
    applicant = sessions.CurrentUser(2, "Budi", Role.APPLICANT)
    assert sessions.require_role(admin, Role.ADMIN) is admin
    with pytest.raises(AccessDenied):
        sessions.require_role(applicant, Role.ADMIN)
    with pytest.raises(AccessDenied) as anonymous:
        sessions.require_role(None, Role.ADMIN)
    assert text(anonymous.value) == "Silakan masuk terlebih dahulu."


def test_login_rehashes_an_outdated_hash(db, now):
    from passlib.context import CryptContext

    weak = CryptContext(schemes=["argon2"], argon2__memory_cost=1024).hash(PASSWORD)
    user = factories.user(db, now)
    user.password_hash = weak
    db.commit()
    _login(db, now, user.email)
    assert db.get(User, user.id).password_hash != weak
