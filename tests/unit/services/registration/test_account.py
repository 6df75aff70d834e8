"""Steps 1-3: creating the account, confirming the email by its link, and the first login."""

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import (
    AuditLog,
    EmailToken,
    LoginAttempt,
    LoginSession,
    RegistrationStep,
    User,
)
from prakerja_app.services.accounts import sessions, users
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import FormErrors
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.registration import account, steps
from prakerja_app.services.registration.steps import Step, completed_steps, current_step
from prakerja_app.services.views.messages import MESSAGES, field_texts, text
from tests import factories
from tests.factories import PASSWORD

LINK_INVALID = (
    "Tautan konfirmasi tidak valid atau sudah dipakai. Jika email Anda sudah terkonfirmasi,"
    " silakan masuk."
)
LINK_EXPIRED = (
    "Tautan konfirmasi sudah kedaluwarsa (berlaku 24 jam). Kirim ulang email konfirmasi"
    " untuk mendapatkan tautan baru."
)


pytestmark = pytest.mark.usefixtures("registration_env")  # links to the default address


def _register(db, now, **changes):
    fields = {"full_name": "Siti Rahayu", "email": "siti@contoh.id", "password": PASSWORD}
    fields.update(changes)
    return factories.register(db, now, **fields)


def _form_errors(db, call, *args, **kwargs) -> dict[str, str]:
    """The field errors of a refused form, after checking that nothing changed."""
    refused = factories.refused(db, call, *args, error=FormErrors, **kwargs)
    assert refused.code == "form_invalid"
    return field_texts(refused)


def _fresh_user(db, user_id) -> User:
    return db.exec(
        select(User).where(User.id == user_id).execution_options(populate_existing=True)
    ).one()


# --- step 1: the account ---------------------------------------------------------------


def test_register_creates_an_unconfirmed_applicant(db, now):
    user = _register(db, now, full_name="  Siti   Rahayu ", email=" Siti@Contoh.ID ")
    stored = _fresh_user(db, user.id)
    assert (stored.full_name, stored.email, stored.role) == (
        "Siti Rahayu",
        "siti@contoh.id",
        Role.APPLICANT,
    )
    assert stored.email_verified_at is None
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert completed_steps(db, user.id) == {Step.ACCOUNT}
    assert current_step(db, user.id) == Step.EMAIL
    actions = db.exec(select(AuditLog.action).where(AuditLog.actor_user_id == user.id)).all()
    assert actions == ["account.register"]


def test_register_emails_a_link_stored_only_as_a_hash(db, now):
    _register(db, now)
    [mail] = factories.outbox(db, "siti@contoh.id")
    assert mail.channel == "email"
    assert mail.subject == "Konfirmasi email pendaftaran Kartu Prakerja"
    assert mail.body.startswith("Halo Siti Rahayu,")
    assert "berlaku 24 jam dan hanya dapat dipakai satu kali" in mail.body
    token = factories.confirmation_token(db, "siti@contoh.id")
    assert len(token) >= 43  # 256 random bits
    assert f"http://localhost:3000/konfirmasi-email?token={token}" in body_of(mail)
    stored = db.exec(select(EmailToken)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(stored.model_dump())
    assert (stored.purpose, stored.created_at, stored.used_at) == ("confirm_email", now, None)
    assert stored.expires_at == now + timedelta(hours=24)


def test_the_link_uses_the_public_address(db, now, monkeypatch):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://www.prakerja.go.id/")
    _register(db, now)
    token = factories.confirmation_token(db, "siti@contoh.id")
    body = body_of(factories.outbox(db, "siti@contoh.id")[0])
    assert f"https://www.prakerja.go.id/konfirmasi-email?token={token}" in body


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"full_name": "B"}, {"full_name": "Tulis nama lengkap dengan huruf (2-120 karakter)."}),
        (
            {"full_name": "Budi 123"},
            {"full_name": "Tulis nama lengkap dengan huruf (2-120 karakter)."},
        ),
        (
            {"email": "siti@"},
            {"email": "Alamat email tidak valid, contoh: nama@contoh.id."},
        ),
        ({"email": "siti"}, {"email": "Alamat email tidak valid, contoh: nama@contoh.id."}),
        ({"password": "kopi"}, {"password": "Kata sandi minimal 8 karakter."}),
        (
            {"password": "rahayu-kopi-pagi"},
            {"password": "Kata sandi tidak boleh memuat email atau nama Anda."},
        ),
        (
            {"full_name": "", "email": "", "password": "1234567"},
            {
                "full_name": "Tulis nama lengkap dengan huruf (2-120 karakter).",
                "email": "Alamat email tidak valid, contoh: nama@contoh.id.",
                "password": "Kata sandi minimal 8 karakter.",
            },
        ),
        (
            {"email": "siti@contoh", "password": "password"},
            {
                "email": "Alamat email tidak valid, contoh: nama@contoh.id.",
                "password": "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain.",
            },
        ),
    ],
)
def test_every_wrong_field_is_named_and_nothing_is_created(db, now, changes, errors):
    assert _form_errors(db, _register, now, **changes) == errors


def _register_from(db, now, connection="c1", client="198.51.100.7", **changes):
    fields = {"full_name": "Siti Rahayu", "email": "siti@contoh.id", "password": PASSWORD}
    fields.update(changes)
    return account.register(db, now=now, client=client, connection=connection, **fields)


@pytest.mark.security
def test_a_taken_address_gets_the_same_answer_and_its_owner_an_email(db, now):
    first = _register_from(db, now)
    again = _register_from(db, now, connection="c2", full_name="Siti Lain", email="SITI@contoh.id")
    assert again == first == "siti@contoh.id"  # the page says the same either way
    assert len(db.exec(select(User)).all()) == 1
    _confirmation, notice = factories.outbox(db, "siti@contoh.id")
    assert notice.subject == "Pendaftaran Kartu Prakerja dengan email Anda"
    assert "sudah terdaftar" in notice.body and "token=" not in body_of(notice)
    _register_from(db, now, connection="c3")  # the owner is told at most once an hour
    assert len(factories.outbox(db, "siti@contoh.id")) == 2


@pytest.mark.security
def test_one_connection_registers_at_most_three_accounts_in_ten_minutes(db, now):
    for n in range(3):
        _register_from(db, now, email=f"agen{n}@contoh.id")
    refused = factories.raised(_register_from, db, now, email="agen3@contoh.id")
    assert (refused.code, refused.details["scope"]) == ("rate_limited", "registration")
    assert (
        text(refused) == "Terlalu banyak pendaftaran dari perangkat ini. Coba lagi dalam 10 menit."
    )
    assert db.exec(select(User).where(User.email == "agen3@contoh.id")).first() is None
    assert _register_from(db, now + timedelta(minutes=10), email="agen3@contoh.id")


@pytest.mark.security
def test_one_client_address_registers_at_most_thirty_in_ten_minutes(db, now):
    for n in range(account.PER_CLIENT.count):
        _register_from(db, now, connection=f"c{n}", email=f"warnet{n}@contoh.id")
    refused = factories.raised(_register_from, db, now, connection="new", email="x@contoh.id")
    assert (refused.code, refused.details["scope"]) == ("rate_limited", "registration_ip")
    assert _register_from(db, now, connection="new", client="198.51.100.8", email="x@contoh.id")


# --- step 2: the link ------------------------------------------------------------------


def test_the_link_confirms_the_email_once(db, now):
    user = _register(db, now)
    token = factories.confirmation_token(db, "siti@contoh.id")
    later = now + timedelta(hours=3)
    account.confirm_email(db, token=token, now=later)
    assert _fresh_user(db, user.id).email_verified_at == later
    assert completed_steps(db, user.id) == {Step.ACCOUNT, Step.EMAIL}
    assert current_step(db, user.id) == Step.LOGIN
    assert db.exec(select(EmailToken.used_at)).one() == later
    assert "account.confirm_email" in db.exec(select(AuditLog.action)).all()

    refused = factories.refused(
        db, account.confirm_email, token=token, now=later + timedelta(minutes=1)
    )
    assert (refused.code, text(refused)) == ("link_invalid", LINK_INVALID)


def test_the_link_works_until_just_before_24_hours(db, now):
    user = _register(db, now)
    token = factories.confirmation_token(db, "siti@contoh.id")
    account.confirm_email(db, token=token, now=now + timedelta(hours=24, seconds=-1))
    assert _fresh_user(db, user.id).email_verified_at is not None


def test_the_link_expires_after_24_hours(db, now):
    user = _register(db, now)
    token = factories.confirmation_token(db, "siti@contoh.id")
    refused = factories.refused(
        db, account.confirm_email, token=token, now=now + timedelta(hours=24, seconds=1)
    )
    assert (refused.code, text(refused), refused.field) == ("link_expired", LINK_EXPIRED, None)
    assert _fresh_user(db, user.id).email_verified_at is None
    assert current_step(db, user.id) == Step.EMAIL


@pytest.mark.parametrize("token", ["", "tidak-ada", "x" * 43, None])
def test_unknown_links_are_refused(db, now, token):
    _register(db, now)
    refused = factories.refused(db, account.confirm_email, token=token, now=now)
    assert (refused.code, text(refused)) == ("link_invalid", LINK_INVALID)


def test_the_hash_itself_is_not_a_link(db, now):
    _register(db, now)
    stored = db.exec(select(EmailToken.token_hash)).one()
    refused = factories.raised(account.confirm_email, db, token=stored, now=now)
    assert refused.code == "link_invalid"


def test_a_link_confirms_only_its_own_account(db, now):
    siti = _register(db, now)
    budi = _register(db, now, full_name="Budi Santoso", email="budi@contoh.id")
    account.confirm_email(db, token=factories.confirmation_token(db, "budi@contoh.id"), now=now)
    assert _fresh_user(db, budi.id).email_verified_at == now
    assert _fresh_user(db, siti.id).email_verified_at is None


# --- resending the link ----------------------------------------------------------------


def test_resend_sends_a_new_link_and_the_old_one_stops_working(db, now):
    user = _register(db, now)
    old = factories.confirmation_token(db, "siti@contoh.id")
    later = now + timedelta(seconds=60)
    assert account.resend_confirmation(db, email=" SITI@contoh.id", now=later) is None
    mails = factories.outbox(db, "siti@contoh.id")
    assert len(mails) == 2
    assert mails[1].created_at == later
    new = factories.confirmation_token(db, "siti@contoh.id")
    assert new != old
    assert factories.raised(account.confirm_email, db, token=old, now=later).code == "link_invalid"
    account.confirm_email(db, token=new, now=later)
    assert current_step(db, user.id) == Step.LOGIN


def test_resend_rescues_an_expired_link(db, now):
    user = _register(db, now)
    later = now + timedelta(days=2)
    account.resend_confirmation(db, email="siti@contoh.id", now=later)
    token = factories.confirmation_token(db, "siti@contoh.id")
    account.confirm_email(db, token=token, now=later + timedelta(hours=23))
    assert current_step(db, user.id) == Step.LOGIN


def test_at_most_one_link_a_minute(db, now):
    _register(db, now)
    before = factories.table_rows(db)
    account.resend_confirmation(db, email="siti@contoh.id", now=now + timedelta(seconds=59))
    assert factories.table_rows(db) == before
    account.resend_confirmation(db, email="siti@contoh.id", now=now + timedelta(seconds=60))
    account.resend_confirmation(db, email="siti@contoh.id", now=now + timedelta(seconds=119))
    assert len(factories.outbox(db, "siti@contoh.id")) == 2


def test_resend_says_nothing_for_unknown_or_confirmed_addresses(db, now):
    _register(db, now)
    account.confirm_email(db, token=factories.confirmation_token(db, "siti@contoh.id"), now=now)
    before = factories.table_rows(db)
    later = now + timedelta(minutes=5)
    assert account.resend_confirmation(db, email="siti@contoh.id", now=later) is None
    assert account.resend_confirmation(db, email="tidak.ada@contoh.id", now=later) is None
    assert account.resend_confirmation(db, email="", now=later) is None
    assert factories.table_rows(db) == before


# --- step 3: the first login -----------------------------------------------------------


def _login(db, now, email="siti@contoh.id", password=PASSWORD):
    """Log in as the login page does: the session, then step 3 for the applicant."""
    signed_in = sessions.login(
        db, email=email, password=password, client_key="198.51.100.7", now=now
    )
    steps.record_login(db, signed_in.user.id, now)
    return sessions.start_session(db, ticket=signed_in.ticket, now=now)


def test_login_before_confirming_is_refused_after_the_right_password(db, now):
    user = _register(db, now)
    refused = factories.raised(_login, db, now)
    assert (refused.code, text(refused)) == (
        "email_unconfirmed",
        MESSAGES[AccountError.EMAIL_UNCONFIRMED],
    )
    assert db.exec(select(LoginSession)).all() == []
    assert current_step(db, user.id) == Step.EMAIL
    assert _fresh_user(db, user.id).last_login_at is None


@pytest.mark.security
def test_an_unconfirmed_account_is_not_revealed_to_a_wrong_password(db, now):
    _register(db, now)
    refused = factories.raised(_login, db, now, password="bukan-sandinya")
    assert (refused.code, text(refused)) == (
        "bad_credentials",
        MESSAGES[AccountError.BAD_CREDENTIALS],
    )
    assert db.exec(select(LoginAttempt.succeeded)).all() == [False]


def test_login_after_confirming_is_step_three(db, now):
    user = _register(db, now)
    account.confirm_email(db, token=factories.confirmation_token(db, "siti@contoh.id"), now=now)
    later = now + timedelta(minutes=10)
    token = _login(db, later, email="Siti@Contoh.id")
    assert sessions.resolve_session(db, token, later).id == user.id
    assert current_step(db, user.id) == Step.IDENTITY
    login_step = db.exec(
        select(RegistrationStep).where(
            RegistrationStep.user_id == user.id, RegistrationStep.step == Step.LOGIN
        )
    ).one()
    assert login_step.completed_at == later


def test_logging_in_again_records_step_three_once(db, now):
    user = _register(db, now)
    account.confirm_email(db, token=factories.confirmation_token(db, "siti@contoh.id"), now=now)
    _login(db, now)
    _login(db, now + timedelta(days=1))
    assert completed_steps(db, user.id) == {Step.ACCOUNT, Step.EMAIL, Step.LOGIN}


def test_an_admin_logs_in_without_registration_steps(db, now):
    password = users.create_admin(db, email="admin@prakerja.go.id", full_name="Admin", now=now)
    admin = db.exec(select(User).where(User.role == Role.ADMIN)).one()
    signed_in = sessions.login(
        db, email=admin.email, password=password, client_key="198.51.100.7", now=now
    )
    steps.record_login(db, signed_in.user.id, now)
    assert signed_in.next_step == "enrol"  # the authenticator comes next
    assert completed_steps(db, admin.id) == set()
