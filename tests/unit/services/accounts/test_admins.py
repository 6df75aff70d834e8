"""Admin accounts: invitations by email, roles, deactivation and a lost authenticator,
each audited, with at least one active super admin always left."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, LoginSession, User, utc_now
from prakerja_app.services.accounts import admins, sessions
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.core.errors import FormErrors
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.messaging.outbox import body_of
from tests import factories

pytestmark = pytest.mark.usefixtures("registration_env")


def _token_of(db, email: str) -> str:
    return factories.confirmation_token(db, email)


def _actions(db) -> list[str]:
    return list(db.exec(select(AuditLog.action).order_by(AuditLog.id)))


@pytest.fixture
def boss(db, now):
    return factories.admin(db, now, AdminRole.SUPER_ADMIN)


def test_an_invitation_emails_a_link_that_sets_the_password_once(db, now, boss):
    admins.invite(
        db,
        actor_id=boss.id,
        email=" Rina@Prakerja.go.id ",
        full_name="Rina Wulandari",
        roles=["operator", "verifier"],
        now=now,
    )
    invited = db.exec(select(User).where(User.email == "rina@prakerja.go.id")).one()
    assert admins.roles_of(db, invited.id) == {AdminRole.OPERATOR, AdminRole.VERIFIER}
    assert invited.email_verified_at is None
    email = factories.outbox(db, invited.email)[-1]
    assert "Operator, Verifikator" in body_of(email) and "/admin/undangan?token=" in body_of(email)
    token = _token_of(db, invited.email)
    assert admins.invitee(db, token=token, now=now).full_name == "Rina Wulandari"
    admins.accept_invitation(db, token=token, password_hash=hash_password("x" * 12), now=now)
    assert db.get(User, invited.id).email_verified_at == now
    again = factories.raised(admins.accept_invitation, db, token=token, password_hash="h", now=now)
    assert again.code == "link_invalid"
    assert _actions(db)[-2:] == ["admin.invite", "admin.accept_invite"]


def test_an_invitation_expires_after_72_hours(db, now, boss):
    admins.invite(
        db,
        actor_id=boss.id,
        email="budi@prakerja.go.id",
        full_name="Budi",
        roles=["auditor"],
        now=now,
    )
    token = _token_of(db, "budi@prakerja.go.id")
    late = now + admins.INVITE_TTL
    assert factories.raised(admins.invitee, db, token=token, now=late).code == "link_expired"


def test_a_new_invitation_retires_the_old_link(db, now, boss):
    admins.invite(
        db,
        actor_id=boss.id,
        email="budi@prakerja.go.id",
        full_name="Budi",
        roles=["auditor"],
        now=now,
    )
    first = _token_of(db, "budi@prakerja.go.id")
    invited = db.exec(select(User).where(User.email == "budi@prakerja.go.id")).one()
    admins.resend_invitation(db, actor_id=boss.id, user_id=invited.id, now=now)
    assert factories.raised(admins.invitee, db, token=first, now=now).code == "link_invalid"
    assert admins.invitee(db, token=_token_of(db, invited.email), now=now).email == invited.email


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"email": "bukan-email", "full_name": "Rina", "roles": ["operator"]},
            {"email": "email_invalid"},
        ),
        (
            {"email": "r@prakerja.go.id", "full_name": "R2D2", "roles": ["operator"]},
            {"full_name": "name_invalid"},
        ),
        (
            {"email": "r@prakerja.go.id", "full_name": "Rina", "roles": []},
            {"roles": "roles_missing"},
        ),
        (
            {"email": "r@prakerja.go.id", "full_name": "Rina", "roles": ["root"]},
            {"roles": "roles_missing"},
        ),
        (
            {"email": None, "full_name": ["x"], "roles": "operator"},
            {"email": "email_invalid", "full_name": "name_invalid", "roles": "roles_missing"},
        ),
    ],
)
def test_a_bad_invitation_is_refused_field_by_field_and_changes_nothing(
    db, now, boss, fields, expected
):
    before = len(db.exec(select(User)).all())
    refused = factories.raised(
        admins.invite, db, actor_id=boss.id, now=now, **fields, error=FormErrors
    )
    assert {name: str(error.code) for name, error in refused.errors.items()} == expected
    assert len(db.exec(select(User)).all()) == before


def test_an_address_already_in_use_cannot_be_invited(db, now, boss):
    taken = factories.user(db, now)
    refused = factories.raised(
        admins.invite,
        db,
        actor_id=boss.id,
        email=taken.email,
        full_name="Rina",
        roles=["operator"],
        now=now,
        error=FormErrors,
    )
    assert refused.errors["email"].code == "email_taken"


def test_roles_change_from_the_next_event_on(db, now, boss):
    clerk = factories.admin(db, now, AdminRole.VERIFIER)
    token = factories.session_token(db, clerk)
    admins.set_roles(db, actor_id=boss.id, user_id=clerk.id, roles=["auditor"], now=now)
    assert sessions.resolve_session(db, token, utc_now()).roles == {AdminRole.AUDITOR}
    assert _actions(db)[-1] == "admin.set_roles"


def test_the_last_super_admin_keeps_the_role_and_stays_active(db, now, boss):
    other = factories.admin(db, now, AdminRole.OPERATOR)
    refused = factories.raised(
        admins.set_roles, db, actor_id=other.id, user_id=boss.id, roles=["operator"], now=now
    )
    assert refused.code == "last_super_admin"
    refused = factories.raised(
        admins.set_active, db, actor_id=other.id, user_id=boss.id, active=False, now=now
    )
    assert refused.code == "last_super_admin"
    second = factories.admin(db, now, AdminRole.SUPER_ADMIN)
    admins.set_roles(db, actor_id=second.id, user_id=boss.id, roles=["operator"], now=now)
    assert admins.roles_of(db, boss.id) == {AdminRole.OPERATOR}


def test_deactivation_ends_every_session_at_once(db, now, boss):
    clerk = factories.admin(db, now, AdminRole.VERIFIER)
    token = factories.session_token(db, clerk)
    admins.set_active(db, actor_id=boss.id, user_id=clerk.id, active=False, now=now)
    assert db.exec(select(LoginSession).where(LoginSession.user_id == clerk.id)).all() == []
    assert sessions.resolve_session(db, token, utc_now()) is None
    admins.set_active(db, actor_id=boss.id, user_id=clerk.id, active=True, now=now)
    assert db.get(User, clerk.id).is_active
    assert _actions(db)[-2:] == ["admin.deactivate", "admin.activate"]


def test_no_one_deactivates_or_resets_themselves(db, now, boss):
    for action in (admins.reset_second_factor,):
        assert (
            factories.raised(action, db, actor_id=boss.id, user_id=boss.id, now=now).code
            == "not_yourself"
        )
    refused = factories.raised(
        admins.set_active, db, actor_id=boss.id, user_id=boss.id, active=False, now=now
    )
    assert refused.code == "not_yourself"


@pytest.mark.parametrize("user_id", [None, "1", -5, 10**9, 1.5])
def test_unknown_or_forged_targets_are_refused(db, now, boss, user_id):
    refused = factories.raised(
        admins.set_roles, db, actor_id=boss.id, user_id=user_id, roles=["auditor"], now=now
    )
    assert refused.code == "admin_unknown"


def test_applicants_are_not_admins_to_manage(db, now, boss):
    applicant = factories.user(db, now)
    refused = factories.raised(
        admins.set_active, db, actor_id=boss.id, user_id=applicant.id, active=False, now=now
    )
    assert refused.code == "admin_unknown"
    assert db.get(User, applicant.id).is_active


def test_a_reset_authenticator_must_be_enrolled_again(db, now, boss):
    clerk = factories.admin(db, now, AdminRole.VERIFIER, totp_enrolled_at=now, totp_secret="sealed")
    token = factories.session_token(db, clerk)
    admins.reset_second_factor(
        db, actor_id=boss.id, user_id=clerk.id, now=now + timedelta(minutes=1)
    )
    reset = db.get(User, clerk.id)
    assert (reset.totp_secret, reset.totp_enrolled_at) == (None, None)
    assert sessions.resolve_session(db, token, utc_now()) is None
