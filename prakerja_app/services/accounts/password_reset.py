"""A forgotten password: a new one chosen through a link sent by email, or, when the email
cannot be opened, through an SMS code sent to the account's verified phone.

Nothing here tells whether an account exists. A request gets the same answer either way;
for an unknown address (or an address and a number that are not one account's) nothing
is queued, and the rest is the same: the same reads, counts and commit (the sending is
the job workers', later), so the answer's time differs by a few inserts. The limits
count per address and per client for every address alike (`rate_limits`), so they tell
nothing either.

- By email: `request_link` emails a single-use link (`email_links`, purpose
  ``password_reset``, `LINK_TTL`).
- By phone: `request_code` sends a 6-digit code (`one_time_codes`, `PURPOSE`, bound to
  the number) when the address's account has that verified phone; `link_for_code` trades
  the right code for a short-lived link of the same purpose, so both ways end at the
  same step. Every wrong, expired, used or missing code is one refusal
  (``reset_code_wrong``); wrong ones are still counted (`one_time_codes.MAX_ATTEMPTS`).
  The address identifies the account rather than the NIK: the NIK is printed on every
  KTP photocopy, while the address is what the person logs in with.
- `check_new_password` applies registration's rules (`passwords`); `reset_password`
  spends the link, stores the new hash and ends every session of the account.

Only active applicant accounts are reset here (an admin's account carries a second
factor and is managed in the console). Each step is audited without the token or code.
"""

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from prakerja_app import routes, settings
from prakerja_app.models import ApplicantProfile, User, id_of
from prakerja_app.services.accounts import email_links, one_time_codes, sessions, users
from prakerja_app.services.accounts.email_links import LinkPurpose
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.accounts.passwords import check_password_choice
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.services.core import audit, rate_limits
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.phone_numbers import normalize_phone
from prakerja_app.services.core.rate_limits import Limit
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.messaging import outbox, templates

LINK_TTL = timedelta(minutes=30)
CODE_LINK_TTL = timedelta(minutes=10)  # the link a right SMS code leads to
PURPOSE = "password_reset"
LINKS_PER_EMAIL = Limit("reset_email", 3, timedelta(hours=1))
LINKS_PER_CLIENT = Limit("reset_client", 20, timedelta(hours=1))
CODE_RESEND = Limit("reset_code_resend", 1, one_time_codes.RESEND_AFTER)
CODES_PER_EMAIL = Limit("reset_code_email", 3, timedelta(hours=1))
CODES_PER_CLIENT = Limit("reset_code_client", 10, timedelta(hours=1))


def _count(db: Session, now: datetime, *limits: tuple[Limit, str]) -> None:
    """Refuse when a limit is used up, else count this request against each; commits."""
    for limit, subject in limits:
        rate_limits.check(db, limit, subject, now)
    for limit, subject in limits:
        rate_limits.record(db, limit, subject, now)
    db.commit()


def _applicant(db: Session, address: str) -> User | None:
    """The active applicant account of an address, if there is one."""
    user = db.exec(select(User).where(User.email == address)).first()
    return user if user is not None and user.is_active and user.role == Role.APPLICANT else None


def _email_and_phone(email: str, phone: str) -> tuple[str, str]:
    errors: dict[str, DomainError] = {}
    address = collect(errors, "email", lambda: users.check_email(email))
    number = collect(errors, "phone", lambda: normalize_phone(phone))
    if errors or address is None or number is None:
        raise FormErrors(errors)
    return address, number


def request_link(db: Session, *, email: str, client: str, now: datetime) -> None:
    """Email a reset link when the address has an account; the same answer otherwise;
    commits.

    Raises:
        DomainError: ``email_invalid`` (field email); ``rate_limited`` after
            `LINKS_PER_EMAIL` requests for this address or `LINKS_PER_CLIENT` from this
            client (counted whether or not the address has an account).
    """
    address = users.check_email(email)
    _count(db, now, (LINKS_PER_EMAIL, token_hash(address)), (LINKS_PER_CLIENT, client[:64]))
    user = _applicant(db, address)
    if user is None:
        return
    token = email_links.issue(
        db, user_id=id_of(user), purpose=LinkPurpose.PASSWORD_RESET, ttl=LINK_TTL, now=now
    )
    message = templates.PASSWORD_RESET.render(
        name=user.full_name,
        link=settings.public_url() + routes.reset_password(outbox.SECRET_MARK),
        minutes=str(int(LINK_TTL.total_seconds() // 60)),
    )
    secret = outbox.Secret(token, LINK_TTL)
    outbox.queue_email(db, to=user.email, email=message, now=now, secret=secret)
    audit.record(
        db,
        actor_id=user.id,
        action="account.password_reset_request",
        entity="user",
        entity_id=user.id,
        after={"by": "email"},
    )
    db.commit()


def request_code(db: Session, *, email: str, phone: str, client: str, now: datetime) -> None:
    """Send a reset code by SMS when the address's account has this verified phone; the
    same answer otherwise (also when `one_time_codes` holds the code back); commits.

    Raises:
        FormErrors: the address or the number is not well formed (fields email, phone).
        DomainError: ``rate_limited`` within a minute of the last request for this
            address, after `CODES_PER_EMAIL` for it or `CODES_PER_CLIENT` from this client.
    """
    address, number = _email_and_phone(email, phone)
    subject = token_hash(address)
    _count(
        db,
        now,
        (CODE_RESEND, subject),
        (CODES_PER_EMAIL, subject),
        (CODES_PER_CLIENT, client[:64]),
    )
    user = _applicant(db, address)
    verified = (
        user is not None
        and db.exec(
            select(ApplicantProfile.id).where(
                ApplicantProfile.user_id == user.id,
                ApplicantProfile.phone == number,
                col(ApplicantProfile.phone_verified_at).is_not(None),
            )
        ).first()
    )
    if user is None or not verified:
        return
    try:
        code = one_time_codes.issue_code(
            db, user_id=id_of(user), purpose=PURPOSE, target=number, phone=number, now=now
        )
    except DomainError:  # its cool-down or daily limit: no SMS, and the same answer
        db.rollback()
        return
    outbox.queue_sms(
        db,
        to=number,
        body=templates.PASSWORD_RESET_SMS.format(code=outbox.SECRET_MARK),
        now=now,
        secret=outbox.Secret(code, one_time_codes.CODE_TTL),
    )
    audit.record(
        db,
        actor_id=user.id,
        action="account.password_reset_request",
        entity="user",
        entity_id=user.id,
        after={"by": "phone"},
    )
    db.commit()


def link_for_code(db: Session, *, email: str, phone: str, code: str, now: datetime) -> str:
    """Trade the right SMS code for the token of a reset link (`CODE_LINK_TTL`); commits.

    Returns:
        The link's plain token, for the new-password page.

    Raises:
        FormErrors: the address or the number is not well formed (fields email, phone).
        DomainError: ``reset_code_wrong`` (field otp) for a code that is wrong (counted),
            expired, used, locked, not 6 digits, or never sent to this address and number.
    """
    address, number = _email_and_phone(email, phone)
    user = _applicant(db, address)
    wrong = DomainError(AccountError.RESET_CODE_WRONG, one_time_codes.FIELD)
    if user is None:
        raise wrong
    try:
        one_time_codes.verify_code(
            db, user_id=id_of(user), purpose=PURPOSE, target=number, code=code, now=now
        )
    except DomainError:
        db.rollback()
        raise wrong from None
    token = email_links.issue(
        db, user_id=id_of(user), purpose=LinkPurpose.PASSWORD_RESET, ttl=CODE_LINK_TTL, now=now
    )
    audit.record(
        db, actor_id=user.id, action="account.password_reset_code", entity="user", entity_id=user.id
    )
    db.commit()
    return token


def check_link(db: Session, *, token: str, now: datetime) -> None:
    """Whether a reset link is live (it is not spent).

    Raises:
        DomainError: ``link_invalid`` or ``link_expired``.
    """
    email_links.check(db, token=token, purpose=LinkPurpose.PASSWORD_RESET, now=now)


def check_new_password(
    db: Session, *, token: str, password: str, again: str, now: datetime
) -> None:
    """The link is live and the new password, typed twice, follows registration's rules.

    Raises:
        DomainError: ``link_invalid`` or ``link_expired``.
        FormErrors: the password's refusal (field password, `check_password_choice`),
            ``password_mismatch`` (field password_again).
    """
    user = db.get_one(
        User, email_links.check(db, token=token, purpose=LinkPurpose.PASSWORD_RESET, now=now)
    )
    errors: dict[str, DomainError] = {}
    collect(
        errors,
        "password",
        lambda: check_password_choice(password, email=user.email, full_name=user.full_name),
    )
    if password != again:
        errors["password_again"] = DomainError(AccountError.PASSWORD_MISMATCH, "password_again")
    if errors:
        raise FormErrors(errors)


def reset_password(db: Session, *, token: str, password_hash: str, now: datetime) -> None:
    """Spend the link, store the new password's hash (checked with `check_new_password`)
    and end every session of the account; commits.

    Raises:
        DomainError: ``link_invalid`` or ``link_expired``.
    """
    user_id = email_links.use(db, token=token, purpose=LinkPurpose.PASSWORD_RESET, now=now)
    db.get_one(User, user_id).password_hash = password_hash
    sessions.end_sessions(db, user_id)
    audit.record(
        db, actor_id=user_id, action="account.password_reset", entity="user", entity_id=user_id
    )
    db.commit()
