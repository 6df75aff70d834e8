"""Steps 1 and 2 of registration: creating an applicant account and confirming its email.

The confirmation link (`accounts.email_links`) is single-use and expires after 24 hours.
Resending never tells whether an address has an account.
"""

from datetime import datetime, timedelta

from sqlmodel import Session, select

from prakerja_app import routes, settings
from prakerja_app.models import User, id_of
from prakerja_app.services.accounts import email_links, users
from prakerja_app.services.accounts.email_links import LinkPurpose
from prakerja_app.services.accounts.passwords import check_password_choice
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.registration.steps import Step, complete_step

CONFIRM_TTL = timedelta(hours=24)
RESEND_COOLDOWN = timedelta(seconds=60)


def register(db: Session, *, full_name: str, email: str, password: str, now: datetime) -> User:
    """Create an applicant account and send the confirmation email; commits.

    Raises:
        FormErrors: every wrong field with its refusal; nothing is created.
    """
    errors: dict[str, DomainError] = {}
    name = collect(errors, "full_name", lambda: users.check_full_name(full_name))
    address = collect(errors, "email", lambda: users.check_email(email))
    collect(
        errors,
        "password",
        lambda: check_password_choice(
            password, email=address or email.strip(), full_name=name or full_name
        ),
    )
    if errors or name is None or address is None:
        raise FormErrors(errors)
    try:
        user = users.create_user(
            db, email=address, full_name=name, password=password, role=Role.APPLICANT, now=now
        )
    except DomainError as error:
        raise FormErrors({"email": error}) from None
    complete_step(db, id_of(user), Step.ACCOUNT, now)
    _send_confirmation(db, user, now)
    audit.record(db, actor_id=user.id, action="account.register", entity="user", entity_id=user.id)
    db.commit()
    return user


def _send_confirmation(db: Session, user: User, now: datetime) -> None:
    token = email_links.issue(
        db, user_id=id_of(user), purpose=LinkPurpose.CONFIRM_EMAIL, ttl=CONFIRM_TTL, now=now
    )
    link = settings.public_url() + routes.confirm_email(token)
    email = templates.CONFIRM_EMAIL.render(name=user.full_name, link=link)
    outbox.queue_email(db, to=user.email, email=email, now=now)


def resend_confirmation(db: Session, *, email: str, now: datetime) -> None:
    """Send a new confirmation link when the address has an unconfirmed account; commits.

    Says nothing either way, and sends at most one link per minute per account.
    """
    user = db.exec(select(User).where(User.email == users.normalize_email(email))).first()
    if user is None or user.email_verified_at is not None:
        return
    last = email_links.last_issued_at(db, user_id=id_of(user), purpose=LinkPurpose.CONFIRM_EMAIL)
    if last is not None and now - last < RESEND_COOLDOWN:
        return
    _send_confirmation(db, user, now)
    db.commit()


def confirm_email(db: Session, *, token: str, now: datetime) -> None:
    """Use a confirmation link: the email is confirmed and step 2 is done; commits.

    Raises:
        DomainError: ``link_invalid`` (unknown or used) or ``link_expired``.
    """
    user_id = email_links.use(db, token=token, purpose=LinkPurpose.CONFIRM_EMAIL, now=now)
    user = db.get_one(User, user_id)
    user.email_verified_at = now
    complete_step(db, user_id, Step.EMAIL, now)
    audit.record(
        db, actor_id=user_id, action="account.confirm_email", entity="user", entity_id=user_id
    )
    db.commit()
