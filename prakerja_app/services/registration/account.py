"""Steps 1 and 2 of registration: creating an applicant account and confirming its email.

The confirmation link (`accounts.email_links`) is single-use and expires after 24 hours.
Nothing here tells whether an address has an account: registering a taken address
looks the same, and its owner gets an email saying someone tried; resending says
nothing either. Registrations are limited per connection and (more softly) per client
address, so one agent cannot open hundreds of accounts.
"""

from datetime import datetime, timedelta

from sqlmodel import Session, select

from prakerja_app import routes, settings
from prakerja_app.models import User, id_of
from prakerja_app.services.accounts import email_links, users
from prakerja_app.services.accounts.email_links import LinkPurpose
from prakerja_app.services.accounts.passwords import check_password_choice, hash_password
from prakerja_app.services.core import audit, rate_limits
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.rate_limits import Limit
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.registration.steps import Step, complete_step
from prakerja_app.services.verification import evidence

CONFIRM_TTL = timedelta(hours=24)
RESEND_COOLDOWN = timedelta(seconds=60)
PER_CONNECTION = Limit("registration", 3, timedelta(minutes=10))
PER_CLIENT = Limit("registration_ip", 30, timedelta(minutes=10))
TAKEN_NOTICE = Limit("taken_notice", 1, timedelta(hours=1))


def check_registration(
    db: Session,
    *,
    full_name: str,
    email: str,
    password: str,
    now: datetime,
    client: str,
    connection: str,
) -> tuple[str, str]:
    """The checks `register` makes before any write: the fields and the limits; reads only.

    The registration page calls it before it hashes the password, so a refused form or
    client costs no hash.

    Returns:
        The name and the address, normalised.

    Raises:
        FormErrors, DomainError: as `register`.
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
    rate_limits.check(db, PER_CONNECTION, connection, now)
    rate_limits.check(db, PER_CLIENT, client, now)
    return name, address


def register(
    db: Session,
    *,
    full_name: str,
    email: str,
    password: str,
    now: datetime,
    client: str,
    connection: str,
    password_hash: str | None = None,
) -> str:
    """Create an applicant account and send the confirmation email; commits.

    A taken address gets the same answer: no account is made, and its owner is told by
    email (at most once an hour) that someone tried to register with it.

    Args:
        client: where the request comes from (the client's IP address).
        connection: the browser connection it came over (the websocket's session id).
        password_hash: the password's hash, when the caller made it already (the page
            does, on its hashing threads); else it is made here.

    Returns:
        The normalised email address the confirmation (or the notice) went to.

    Raises:
        FormErrors: every wrong field with its refusal; nothing is created.
        DomainError: ``rate_limited`` for too many registrations from this connection
            or this client.
    """
    name, address = check_registration(
        db,
        full_name=full_name,
        email=email,
        password=password,
        now=now,
        client=client,
        connection=connection,
    )
    rate_limits.record(db, PER_CONNECTION, connection, now)
    rate_limits.record(db, PER_CLIENT, client, now)
    # Hashed for a taken address too: the answer takes the same time and tells nothing.
    password_hash = password_hash or hash_password(password)
    owner = db.exec(select(User).where(User.email == address)).first()
    if owner is not None:
        _notify_owner(db, owner, now)
        db.commit()
        return address
    try:
        user = users.create_user(
            db,
            email=address,
            full_name=name,
            password_hash=password_hash,
            role=Role.APPLICANT,
            now=now,
        )
    except DomainError:  # registered at this very moment by another request
        db.rollback()
        return address
    complete_step(db, id_of(user), Step.ACCOUNT, now)
    evidence.record_origin(db, user_id=id_of(user), client=client, now=now)
    _send_confirmation(db, user, now)
    audit.record(db, actor_id=user.id, action="account.register", entity="user", entity_id=user.id)
    db.commit()
    return address


def _notify_owner(db: Session, owner: User, now: datetime) -> None:
    """Tell the owner of a taken address, at most once an hour."""
    try:
        rate_limits.check(db, TAKEN_NOTICE, owner.email, now)
    except DomainError:
        return
    rate_limits.record(db, TAKEN_NOTICE, owner.email, now)
    email = templates.ALREADY_REGISTERED.render(
        name=owner.full_name, login=settings.public_url() + routes.LOGIN
    )
    outbox.queue_email(db, to=owner.email, email=email, now=now)


def _send_confirmation(db: Session, user: User, now: datetime) -> None:
    token = email_links.issue(
        db, user_id=id_of(user), purpose=LinkPurpose.CONFIRM_EMAIL, ttl=CONFIRM_TTL, now=now
    )
    link = settings.public_url() + routes.confirm_email(outbox.SECRET_MARK)
    email = templates.CONFIRM_EMAIL.render(name=user.full_name, link=link)
    secret = outbox.Secret(token, CONFIRM_TTL)
    outbox.queue_email(db, to=user.email, email=email, now=now, secret=secret)


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
