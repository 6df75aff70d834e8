"""An admin's second factor: enrolment with a QR secret, codes that work once, recovery
codes, and wrong codes that are counted and end the attempt."""

from datetime import timedelta

import pyotp
import pytest
from sqlmodel import select

from prakerja_app.models import LoginSession, RecoveryCode, User
from prakerja_app.services.accounts import second_factor, sessions
from prakerja_app.services.accounts.sessions import NextStep
from prakerja_app.services.core import secret_box
from prakerja_app.services.core.vocab import AdminRole
from tests import factories
from tests.factories import PASSWORD

CLIENT = "203.0.113.9"


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "s" * 40)


def _password_step(db, now, admin):
    return sessions.login(db, email=admin.email, password=PASSWORD, client_key=CLIENT, now=now)


def _enrolled(db, now):
    """An admin who has set up the authenticator; (admin, secret, recovery codes)."""
    admin = factories.admin(db, now, AdminRole.OPERATOR)
    first = _password_step(db, now, admin)
    enrolment = second_factor.begin_enrolment(db, ticket=first.ticket, now=now)
    codes = second_factor.finish_enrolment(
        db,
        ticket=first.ticket,
        code=pyotp.TOTP(enrolment.secret).at(now),
        client_key=CLIENT,
        now=now,
    )
    second_factor.enrolled_sign_in(db, ticket=first.ticket, client_key=CLIENT, now=now)
    return admin, enrolment.secret, codes


def _code(secret, now, offset=0):
    return pyotp.TOTP(secret).at(now + timedelta(seconds=offset))


def test_an_admins_password_leads_to_enrolment_and_no_session(db, now):
    admin = factories.admin(db, now, AdminRole.OPERATOR)
    first = _password_step(db, now, admin)
    assert first.next_step == NextStep.ENROL
    assert db.exec(select(LoginSession)).all() == []
    refused = factories.raised(sessions.start_session, db, ticket=first.ticket, now=now)
    assert refused.code == "ticket_invalid"  # the password alone opens no session


def test_enrolment_keeps_the_secret_sealed_and_gives_ten_recovery_codes(db, now):
    admin, secret, codes = _enrolled(db, now)
    stored = db.get(User, admin.id)
    assert secret not in (stored.totp_secret or "")
    assert secret_box.open_sealed(stored.totp_secret) == secret
    assert len(codes) == 10 and len(set(codes)) == 10
    hashes = db.exec(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == admin.id)).all()
    assert len(hashes) == 10 and not set(hashes) & {c.replace("-", "") for c in codes}


def test_enrolment_needs_a_code_from_the_new_secret(db, now):
    admin = factories.admin(db, now, AdminRole.OPERATOR)
    first = _password_step(db, now, admin)
    second_factor.begin_enrolment(db, ticket=first.ticket, now=now)
    wrong = factories.raised(
        second_factor.finish_enrolment,
        db,
        ticket=first.ticket,
        code="000000",
        client_key=CLIENT,
        now=now,
    )
    assert (wrong.code, wrong.field) == ("code_wrong", "code")
    assert db.get(User, admin.id).totp_enrolled_at is None
    refused = factories.raised(
        second_factor.enrolled_sign_in, db, ticket=first.ticket, client_key=CLIENT, now=now
    )
    assert refused.code == "sign_in_expired"


def test_an_enrolled_admin_signs_in_with_a_code_which_then_works_no_more(db, now):
    admin, secret, _ = _enrolled(db, now)
    later = now + timedelta(minutes=2)
    first = _password_step(db, later, admin)
    assert first.next_step == NextStep.CODE
    done = second_factor.sign_in(
        db, ticket=first.ticket, code=_code(secret, later), client_key=CLIENT, now=later
    )
    token = sessions.start_session(db, ticket=done.ticket, now=later)
    assert sessions.resolve_session(db, token, later).roles == {AdminRole.OPERATOR}
    again = _password_step(db, later, admin)
    replay = factories.raised(
        second_factor.sign_in,
        db,
        ticket=again.ticket,
        code=_code(secret, later),
        client_key=CLIENT,
        now=later,
    )
    assert replay.code == "code_wrong"


def test_a_code_from_the_neighbouring_time_step_is_accepted_for_clock_drift(db, now):
    admin, secret, _ = _enrolled(db, now)
    later = now + timedelta(minutes=5)
    first = _password_step(db, later, admin)
    done = second_factor.sign_in(
        db, ticket=first.ticket, code=_code(secret, later, -30), client_key=CLIENT, now=later
    )
    assert done.next_step == NextStep.DONE
    far = _password_step(db, later + timedelta(minutes=5), admin)
    stale = factories.raised(
        second_factor.sign_in,
        db,
        ticket=far.ticket,
        code=_code(secret, later, +200),
        client_key=CLIENT,
        now=later + timedelta(minutes=5),
    )
    assert stale.code == "code_wrong"


def test_a_recovery_code_works_once(db, now):
    admin, _, codes = _enrolled(db, now)
    later = now + timedelta(minutes=2)
    first = _password_step(db, later, admin)
    second_factor.sign_in(
        db, ticket=first.ticket, code=codes[3].upper(), client_key=CLIENT, now=later
    )
    again = _password_step(db, later, admin)
    reused = factories.raised(
        second_factor.sign_in, db, ticket=again.ticket, code=codes[3], client_key=CLIENT, now=later
    )
    assert reused.code == "code_wrong"


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abc", None, 123456, ["123456"]])
def test_malformed_codes_are_refused_next_to_the_field(db, now, code):
    admin, _, _ = _enrolled(db, now)
    first = _password_step(db, now + timedelta(minutes=1), admin)
    refused = factories.raised(
        second_factor.sign_in, db, ticket=first.ticket, code=code, client_key=CLIENT, now=now
    )
    assert (refused.code, refused.field) == ("code_format", "code")


def test_wrong_codes_are_throttled_then_end_the_attempt(db, now):
    admin, _, _ = _enrolled(db, now)
    at = now + timedelta(minutes=1)
    first = _password_step(db, at, admin)
    seen = []
    for _ in range(second_factor.MAX_WRONG_CODES):
        at += timedelta(seconds=40)  # past any wait, within the step's five minutes
        error = factories.raised(
            second_factor.sign_in, db, ticket=first.ticket, code="000000", client_key=CLIENT, now=at
        )
        seen.append(error.code)
    assert seen == ["code_wrong"] * (second_factor.MAX_WRONG_CODES - 1) + ["sign_in_expired"]
    assert (
        factories.raised(
            second_factor.sign_in, db, ticket=first.ticket, code="000000", client_key=CLIENT, now=at
        ).code
        == "sign_in_expired"
    )


def test_quick_wrong_codes_must_wait(db, now):
    admin, _, _ = _enrolled(db, now)
    first = _password_step(db, now, admin)
    codes = [
        factories.raised(
            second_factor.sign_in,
            db,
            ticket=first.ticket,
            code="000000",
            client_key=CLIENT,
            now=now,
        ).code
        for _ in range(4)
    ]
    assert codes[-1] == "throttled"


def test_a_deactivated_admins_pending_step_is_refused(db, now):
    admin, secret, _ = _enrolled(db, now)
    later = now + timedelta(minutes=2)
    first = _password_step(db, later, admin)
    db.get(User, admin.id).is_active = False
    db.commit()
    refused = factories.raised(
        second_factor.sign_in,
        db,
        ticket=first.ticket,
        code=_code(secret, later),
        client_key=CLIENT,
        now=later,
    )
    assert refused.code == "sign_in_expired"


def test_the_pending_step_expires_after_five_minutes(db, now):
    admin, secret, _ = _enrolled(db, now)
    first = _password_step(db, now, admin)
    late = now + timedelta(minutes=5, seconds=1)
    refused = factories.raised(
        second_factor.sign_in,
        db,
        ticket=first.ticket,
        code=_code(secret, late),
        client_key=CLIENT,
        now=late,
    )
    assert refused.code == "sign_in_expired"


def test_a_sealed_secret_does_not_open_under_another_app_secret(monkeypatch):
    sealed = secret_box.seal("JBSWY3DPEHPK3PXP")
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "t" * 40)
    assert secret_box.open_sealed(sealed) is None
    assert secret_box.open_sealed("not sealed at all") is None
