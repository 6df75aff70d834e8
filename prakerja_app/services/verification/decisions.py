"""A verifier's decision on a case: approve it, or reject it with a reason the applicant
reads. Each is audited, allowed only while the case is open, and refused afterwards
with the decision that stands (``verification_decided``, details: status).

A rejection keeps the applicant out of every draw from then on (`selection.draw`,
``verification_rejected``); an approval or an open case does not. Each function commits.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import VerificationCase
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import CaseStatus
from prakerja_app.services.verification.errors import VerificationError

REASON_MIN = 10
REASON_MAX = 300


def _decide(
    db: Session,
    *,
    case_id: int,
    actor_id: int,
    status: CaseStatus,
    reason: str | None,
    now: datetime,
) -> None:
    case = db.get(VerificationCase, case_id, populate_existing=True)
    if case is None:
        raise DomainError(VerificationError.CASE_UNKNOWN)
    with committing(db):
        decided = db.exec(
            sa.update(VerificationCase)
            .where(col(VerificationCase.id) == case_id, col(VerificationCase.status) == "open")
            .values(status=status, decided_at=now, decided_by=actor_id, reason=reason)
            .execution_options(synchronize_session=False)
        ).rowcount
        if decided == 1:
            audit.record(
                db,
                actor_id=actor_id,
                action=f"verification.{status}",
                entity="user",
                entity_id=case.user_id,
                after={"case_id": case_id, "reason": reason},
            )
    db.refresh(case)
    if decided != 1:  # decided before, or by another verifier at this very moment
        raise DomainError(VerificationError.DECIDED, status=CaseStatus(case.status))


def approve(db: Session, *, case_id: int, actor_id: int, now: datetime) -> None:
    """Clear an open case: its flags were looked at and the applicant goes on.

    Raises:
        DomainError: ``verification_case_unknown``; ``verification_decided``.
    """
    _decide(
        db, case_id=case_id, actor_id=actor_id, status=CaseStatus.APPROVED, reason=None, now=now
    )


def reject(db: Session, *, case_id: int, actor_id: int, reason: str, now: datetime) -> None:
    """Reject an open case with the reason the applicant will read.

    Raises:
        DomainError: ``verification_reason_short`` / ``_long`` (field ``reason``);
            ``verification_case_unknown``; ``verification_decided``.
    """
    text = " ".join(reason.split()) if isinstance(reason, str) else ""
    if len(text) < REASON_MIN:
        raise DomainError(VerificationError.REASON_SHORT, "reason", minimum=REASON_MIN)
    if len(text) > REASON_MAX:
        raise DomainError(VerificationError.REASON_LONG, "reason", maximum=REASON_MAX)
    _decide(
        db, case_id=case_id, actor_id=actor_id, status=CaseStatus.REJECTED, reason=text, now=now
    )


def rejection_of(db: Session, user_id: int) -> str | None:
    """The reason an applicant was rejected with (the latest rejection), or None."""
    return db.exec(
        select(VerificationCase.reason)
        .where(
            VerificationCase.user_id == user_id,
            VerificationCase.status == CaseStatus.REJECTED,
        )
        .order_by(col(VerificationCase.id).desc())
        .limit(1)
    ).first()
