"""Reading the audit log: the console's filters, checked, and one page of entries."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import AuditLog, User
from prakerja_app.services.core.errors import DomainError, refuse_fields
from prakerja_app.services.core.formatting import wib_to_utc

PAGE_SIZE = 50


class AuditError(StrEnum):
    """Refusals of the audit log's filters."""

    EMAIL_INVALID = "audit_email_invalid"
    WORD_INVALID = "audit_word_invalid"
    DATE_INVALID = "audit_date_invalid"
    RANGE_INVALID = "audit_range_invalid"


@dataclass(frozen=True)
class AuditFilters:
    """What the list is narrowed to (None: no filter); dates are WIB calendar days."""

    actor_email: str | None = None
    entity: str | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the log, with its actor's account as far as the page may show it."""

    seq: int
    created_at: datetime
    action: str
    entity: str
    entity_id: str | None
    before_json: str | None
    after_json: str | None
    actor_name: str | None
    actor_email: str | None
    actor_role: str | None


_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,190}")
_WORD = re.compile(r"[a-z_.]{1,64}")


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
    except ValueError:
        return None


def parse_filters(form: dict[str, str]) -> AuditFilters:
    """The filters from the page's form (every field optional).

    Raises:
        FormErrors: per field: ``audit_email_invalid``, ``audit_word_invalid`` (entity,
            action: lowercase letters, dots and underscores), ``audit_date_invalid``,
            ``audit_range_invalid`` (the end before the start).
    """
    raw = {name: form.get(name, "").strip() for name in ("actor", "entity", "action")}
    raw["actor"] = raw["actor"].lower()
    errors: dict[str, DomainError] = {}
    if raw["actor"] and not _EMAIL.fullmatch(raw["actor"]):
        errors["actor"] = DomainError(AuditError.EMAIL_INVALID)
    for name in ("entity", "action"):
        if raw[name] and not _WORD.fullmatch(raw[name]):
            errors[name] = DomainError(AuditError.WORD_INVALID)
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        text = form.get(name, "").strip()
        days[name] = _day(text) if text else None
        if text and days[name] is None:
            errors[name] = DomainError(AuditError.DATE_INVALID)
    since, until = days["since"], days["until"]
    if since and until and until < since:
        errors["until"] = DomainError(AuditError.RANGE_INVALID)
    if errors:
        raise refuse_fields(**errors)
    return AuditFilters(
        raw["actor"] or None, raw["entity"] or None, raw["action"] or None, since, until
    )


def _start_of(day: date) -> datetime:
    return wib_to_utc(day.year, day.month, day.day)


def entries(db: Session, filters: AuditFilters, older_than: int | None = None) -> list[AuditEntry]:
    """Up to `PAGE_SIZE` + 1 entries, newest first, older than entry `older_than` (the
    extra one tells the page there is more)."""
    query = (
        select(AuditLog, User.full_name, User.email, User.role)
        .join(User, col(User.id) == col(AuditLog.actor_user_id), isouter=True)
        .order_by(col(AuditLog.seq).desc())
        .limit(PAGE_SIZE + 1)
    )
    conditions: list[sa.ColumnElement[bool]] = []
    if older_than is not None:
        conditions.append(col(AuditLog.seq) < older_than)
    if filters.actor_email:
        conditions.append(col(User.email) == filters.actor_email)
    if filters.entity:
        conditions.append(col(AuditLog.entity) == filters.entity)
    if filters.action:
        conditions.append(col(AuditLog.action).startswith(filters.action, autoescape=True))
    if filters.since:
        conditions.append(col(AuditLog.created_at) >= _start_of(filters.since))
    if filters.until:
        conditions.append(col(AuditLog.created_at) < _start_of(filters.until + timedelta(days=1)))
    return [
        AuditEntry(
            log.seq,
            log.created_at,
            log.action,
            log.entity,
            log.entity_id,
            log.before_json,
            log.after_json,
            name,
            email,
            role,
        )
        for log, name, email, role in db.exec(query.where(*conditions)).all()
    ]
