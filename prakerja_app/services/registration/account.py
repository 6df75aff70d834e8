"""Steps 1 and 2 of registration: creating an applicant account and confirming its email.

The confirmation link carries a random token; only its SHA-256 is stored, it works
once, and it expires after 24 hours. Resending never tells whether an address has an
account.
"""

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select, update

from prakerja_app import routes, settings
from prakerja_app.models import EmailToken, User
from prakerja_app.services.accounts import sessions
from prakerja_app.services.accounts.passwords import check_password_choice
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, FormErrors, collect
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.messaging import outbox
from prakerja_app.services.registration.steps import Step, complete_step

CONFIRM_PURPOSE = "confirm_email"
CONFIRM_TTL = timedelta(hours=24)
RESEND_COOLDOWN = timedelta(seconds=60)
_NAME = re.compile(r"[^\W\d_]+(?:[ .,'\-][^\W\d_]*)*")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_email(raw: str) -> str:
    """Return the normalised email, or raise DomainError (field ``email``)."""
    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(
            "email_invalid", "Alamat email tidak valid, contoh: nama@contoh.id.", "email"
        ) from None


def check_full_name(raw: str, field: str = "full_name") -> str:
    """Return a person's name with single spaces, or raise DomainError for `field`."""
    name = " ".join(raw.split())
    if not 2 <= len(name) <= 120 or not _NAME.fullmatch(name):
        raise DomainError(
            "name_invalid", "Tulis nama lengkap dengan huruf (2-120 karakter).", field
        )
    return name


def register(db: Session, *, full_name: str, email: str, password: str, now: datetime) -> User:
    """Create an applicant account and send the confirmation email; commit.

    Raises:
        FormErrors: every wrong field with its message; nothing is created.
    """
    errors: dict[str, str] = {}
    name = collect(errors, "full_name", lambda: check_full_name(full_name))
    address = collect(errors, "email", lambda: check_email(email))
    collect(
        errors,
        "password",
        lambda: check_password_choice(
            password, email=address or email.strip(), full_name=name or full_name
        ),
    )
    if errors:
        raise FormErrors(errors)
    try:
        user = sessions.create_user(
            db,
            email=address,
            full_name=name,
            password=password,
            role=Role.APPLICANT,
            now=now,
        )
    except DomainError as error:
        raise FormErrors({"email": error.message}) from None
    complete_step(db, user.id, Step.ACCOUNT, now)
    _send_confirmation(db, user, now)
    audit.record(db, actor_id=user.id, action="account.register", entity="user", entity_id=user.id)
    db.commit()
    return user


def _send_confirmation(db: Session, user: User, now: datetime) -> None:
    db.exec(
        update(EmailToken)
        .where(
            col(EmailToken.user_id) == user.id,
            col(EmailToken.purpose) == CONFIRM_PURPOSE,
            col(EmailToken.used_at).is_(None),
        )
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.add(
        EmailToken(
            user_id=user.id,
            purpose=CONFIRM_PURPOSE,
            token_hash=_hash(token),
            created_at=now,
            expires_at=now + CONFIRM_TTL,
        )
    )
    link = settings.public_url() + routes.confirm_email(token)
    outbox.queue_email(
        db,
        to=user.email,
        subject="Konfirmasi email pendaftaran Kartu Prakerja",
        body=(
            f"Halo {user.full_name},\n\n"
            "Terima kasih telah mendaftar Kartu Prakerja. Buka tautan berikut untuk"
            " mengonfirmasi alamat email Anda:\n\n"
            f"{link}\n\n"
            "Tautan ini berlaku 24 jam dan hanya dapat dipakai satu kali. Jika Anda tidak"
            " merasa mendaftar, abaikan email ini.\n\n"
            "Salam,\nManajemen Pelaksana Program Kartu Prakerja"
        ),
        now=now,
    )


def resend_confirmation(db: Session, *, email: str, now: datetime) -> None:
    """Send a new confirmation link when the address has an unconfirmed account; commit.

    Says nothing either way, and sends at most one link per minute per account.
    """
    user = db.exec(select(User).where(User.email == sessions.normalize_email(email))).first()
    if user is None or user.email_verified_at is not None:
        return
    last = db.exec(
        select(EmailToken.created_at)
        .where(EmailToken.user_id == user.id, EmailToken.purpose == CONFIRM_PURPOSE)
        .order_by(col(EmailToken.created_at).desc())
    ).first()
    if last is not None and now - last < RESEND_COOLDOWN:
        return
    _send_confirmation(db, user, now)
    db.commit()


def confirm_email(db: Session, *, token: str, now: datetime) -> None:
    """Use a confirmation link: the email is confirmed and step 2 is done; commit.

    Raises:
        DomainError: ``link_invalid`` (unknown or used) or ``link_expired``.
    """
    found = db.exec(
        select(EmailToken).where(
            EmailToken.token_hash == _hash(token or ""), EmailToken.purpose == CONFIRM_PURPOSE
        )
    ).first()
    if found is None or found.used_at is not None:
        raise DomainError(
            "link_invalid",
            "Tautan konfirmasi tidak valid atau sudah dipakai. Jika email Anda sudah"
            " terkonfirmasi, silakan masuk.",
        )
    if now >= found.expires_at:
        raise DomainError(
            "link_expired",
            "Tautan konfirmasi sudah kedaluwarsa (berlaku 24 jam). Kirim ulang email"
            " konfirmasi untuk mendapatkan tautan baru.",
        )
    found.used_at = now
    user = db.get(User, found.user_id)
    user.email_verified_at = now
    complete_step(db, user.id, Step.EMAIL, now)
    audit.record(
        db, actor_id=user.id, action="account.confirm_email", entity="user", entity_id=user.id
    )
    db.commit()
