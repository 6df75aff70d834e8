import re
from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import ApplicantProfile, AuditLog, LoginSession, OtpCode, OutboxMessage
from prakerja_app.services.accounts import password_reset, sessions
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core.errors import CoreError, DomainError, FormErrors
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.views.messages import text
from tests import factories
from tests.factories import PASSWORD

NEW_PASSWORD = "teh-manis-sore-hari"
CLIENT = "198.51.100.7"
PHONE = "+6281234567890"


@pytest.fixture(autouse=True)
def _env(registration_env, monkeypatch):
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "k" * 40)


@pytest.fixture
def owner(db, now):
    """An applicant with PHONE verified."""
    made = factories.user(db, now, full_name="Siti Rahayu")
    db.add(ApplicantProfile(user_id=made.id, phone=PHONE, phone_verified_at=now))
    db.commit()
    return made


def _emailed_token(db, to: str) -> str:
    body = body_of(factories.outbox(db, to, "email")[-1])
    return re.search(r"/atur-ulang-kata-sandi\?token=([\w\-]+)", body).group(1)


def _request_link(db, now, email, client=CLIENT):
    password_reset.request_link(db, email=email, client=client, now=now)


def _reset(db, now, token, password=NEW_PASSWORD):
    password_reset.check_new_password(db, token=token, password=password, again=password, now=now)
    password_reset.reset_password(db, token=token, password_hash=hash_password(password), now=now)


def _logs_in(db, now, email, password) -> bool:
    try:
        sessions.login(db, email=email, password=password, client_key="203.0.113.9", now=now)
    except DomainError:
        return False
    return True


def test_the_link_sets_a_new_password_once(db, now, owner):
    _request_link(db, now, owner.email.upper())
    (mail,) = factories.outbox(db, owner.email, "email")
    assert "berlaku 30 menit" in body_of(mail)
    token = _emailed_token(db, owner.email)
    _reset(db, now, token)
    assert _logs_in(db, now, owner.email, NEW_PASSWORD)
    assert not _logs_in(db, now, owner.email, PASSWORD)
    refused = factories.raised(password_reset.check_link, db, token=token, now=now)
    assert refused.code == AccountError.LINK_INVALID
    assert "sudah dipakai" in text(refused)


def test_a_used_link_is_refused_even_when_spent_at_the_last_step(db, now, owner):
    _request_link(db, now, owner.email)
    token = _emailed_token(db, owner.email)
    _reset(db, now, token)
    refused = factories.raised(
        password_reset.reset_password, db, token=token, password_hash="x", now=now
    )
    assert refused.code == AccountError.LINK_INVALID


def test_an_expired_link_is_refused(db, now, owner):
    _request_link(db, now, owner.email)
    token = _emailed_token(db, owner.email)
    later = now + password_reset.LINK_TTL
    refused = factories.raised(_reset, db, later, token)
    assert refused.code == AccountError.LINK_EXPIRED
    assert "kedaluwarsa" in text(refused)
    assert _logs_in(db, later, owner.email, PASSWORD)


def test_a_newer_link_retires_the_older_one(db, now, owner):
    _request_link(db, now, owner.email)
    first = _emailed_token(db, owner.email)
    _request_link(db, now + timedelta(minutes=1), owner.email)
    refused = factories.raised(password_reset.check_link, db, token=first, now=now)
    assert refused.code == AccountError.LINK_INVALID


def test_an_unknown_email_is_answered_the_same_and_nothing_is_queued(db, now, owner):
    assert (
        password_reset.request_link(db, email="tidak.ada@contoh.id", client=CLIENT, now=now) is None
    )
    assert db.exec(select(OutboxMessage)).all() == []
    assert db.exec(select(AuditLog)).all() == []


def test_an_admin_or_a_deactivated_account_gets_no_link(db, now):
    admin = factories.admin(db, now)
    gone = factories.user(db, now, is_active=False)
    for account in (admin, gone):
        _request_link(db, now, account.email)
    assert db.exec(select(OutboxMessage)).all() == []


def test_the_new_password_follows_registrations_rules_typed_twice(db, now, owner):
    _request_link(db, now, owner.email)
    token = _emailed_token(db, owner.email)
    with pytest.raises(FormErrors) as refused:
        password_reset.check_new_password(
            db, token=token, password="sitirahayu1", again="lain", now=now
        )
    assert {f: e.code for f, e in refused.value.errors.items()} == {
        "password": AccountError.PASSWORD_PERSONAL,
        "password_again": AccountError.PASSWORD_MISMATCH,
    }


@pytest.mark.security
def test_requests_are_throttled_per_email_and_per_client_known_or_not(db, now, owner):
    for address in (owner.email, "tidak.ada@contoh.id"):
        for n in range(password_reset.LINKS_PER_EMAIL.count):
            _request_link(db, now, address, client=f"10.0.0.{n}")
        refused = factories.raised(_request_link, db, now, address, client="10.0.1.1")
        assert refused.code == CoreError.RATE_LIMITED
        assert text(refused) == (
            "Terlalu banyak permintaan atur ulang kata sandi untuk email ini."
            " Coba lagi dalam 60 menit."
        )
    assert len(factories.outbox(db, owner.email)) == password_reset.LINKS_PER_EMAIL.count
    for n in range(password_reset.LINKS_PER_CLIENT.count):
        _request_link(db, now, f"orang.{n}@contoh.id", client="10.9.9.9")
    refused = factories.raised(_request_link, db, now, "baru@contoh.id", client="10.9.9.9")
    assert "dari jaringan ini" in text(refused)
    assert _request_link(db, now + timedelta(hours=1), owner.email) is None


@pytest.mark.security
def test_the_reset_ends_every_session_of_the_account_and_only_its(db, now, owner):
    other = factories.user(db, now)
    for made in (owner, owner, other):
        factories.session_token(db, made)
    _request_link(db, now, owner.email)
    _reset(db, now, _emailed_token(db, owner.email))
    left = db.exec(select(LoginSession.user_id)).all()
    assert left == [other.id]


@pytest.mark.security
def test_the_audit_trail_holds_neither_the_token_nor_the_code(db, now, owner):
    _request_link(db, now, owner.email)
    token = _emailed_token(db, owner.email)
    _reset(db, now, token)
    password_reset.request_code(db, email=owner.email, phone=PHONE, client=CLIENT, now=now)
    code = factories.sms_code(db, PHONE)
    password_reset.link_for_code(db, email=owner.email, phone=PHONE, code=code, now=now)
    entries = db.exec(select(AuditLog)).all()
    assert [e.action for e in entries] == [
        "account.password_reset_request",
        "account.password_reset",
        "account.password_reset_request",
        "account.password_reset_code",
    ]
    assert {e.actor_user_id for e in entries} == {owner.id}
    written = repr([(e.before_json, e.after_json, e.entity_id) for e in entries])
    assert token not in written and code not in written


# --- by the verified phone -----------------------------------------------------------


def _request_code(db, now, email, phone="0812-3456-7890"):
    password_reset.request_code(db, email=email, phone=phone, client=CLIENT, now=now)


def _link_for(db, now, email, code, phone="0812 3456 7890") -> str:
    return password_reset.link_for_code(db, email=email, phone=phone, code=code, now=now)


def test_the_right_sms_code_leads_to_the_new_password(db, now, owner):
    _request_code(db, now, owner.email)
    (sms,) = factories.outbox(db, PHONE, "sms")
    assert "mengatur ulang kata sandi" in body_of(sms)
    token = _link_for(db, now, owner.email, factories.sms_code(db, PHONE))
    _reset(db, now, token)
    assert _logs_in(db, now, owner.email, NEW_PASSWORD)
    refused = factories.raised(_link_for, db, now, owner.email, factories.sms_code(db, PHONE))
    assert refused.code == AccountError.RESET_CODE_WRONG  # the code is used up


def test_the_link_of_a_code_expires_sooner(db, now, owner):
    _request_code(db, now, owner.email)
    token = _link_for(db, now, owner.email, factories.sms_code(db, PHONE))
    refused = factories.raised(_reset, db, now + password_reset.CODE_LINK_TTL, token)
    assert refused.code == AccountError.LINK_EXPIRED


@pytest.mark.security
def test_a_wrong_code_is_counted_and_every_refusal_reads_the_same(db, now, owner):
    _request_code(db, now, owner.email)
    right = factories.sms_code(db, PHONE)
    wrong = "000000" if right != "000000" else "111111"
    refused = factories.raised(_link_for, db, now, owner.email, wrong)
    assert refused.code == AccountError.RESET_CODE_WRONG
    assert refused.field == "otp"
    assert db.exec(select(OtpCode.attempts)).one() == 1
    # Not this account's number, an unknown address, a malformed code: the same refusal.
    others = [
        factories.raised(_link_for, db, now, owner.email, right, phone="0857 1234 5678"),
        factories.raised(_link_for, db, now, "tidak.ada@contoh.id", right),
        factories.raised(_link_for, db, now, owner.email, "12"),
    ]
    assert {text(e) for e in others} == {text(refused)}
    assert db.exec(select(OtpCode.attempts)).one() == 1
    for _ in range(4):
        factories.raised(_link_for, db, now, owner.email, wrong)
    locked = factories.raised(_link_for, db, now, owner.email, right)
    assert text(locked) == text(refused)


def test_a_phone_that_is_not_the_accounts_gets_nothing(db, now, owner):
    unverified = factories.user(db, now)
    db.add(ApplicantProfile(user_id=unverified.id, phone="+6285712345678"))
    db.commit()
    _request_code(db, now, owner.email, phone="0857 1234 5678")
    _request_code(db, now, unverified.email, phone="0857 1234 5678")
    _request_code(db, now, "tidak.ada@contoh.id", phone="0812 3456 7890")
    assert db.exec(select(OutboxMessage)).all() == []
    assert db.exec(select(OtpCode)).all() == []


def test_a_malformed_email_or_number_is_told_next_to_its_field(db, now):
    with pytest.raises(FormErrors) as refused:
        _request_code(db, now, "bukan-email", phone="021 555 1234")
    assert set(refused.value.errors) == {"email", "phone"}


@pytest.mark.security
def test_codes_are_throttled_the_same_whether_or_not_the_pair_matches(db, now, owner):
    for email in (owner.email, "tidak.ada@contoh.id"):
        _request_code(db, now, email)
        again = factories.raised(_request_code, db, now + timedelta(seconds=30), email)
        assert (
            text(again) == "Kode baru dapat diminta satu kali per menit. Coba lagi dalam 1 menit."
        )
        _request_code(db, now + timedelta(minutes=1), email)
        _request_code(db, now + timedelta(minutes=2), email)
        limited = factories.raised(_request_code, db, now + timedelta(minutes=3), email)
        assert "Terlalu banyak permintaan kode untuk email ini" in text(limited)
    assert len(factories.outbox(db, PHONE, "sms")) == 3
