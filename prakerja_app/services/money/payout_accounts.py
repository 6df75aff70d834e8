"""The account incentives are paid into: a BNI account or an e-wallet, linked on the
dashboard with an SMS code and the payment partner's account inquiry.

The steps:

1. `request_link_code`: the channel and number are checked (`normalize_number`), the
   channel must be open (DANA from `program.DANA_AVAILABLE_FROM`) and the linking
   deadline (`program.PAYOUT_LINKING_DEADLINE`) not passed. Changing an existing account
   needs the password again (the caller checks it off the event loop and passes the
   verdict, `password_ok`; wrong passwords are counted, `PASSWORD_TRIES`). A 6-digit code
   goes to the verified phone, bound (its OTP target) to the phone, the channel, the
   number and the account it replaces: a code sent for one number links no other, and a
   code for a change exists only if the password was given.
2. `link_account`: the code is checked (a wrong code counts, as for a purchase); the
   partner's inquiry (`PaymentPartner.validate_account`) must find the account, active,
   and for an e-wallet upgraded; the holder's name must match the KTP name
   (`holder_names.names_match`). The number must not belong to another participant
   (another NIK): that is refused, and audited as ``payout.account_conflict`` with both
   participant ids (`conflicts` lists them for the verification queue). The old account,
   if any, is deactivated (kept as history) and the new one is active; one active account
   per participant is a partial unique index, one number one participant the unique
   (provider, account_number) pair.
3. `current_account`: the active account, for the dashboard.

Every step is audited (``payout.link_code``, ``payout.account_link``,
``payout.account_refused``, ``payout.account_conflict``). Each function that changes
something commits (`committing`); refusals leave nothing behind but the counted wrong
codes and passwords and the audit entries of refused inquiries and conflicts.

E-wallet numbers are stored in the national form ``08…`` (how the e-wallets name their
accounts), BNI numbers as their 10 digits.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from prakerja_app.models import (
    ApplicantProfile,
    AuditLog,
    Participant,
    PayoutAccount,
    User,
    id_of,
)
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.accounts.passwords import verify_password
from prakerja_app.services.core import audit, program, rate_limits
from prakerja_app.services.core.errors import DomainError, FormErrors
from prakerja_app.services.core.labels import PAYOUT_CHANNEL_LABELS
from prakerja_app.services.core.phone_numbers import mask_phone, normalize_phone
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.money import failed_payments
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.money.holder_names import names_match
from prakerja_app.services.money.partner.errors import PartnerRefused, PartnerUnavailable
from prakerja_app.services.money.partner.interface import (
    AccountValidation,
    FailureReason,
    PayoutChannel,
)
from prakerja_app.services.selection.participants import lock_participant, require_participant

PURPOSE = "payout_account"
BNI_DIGITS = 10  # BNI account numbers are 10 digits
CONFLICT_ACTION = "payout.account_conflict"
TARGET_DIGEST = 15  # hex digits: "+62" and 12 digits, "/", and these make 31
PASSWORD_TRIES = rate_limits.Limit("payout_password", 5, timedelta(minutes=15))

CHANNEL, NUMBER, PASSWORD, OTP = "channel", "account_number", "password", one_time_codes.FIELD

_SEPARATORS = re.compile(r"[\s.\-]")
_DIGITS = re.compile(r"[0-9]+")
_PROBLEMS = {
    FailureReason.ACCOUNT_NOT_FOUND: MoneyError.PAYOUT_ACCOUNT_NOT_FOUND,
    FailureReason.ACCOUNT_INACTIVE: MoneyError.PAYOUT_ACCOUNT_INACTIVE,
    FailureReason.EWALLET_NOT_UPGRADED: MoneyError.PAYOUT_EWALLET_NOT_UPGRADED,
    FailureReason.NAME_MISMATCH: MoneyError.PAYOUT_NAME_MISMATCH,
}


class AccountInquiry(Protocol):
    """The part of `PaymentPartner` linking needs: its account inquiry."""

    def validate_account(self, channel: PayoutChannel, account_no: str) -> AccountValidation:
        """Whether the account exists, is active (and upgraded), and its holder's name."""
        ...


@dataclass(frozen=True)
class LinkedAccount:
    """The participant's active account, as the dashboard shows it (number masked)."""

    account_id: int
    channel: PayoutChannel
    masked_number: str
    holder_name: str
    verified_at: datetime


@dataclass(frozen=True)
class AccountConflict:
    """A number refused because another participant (another NIK) holds it."""

    audit_id: int
    at: datetime
    participant_id: int  # who tried to link it
    other_participant_id: int  # who holds it
    channel: str
    masked_number: str


# --- rules --------------------------------------------------------------------------------


def mask_number(number: str) -> str:
    """Every digit but the last four hidden, always four stars: ``"****7890"``."""
    return f"****{number[-4:]}"


def open_channels(now: datetime) -> list[PayoutChannel]:
    """The channels a participant may link at `now` (DANA from 14 Oct 2020)."""
    return [c for c in PayoutChannel if c is not PayoutChannel.DANA or now >= _dana_from()]


def _dana_from() -> datetime:
    return program.DANA_AVAILABLE_FROM


def parse_channel(raw: object, now: datetime) -> PayoutChannel:
    """The channel picked in the form, if it is open at `now`.

    Raises:
        DomainError: ``payout_channel_unknown`` or ``payout_channel_not_yet`` (field channel).
    """
    try:
        channel = PayoutChannel(raw.strip().lower() if isinstance(raw, str) else "")
    except ValueError:
        raise DomainError(MoneyError.PAYOUT_CHANNEL_UNKNOWN, CHANNEL) from None
    if channel not in open_channels(now):
        raise DomainError(MoneyError.PAYOUT_CHANNEL_NOT_YET, CHANNEL, available_from=_dana_from())
    return channel


def normalize_number(channel: PayoutChannel, raw: object) -> str:
    """The account number as stored: BNI's 10 digits, or an e-wallet's mobile number in the
    national form ``08…`` (typed as 0812…, +62 812…, with spaces or dashes).

    Raises:
        DomainError: ``payout_number_required``, ``payout_bank_number`` (details: digits)
            or ``payout_ewallet_number``, all with field account_number.
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise DomainError(MoneyError.PAYOUT_NUMBER_REQUIRED, NUMBER)
    if channel.is_ewallet:
        try:
            e164 = normalize_phone(text)
        except DomainError:
            raise DomainError(MoneyError.PAYOUT_EWALLET_NUMBER, NUMBER) from None
        return "0" + e164.removeprefix("+62")
    digits = _SEPARATORS.sub("", text)
    if len(digits) != BNI_DIGITS or not _DIGITS.fullmatch(digits):
        raise DomainError(MoneyError.PAYOUT_BANK_NUMBER, NUMBER, digits=BNI_DIGITS)
    return digits


def check_deadline(now: datetime) -> None:
    """Refuse linking or changing after the program's linking deadline.

    Raises:
        DomainError: ``payout_deadline`` (details: deadline).
    """
    if now > program.PAYOUT_LINKING_DEADLINE:
        raise DomainError(MoneyError.PAYOUT_DEADLINE, deadline=program.PAYOUT_LINKING_DEADLINE)


# --- reads --------------------------------------------------------------------------------


def active_account(db: Session, participant_id: int) -> PayoutAccount | None:
    """The participant's active payout account, if one is linked."""
    return db.exec(
        select(PayoutAccount).where(
            PayoutAccount.participant_id == participant_id, col(PayoutAccount.active).is_(True)
        )
    ).first()


def _linked(account: PayoutAccount) -> LinkedAccount:
    return LinkedAccount(
        account_id=id_of(account),
        channel=PayoutChannel(account.provider),
        masked_number=mask_number(account.account_number),
        holder_name=account.holder_name,
        verified_at=account.verified_at or account.created_at,
    )


def current_account(db: Session, user_id: int) -> LinkedAccount | None:
    """The active payout account of the account's participant, or None (none yet, or not
    a participant)."""
    participant_id = db.exec(select(Participant.id).where(Participant.user_id == user_id)).first()
    if participant_id is None:
        return None
    account = active_account(db, participant_id)
    return None if account is None else _linked(account)


def password_hash_of(db: Session, user_id: int) -> str | None:
    """The account's password hash, for the caller's check on its hashing threads."""
    return db.exec(select(User.password_hash).where(User.id == user_id)).first()


def password_matches(db: Session, user_id: int, password: str) -> bool:
    """Check the password here, on this thread (tests and the command line; pages check it
    with `password_hash_of` on `state.hashing`'s threads)."""
    return verify_password(password, password_hash_of(db, user_id))[0]


def conflicts(db: Session) -> list[AccountConflict]:
    """Every refused link of a number another participant holds, oldest first: the
    verification queue's cases (audit action ``payout.account_conflict``)."""
    rows = db.exec(
        select(AuditLog).where(AuditLog.action == CONFLICT_ACTION).order_by(col(AuditLog.seq))
    ).all()
    found = []
    for row in rows:
        after = json.loads(row.after_json or "{}")
        found.append(
            AccountConflict(
                audit_id=id_of(row),
                at=row.created_at,
                participant_id=after["participant_id"],
                other_participant_id=after["other_participant_id"],
                channel=after["channel"],
                masked_number=after["account"],
            )
        )
    return found


# --- the code -----------------------------------------------------------------------------


def _verified_phone(db: Session, user_id: int) -> str:
    phone = db.exec(
        select(ApplicantProfile.phone).where(
            ApplicantProfile.user_id == user_id, col(ApplicantProfile.phone_verified_at).isnot(None)
        )
    ).first()
    if not phone:
        raise DomainError(MoneyError.PAYOUT_PHONE_MISSING)
    return phone


def _otp_target(phone: str, channel: PayoutChannel, number: str, replaced: int) -> str:
    """The code's binding: the phone, then what it links and the account it replaces
    (0: none) as a short digest, so it fits `OtpCode.target` (32 characters) and keeps the
    ``"<phone>/"`` prefix the codes' daily limit per number counts by. The code's HMAC
    covers the target, so a code works only for this channel, number and replaced account."""
    binding = f"{channel.value}/{number}/{replaced}".encode()
    return f"{phone}/{hashlib.sha256(binding).hexdigest()[:TARGET_DIGEST]}"


def _form(channel: object, account_number: object, now: datetime) -> tuple[PayoutChannel, str]:
    """The deadline, then the channel and number (each refusal next to its field)."""
    check_deadline(now)
    errors: dict[str, DomainError] = {}
    try:
        parsed = parse_channel(channel, now)
    except DomainError as error:
        errors[CHANNEL] = error
        parsed = None
    number = None
    if parsed is not None:
        try:
            number = normalize_number(parsed, account_number)
        except DomainError as error:
            errors[NUMBER] = error
    if errors:
        raise FormErrors(errors) if len(errors) > 1 else next(iter(errors.values()))
    assert parsed is not None and number is not None
    return parsed, number


def _check_password(db: Session, user_id: int, password_ok: bool | None, now: datetime) -> None:
    """A change needs the password again: `password_ok` is the caller's verdict (None when
    no password was typed); wrong ones are counted (`PASSWORD_TRIES`) and committed."""
    subject = str(user_id)
    rate_limits.check(db, PASSWORD_TRIES, subject, now, field=PASSWORD)
    if password_ok is None:
        raise DomainError(MoneyError.PAYOUT_PASSWORD_REQUIRED, PASSWORD)
    if not password_ok:
        rate_limits.record(db, PASSWORD_TRIES, subject, now)
        audit.record(
            db, actor_id=user_id, action="payout.password_wrong", entity="user", entity_id=user_id
        )
        db.commit()
        raise DomainError(MoneyError.PAYOUT_PASSWORD_WRONG, PASSWORD)


def request_link_code(
    db: Session,
    *,
    user_id: int,
    channel: str,
    account_number: str,
    password_ok: bool | None,
    now: datetime,
) -> str:
    """Send the code that links (or changes to) this account; commit.

    Args:
        db: the session; its transaction is ended.
        user_id: the logged-in account.
        channel: a `PayoutChannel` value, as picked.
        account_number: as typed.
        password_ok: whether the password typed again is right (None: none typed);
            needed only when an account is linked already.
        now: program time.

    Returns:
        The masked phone number the code went to.

    Raises:
        DomainError: not a participant or revoked; the deadline passed; the channel or
            number refused (fields channel, account_number); the number is the current
            account already; a change without the right password (field password,
            ``rate_limited`` after `PASSWORD_TRIES`); no verified phone; the code
            cool-down or daily limit (field otp).
    """
    with committing(db):
        lock_participant(db, user_id)
        participant = require_participant(db, user_id)
        parsed, number = _form(channel, account_number, now)
        current = active_account(db, id_of(participant))
        if current is not None:
            if (current.provider, current.account_number) == (parsed.value, number):
                raise DomainError(MoneyError.PAYOUT_ALREADY_LINKED, NUMBER)
            _check_password(db, user_id, password_ok, now)
        phone = _verified_phone(db, user_id)
        code = one_time_codes.issue_code(
            db,
            user_id=user_id,
            purpose=PURPOSE,
            target=_otp_target(phone, parsed, number, id_of(current) if current else 0),
            phone=phone,
            now=now,
        )
        body = templates.PAYOUT_ACCOUNT_CODE_SMS.format(
            channel=PAYOUT_CHANNEL_LABELS[parsed],
            last4=number[-4:],
            code=outbox.SECRET_MARK,
        )
        outbox.queue_sms(
            db, to=phone, body=body, now=now, secret=outbox.Secret(code, one_time_codes.CODE_TTL)
        )
        audit.record(
            db,
            actor_id=user_id,
            action="payout.link_code",
            entity="participant",
            entity_id=participant.id,
            after={
                "channel": parsed.value,
                "account": mask_number(number),
                "replaces": current.id if current else None,
            },
        )
    return mask_phone(phone)


# --- linking ------------------------------------------------------------------------------


def _ktp_name(db: Session, user_id: int) -> str:
    name = db.exec(
        select(ApplicantProfile.full_name_ktp).where(ApplicantProfile.user_id == user_id)
    ).first()
    if not name:
        raise DomainError(MoneyError.PAYOUT_KTP_NAME_MISSING)
    return name


def _inquire(partner: AccountInquiry, channel: PayoutChannel, number: str) -> AccountValidation:
    try:
        return partner.validate_account(channel, number)
    except (PartnerUnavailable, PartnerRefused):
        raise DomainError(MoneyError.PAYOUT_PARTNER_UNAVAILABLE) from None


def _problem_of(found: AccountValidation, ktp_name: str) -> FailureReason | None:
    """Why a payout into the account would fail, its holder's name included."""
    if found.problem is None and not names_match(ktp_name, found.holder_name or ""):
        return FailureReason.NAME_MISMATCH
    return found.problem


def _refuse_after(
    db: Session, refusal: DomainError, user_id: int, participant_id: int, after: dict
) -> DomainError:
    """Roll the link back, audit the refusal on its own, and give the refusal to raise."""
    db.rollback()
    with committing(db):
        audit.record(
            db,
            actor_id=user_id,
            action=CONFLICT_ACTION
            if refusal.code is MoneyError.PAYOUT_ACCOUNT_TAKEN
            else "payout.account_refused",
            entity="participant",
            entity_id=participant_id,
            after={"participant_id": participant_id, "reason": str(refusal.code), **after},
        )
    return refusal


def _holder_of(db: Session, channel: PayoutChannel, number: str) -> PayoutAccount | None:
    return db.exec(
        select(PayoutAccount).where(
            PayoutAccount.provider == channel.value, PayoutAccount.account_number == number
        )
    ).first()


def _switch(
    db: Session,
    participant_id: int,
    current: PayoutAccount | None,
    known: PayoutAccount | None,
    channel: PayoutChannel,
    number: str,
    holder_name: str,
    now: datetime,
) -> PayoutAccount:
    """Deactivate the current account, then activate the new one (or this participant's
    earlier row of the same number); flushed, so the indexes are checked here."""
    if current is not None:
        current.active, current.deactivated_at = False, now
        db.add(current)
        db.flush()
    if known is not None:  # back to an account this participant had before
        known.active, known.deactivated_at = True, None
        known.holder_name, known.verified_at = holder_name, now
        account = known
    else:
        account = PayoutAccount(
            participant_id=participant_id,
            provider=channel.value,
            account_number=number,
            holder_name=holder_name,
            verified_at=now,
            active=True,
            created_at=now,
        )
    db.add(account)
    db.flush()
    return account


def link_account(
    db: Session,
    *,
    user_id: int,
    channel: str,
    account_number: str,
    code: str,
    partner: AccountInquiry,
    now: datetime,
) -> LinkedAccount:
    """Link the account the code was sent for, after the partner's inquiry; commit.

    The partner is asked inside the transaction, after the code is checked (so nobody
    probes the partner without the code) and before anything is written; a refusal
    rolls back, so the code stays usable for its five minutes once the account is fixed.

    Args:
        db: the session; its transaction is ended.
        user_id: the logged-in account.
        channel: as for `request_link_code`.
        account_number: as for `request_link_code`.
        code: the 6-digit code as typed.
        partner: the payment partner (a `PaymentPartner`) whose inquiry confirms the
            account.
        now: program time.

    Raises:
        DomainError: everything `request_link_code` refuses (but the password, which the
            code stands for); a wrong, expired, locked or missing code (field otp);
            ``payout_account_not_found``, ``payout_account_inactive``,
            ``payout_ewallet_not_upgraded``, ``payout_name_mismatch``,
            ``payout_account_taken`` (another NIK holds it; audited as
            ``payout.account_conflict``), all with field account_number;
            ``payout_partner_unavailable``; ``payout_ktp_name_missing``.
    """
    participant_id: int | None = None
    masked = ""
    try:
        with committing(db):
            lock_participant(db, user_id)
            participant = require_participant(db, user_id)
            participant_id = id_of(participant)
            parsed, number = _form(channel, account_number, now)
            masked = mask_number(number)
            current = active_account(db, participant_id)
            if current is not None and (current.provider, current.account_number) == (
                parsed.value,
                number,
            ):
                raise DomainError(MoneyError.PAYOUT_ALREADY_LINKED, NUMBER)
            phone = _verified_phone(db, user_id)
            one_time_codes.verify_code(
                db,
                user_id=user_id,
                purpose=PURPOSE,
                target=_otp_target(phone, parsed, number, id_of(current) if current else 0),
                code=code,
                now=now,
            )
            ktp_name = _ktp_name(db, user_id)
            known = _holder_of(db, parsed, number)
            facts = {"channel": parsed.value, "account": masked}
            if known is not None and known.participant_id != participant_id:
                raise _refuse_after(
                    db,
                    DomainError(MoneyError.PAYOUT_ACCOUNT_TAKEN, NUMBER),
                    user_id,
                    participant_id,
                    {**facts, "other_participant_id": known.participant_id},
                )
            found = _inquire(partner, parsed, number)
            problem = _problem_of(found, ktp_name)
            if problem is not None:
                raise _refuse_after(
                    db,
                    DomainError(_PROBLEMS[problem], NUMBER),
                    user_id,
                    participant_id,
                    facts,
                )
            account = _switch(
                db, participant_id, current, known, parsed, number, found.holder_name or "", now
            )
            failed_payments.retry_failed(db, participant_id, now)
            audit.record(
                db,
                actor_id=user_id,
                action="payout.account_link",
                entity="payoutaccount",
                entity_id=account.id,
                before=None
                if current is None
                else {
                    "account_id": current.id,
                    "channel": current.provider,
                    "account": mask_number(current.account_number),
                },
                after={"participant_id": participant_id, **facts},
            )
            return _linked(account)
    except IntegrityError:
        # Another request linked the same number first (another participant, or this
        # one's double click), or this participant's other link won the active slot.
        db.rollback()
        if participant_id is None:
            raise
        parsed = PayoutChannel(channel.strip().lower())
        number = normalize_number(parsed, account_number)
        holder = _holder_of(db, parsed, number)
        if holder is not None and holder.participant_id != participant_id:
            raise _refuse_after(
                db,
                DomainError(MoneyError.PAYOUT_ACCOUNT_TAKEN, NUMBER),
                user_id,
                participant_id,
                {
                    "channel": parsed.value,
                    "account": masked,
                    "other_participant_id": holder.participant_id,
                },
            ) from None
        mine = active_account(db, participant_id)
        db.rollback()
        if mine is not None and (mine.provider, mine.account_number) == (parsed.value, number):
            return _linked(mine)
        raise


def recheck_account(db: Session, *, user_id: int, partner: AccountInquiry, now: datetime) -> int:
    """ "Saya sudah memperbaikinya": the partner checks the active account again; when it
    is now fit, the failed payments are scheduled again for the next run. Commits.

    Returns:
        How many failed payments are back in line.

    Raises:
        DomainError: ``recheck_no_account``; ``recheck_nothing_failed``; the account's
            problem as for `link_account` (field account_number);
            ``payout_partner_unavailable``.
    """
    with committing(db):
        lock_participant(db, user_id)
        participant_id = id_of(require_participant(db, user_id))
        current = active_account(db, participant_id)
        if current is None:
            raise DomainError(MoneyError.RECHECK_NO_ACCOUNT)
        if not failed_payments.failed_count(db, participant_id):
            raise DomainError(MoneyError.RECHECK_NOTHING_FAILED)
        channel = PayoutChannel(current.provider)
        found = _inquire(partner, channel, current.account_number)
        problem = _problem_of(found, _ktp_name(db, user_id))
        if problem is not None:
            raise DomainError(_PROBLEMS[problem], NUMBER)
        current.verified_at = now
        current.holder_name = found.holder_name or current.holder_name
        retried = failed_payments.retry_failed(db, participant_id, now)
        audit.record(
            db,
            actor_id=user_id,
            action="payout.account_recheck",
            entity="payoutaccount",
            entity_id=current.id,
            after={"participant_id": participant_id, "retried": retried},
        )
        return retried
