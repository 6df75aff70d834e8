"""The program office's own accounts, managed by a super admin.

Use cases: invite an admin by email (`invite`; the link sets the password,
`accept_invitation`), change their roles (`set_roles`), deactivate and reactivate them
(`set_active`; a deactivated admin's sessions end at once) and forget a lost second
factor (`reset_second_factor`). Each is audited. At least one active super admin always
remains. The caller has checked that the actor is a super admin (`roles.require_actor`).
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select

from prakerja_app import routes, settings
from prakerja_app.models import AdminGrant, User, id_of
from prakerja_app.services.accounts import email_links, sessions, users
from prakerja_app.services.accounts.email_links import LinkPurpose
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import hash_password
from prakerja_app.services.accounts.roles import parse_roles
from prakerja_app.services.accounts.second_factor import reset
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.labels import ADMIN_ROLE_LABELS
from prakerja_app.services.core.vocab import AdminRole, Role
from prakerja_app.services.messaging import outbox, templates

INVITE_TTL = timedelta(hours=72)


@dataclass(frozen=True)
class Invitee:
    """Who an invitation link was sent to, as its page greets them."""

    full_name: str
    email: str


def roles_of(db: Session, user_id: int) -> frozenset[AdminRole]:
    """The roles an admin holds."""
    found = db.exec(select(AdminGrant.role).where(AdminGrant.user_id == user_id))
    return frozenset(AdminRole(role) for role in found)


def _check_roles(raw: object) -> frozenset[AdminRole]:
    chosen = parse_roles(raw)
    if not chosen:
        raise DomainError(AccountError.ROLES_MISSING, "roles")
    return chosen


def _grant(db: Session, user_id: int, chosen: frozenset[AdminRole], actor_id: int, now: datetime):
    db.exec(delete(AdminGrant).where(col(AdminGrant.user_id) == user_id))
    db.add_all(
        AdminGrant(user_id=user_id, role=role, granted_by=actor_id, created_at=now)
        for role in sorted(chosen)
    )


def invite(
    db: Session, *, actor_id: int, email: object, full_name: object, roles: object, now: datetime
) -> None:
    """Create an admin account with these roles and email it a link to set its password
    (valid `INVITE_TTL`); commits.

    Raises:
        FormErrors: ``email_invalid`` or ``email_taken`` (``email``), ``name_invalid``
            (``full_name``), ``roles_missing`` (``roles``).
    """
    errors: dict[str, DomainError] = {}
    address = collect(errors, "email", lambda: users.check_email(str(email or "")))
    name = collect(errors, "full_name", lambda: users.check_full_name(str(full_name or "")))
    chosen = collect(errors, "roles", lambda: _check_roles(roles))
    if address and db.exec(select(User.id).where(User.email == address)).first():
        errors["email"] = DomainError(AccountError.EMAIL_TAKEN, "email")
    if errors or not (address and name and chosen):
        raise FormErrors(errors)
    user = users.create_user(
        db,
        email=address,
        full_name=name,
        # Nobody knows this password: the invitation's link sets the real one.
        password_hash=hash_password(secrets.token_urlsafe(32)),
        role=Role.ADMIN,
        now=now,
    )
    _grant(db, id_of(user), chosen, actor_id, now)
    _send_invitation(db, user, chosen, actor_id, now)
    audit.record(
        db,
        actor_id=actor_id,
        action="admin.invite",
        entity="user",
        entity_id=user.id,
        after={"email": address, "roles": sorted(chosen)},
    )
    db.commit()


def _send_invitation(
    db: Session, user: User, chosen: frozenset[AdminRole], actor_id: int, now: datetime
) -> None:
    token = email_links.issue(
        db, user_id=id_of(user), purpose=LinkPurpose.ADMIN_INVITE, ttl=INVITE_TTL, now=now
    )
    message = templates.ADMIN_INVITE.render(
        name=user.full_name,
        inviter=db.get_one(User, actor_id).full_name,
        roles=", ".join(ADMIN_ROLE_LABELS[role] for role in sorted(chosen)),
        link=settings.public_url() + routes.admin_invitation(outbox.SECRET_MARK),
    )
    outbox.queue_email(
        db, to=user.email, email=message, now=now, secret=outbox.Secret(token, INVITE_TTL)
    )


def resend_invitation(db: Session, *, actor_id: int, user_id: object, now: datetime) -> None:
    """Send a new invitation link (the earlier one stops working) to an admin who has not
    chosen a password yet; commits.

    Raises:
        DomainError: ``admin_unknown`` (also when the invitation was accepted already).
    """
    user = _admin(db, user_id)
    if user.email_verified_at is not None:
        raise DomainError(AccountError.ADMIN_UNKNOWN)
    _send_invitation(db, user, roles_of(db, id_of(user)), actor_id, now)
    audit.record(db, actor_id=actor_id, action="admin.reinvite", entity="user", entity_id=user.id)
    db.commit()


def invitee(db: Session, *, token: str, now: datetime) -> Invitee:
    """Who a live invitation link is for (the link is not spent).

    Raises:
        DomainError: ``link_invalid`` or ``link_expired``.
    """
    user = db.get_one(
        User, email_links.check(db, token=token, purpose=LinkPurpose.ADMIN_INVITE, now=now)
    )
    return Invitee(user.full_name, user.email)


def accept_invitation(db: Session, *, token: str, password_hash: str, now: datetime) -> None:
    """Spend the invitation link and set the admin's password (already checked with
    `passwords.check_password_choice` and hashed); commits.

    Raises:
        DomainError: ``link_invalid`` or ``link_expired``.
    """
    user_id = email_links.use(db, token=token, purpose=LinkPurpose.ADMIN_INVITE, now=now)
    user = db.get_one(User, user_id)
    user.password_hash, user.email_verified_at = password_hash, now
    sessions.end_sessions(db, user_id)
    audit.record(
        db, actor_id=user_id, action="admin.accept_invite", entity="user", entity_id=user_id
    )
    db.commit()


def _admin(db: Session, user_id: object) -> User:
    user = db.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or user.role != Role.ADMIN:
        raise DomainError(AccountError.ADMIN_UNKNOWN)
    return user


def _other_super_admins(db: Session, user_id: int) -> int:
    return len(
        db.exec(
            select(AdminGrant.user_id)
            .join(User, col(User.id) == AdminGrant.user_id)
            .where(
                AdminGrant.role == AdminRole.SUPER_ADMIN,
                col(User.is_active).is_(True),
                AdminGrant.user_id != user_id,
            )
        ).all()
    )


def set_roles(db: Session, *, actor_id: int, user_id: object, roles: object, now: datetime) -> None:
    """Give an admin exactly these roles, from their next event on; commits.

    Raises:
        DomainError: ``admin_unknown``; ``roles_missing`` (field ``roles``);
            ``last_super_admin`` when no other active super admin would remain.
    """
    user = _admin(db, user_id)
    chosen = _check_roles(roles)
    before = roles_of(db, id_of(user))
    if AdminRole.SUPER_ADMIN in before - chosen and not _other_super_admins(db, id_of(user)):
        raise DomainError(AccountError.LAST_SUPER_ADMIN)
    _grant(db, id_of(user), chosen, actor_id, now)
    audit.record(
        db,
        actor_id=actor_id,
        action="admin.set_roles",
        entity="user",
        entity_id=user.id,
        before={"roles": sorted(before)},
        after={"roles": sorted(chosen)},
    )
    db.commit()


def set_active(db: Session, *, actor_id: int, user_id: object, active: bool, now: datetime) -> None:
    """Deactivate an admin (their sessions end at once) or reactivate them; commits.

    Raises:
        DomainError: ``admin_unknown``; ``not_yourself``; ``last_super_admin``.
    """
    user = _admin(db, user_id)
    if user.id == actor_id:
        raise DomainError(AccountError.NOT_YOURSELF)
    if (
        not active
        and AdminRole.SUPER_ADMIN in roles_of(db, id_of(user))
        and not _other_super_admins(db, id_of(user))
    ):
        raise DomainError(AccountError.LAST_SUPER_ADMIN)
    user.is_active = bool(active)
    if not active:
        sessions.end_sessions(db, id_of(user))
    audit.record(
        db,
        actor_id=actor_id,
        action="admin.activate" if active else "admin.deactivate",
        entity="user",
        entity_id=user.id,
    )
    db.commit()


def reset_second_factor(db: Session, *, actor_id: int, user_id: object, now: datetime) -> None:
    """Forget an admin's authenticator (a lost phone): their sessions end, and they
    enrol again at their next login; commits.

    Raises:
        DomainError: ``admin_unknown``; ``not_yourself``.
    """
    user = _admin(db, user_id)
    if user.id == actor_id:
        raise DomainError(AccountError.NOT_YOURSELF)
    reset(db, user, now)
    sessions.end_sessions(db, id_of(user))
    audit.record(db, actor_id=actor_id, action="admin.reset_totp", entity="user", entity_id=user.id)
    db.commit()
