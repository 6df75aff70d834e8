"""How often something may be done: attempts counted in the database, so every worker
and every machine counts the same ones (`models.Attempt`).

A limit says how many attempts one subject (a client, an account) may make in a window;
`distinct` limits count different items only (how many different NIKs an account tried).
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from prakerja_app.models import Attempt
from prakerja_app.services.core.errors import CoreError, DomainError


@dataclass(frozen=True)
class Limit:
    """At most `count` attempts of `scope` per subject within `window`."""

    scope: str
    count: int
    window: timedelta
    distinct: bool = False


def _within(limit: Limit, subject: str, now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Attempt.scope) == limit.scope,
        col(Attempt.subject) == subject,
        col(Attempt.created_at) > now - limit.window,
    )


def check(
    db: Session,
    limit: Limit,
    subject: str,
    now: datetime,
    *,
    item: str = "",
    field: str | None = None,
) -> None:
    """Refuse when `subject` has used up `limit` (a distinct limit lets a known item by).

    Raises:
        DomainError: ``rate_limited`` (details: scope, hours or minutes to wait).
    """
    conditions = _within(limit, subject, now)
    if limit.distinct:
        known = db.exec(select(Attempt.id).where(*conditions, col(Attempt.item) == item)).first()
        if known is not None:
            return
        used = db.exec(select(func.count(func.distinct(Attempt.item))).where(*conditions)).one()
    else:
        used = db.exec(select(func.count()).where(*conditions)).one()
    if used >= limit.count:
        oldest = db.exec(select(func.min(Attempt.created_at)).where(*conditions)).one()
        left = (oldest + limit.window - now) if oldest else limit.window
        minutes = max(1, math.ceil(left.total_seconds() / 60))
        raise DomainError(CoreError.RATE_LIMITED, field, scope=limit.scope, minutes=minutes)


def record(db: Session, limit: Limit, subject: str, now: datetime, *, item: str = "") -> None:
    """Count one attempt; flushes (commit it even when the request is then refused)."""
    db.add(Attempt(scope=limit.scope, subject=subject, item=item, created_at=now))
    db.flush()
