import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import LoginAttempt, LoginSession, User, utc_now
from prakerja_app.services.accounts import sessions, throttle
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.vocab import AdminRole, Role
from prakerja_app.services.views.messages import MESSAGES, text
from tests import factories
from tests.factories import PASSWORD


def _login(db, now, email, password=PASSWORD, client="198.51.100.7"):
    """Log in and trade the ticket for the session, as the login page does; the token."""
    signed_in = sessions.login(db, email=email, password=password, client_key=client, now=now)
    return sessions.start_session(db, ticket=signed_in.ticket, now=now)


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


@pytest.mark.security
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


@pytest.mark.security
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


def _fail(db, now, email, client="203.0.113.9", times=1):
    """Wrong passwords, as fast as an attacker sends them (once throttled, refused)."""
    for _ in range(times):
        with pytest.raises(DomainError) as refused:
            _login(db, now, email, "salah", client=client)
        assert refused.value.code in ("bad_credentials", "throttled")


@pytest.mark.security
def test_failures_from_one_client_make_it_wait_longer_each_time(db, now):
    user = factories.user(db, now)
    _fail(db, now, user.email, times=throttle.FREE_FAILURES)
    waits = []
    for _ in range(4):
        refused = factories.raised(_login, db, now, user.email, client="203.0.113.9")
        assert refused.code == "throttled"
        waits.append(refused.details["seconds"])
        later = now + timedelta(seconds=waits[-1])
        with pytest.raises(DomainError, match="bad_credentials"):
            _login(db, later, user.email, "salah", client="203.0.113.9")
        now = later
    assert waits == [1, 2, 4, 8]
    assert text(refused).startswith("Terlalu banyak percobaan masuk yang gagal. Tunggu")
    # Waiting it out, the right password works: nobody is locked out for good.
    assert _login(db, now + timedelta(seconds=16), user.email, client="203.0.113.9")


@pytest.mark.security
def test_the_owner_elsewhere_is_not_held_up_by_an_attacker(db, now):
    owner = factories.user(db, now)
    _fail(db, now, owner.email, client="203.0.113.9", times=10)
    assert _login(db, now, owner.email, client="198.51.100.1")


@pytest.mark.security
def test_many_failures_on_one_account_slow_everyone_a_little(db, now):
    owner = factories.user(db, now)
    for n in range(throttle.ACCOUNT_FAILURES):
        _fail(db, now, owner.email, client=f"203.0.113.{n}")
    refused = factories.raised(_login, db, now, owner.email, client="198.51.100.1")
    assert (refused.code, refused.details["seconds"]) == ("throttled", 5)
    later = now + timedelta(seconds=throttle.ACCOUNT_WAIT_SECONDS)
    assert _login(db, later, owner.email, client="198.51.100.1")


@pytest.mark.security
def test_one_client_guessing_many_accounts_gets_a_softer_limit(db, now):
    for n in range(throttle.CLIENT_FAILURES):
        _fail(db, now, f"tebak{n}@contoh.id")
    user = factories.user(db, now)
    refused = factories.raised(_login, db, now, user.email, client="203.0.113.9")
    assert (refused.code, refused.details["seconds"]) == ("throttled", 10)
    assert _login(db, now, user.email, client="198.51.100.1")  # another client: no wait
    later = now + timedelta(seconds=throttle.CLIENT_WAIT_SECONDS)
    assert _login(db, later, user.email, client="203.0.113.9")


def test_failures_older_than_the_window_no_longer_count(db, now):
    user = factories.user(db, now)
    _fail(db, now, user.email, times=8)
    assert _login(db, now + throttle.WINDOW, user.email, client="203.0.113.9")


@pytest.mark.security
def test_a_login_ticket_opens_one_session_once(db, now):
    user = factories.user(db, now)
    signed_in = sessions.login(db, email=user.email, password=PASSWORD, client_key="c", now=now)
    assert db.exec(select(LoginSession)).all() == []  # no session before the exchange
    token = sessions.start_session(db, ticket=signed_in.ticket, now=now)
    assert sessions.resolve_session(db, token, now).id == user.id
    again = factories.raised(sessions.start_session, db, ticket=signed_in.ticket, now=now)
    assert again.code == "ticket_invalid"
    assert len(db.exec(select(LoginSession)).all()) == 1


@pytest.mark.security
def test_a_login_ticket_expires_within_a_minute(db, now):
    user = factories.user(db, now)
    signed_in = sessions.login(db, email=user.email, password=PASSWORD, client_key="c", now=now)
    late = now + timedelta(seconds=61)
    refused = factories.raised(sessions.start_session, db, ticket=signed_in.ticket, now=late)
    assert refused.code == "ticket_invalid"


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


def test_a_password_changed_during_the_check_does_not_let_the_old_one_in(db, now):
    user = factories.user(db, now)
    attempt = sessions.begin_login(db, email=user.email, client_key="c", now=now)
    user.password_hash = factories.user(db, now).password_hash  # someone else's password
    db.commit()
    refused = factories.raised(
        sessions.finish_login, db, attempt, matched=True, new_hash=None, client_key="c", now=now
    )
    assert refused.code == AccountError.BAD_CREDENTIALS
    assert db.exec(select(LoginAttempt.succeeded)).all() == [False]


def test_an_admins_session_is_shorter_than_an_applicants(db, now):
    admin = factories.admin(db, now, AdminRole.AUDITOR)
    token = factories.session_token(db, admin)
    at = utc_now()
    idle = at + sessions.ADMIN_IDLE_TIMEOUT
    assert sessions.ADMIN_IDLE_TIMEOUT < sessions.IDLE_TIMEOUT
    assert sessions.ADMIN_ABSOLUTE_TIMEOUT < sessions.ABSOLUTE_TIMEOUT
    assert sessions.resolve_session(db, token, idle - timedelta(minutes=1)).roles == {"auditor"}
    assert sessions.resolve_session(db, token, idle + sessions.ADMIN_IDLE_TIMEOUT) is None
    applicant_token = factories.session_token(db, factories.user(db, now))
    assert sessions.resolve_session(db, applicant_token, idle + timedelta(minutes=1)) is not None


def test_an_admins_absolute_expiry_is_eight_hours(db, now):
    token = factories.session_token(db, factories.admin(db, now, AdminRole.OPERATOR))
    moment = utc_now()
    end = moment + sessions.ADMIN_ABSOLUTE_TIMEOUT
    while moment < end - timedelta(minutes=20):
        moment += timedelta(minutes=20)
        assert sessions.resolve_session(db, token, moment) is not None
    assert sessions.resolve_session(db, token, end + timedelta(seconds=1)) is None
