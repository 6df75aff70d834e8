"""Failed payments back in line: once the participant has fixed their account (linked
another, or had theirs checked again by the partner), each failed payment is scheduled
again, and the next run sends it with a new try."""

from datetime import datetime

from sqlmodel import Session, col, func, select, update

from prakerja_app.models import Payment
from prakerja_app.services.core.vocab import PaymentStatus


def retry_failed(db: Session, participant_id: int, now: datetime) -> int:
    """Schedule the participant's failed payments again, in the caller's transaction; how
    many. The reason stays on the failed try."""
    result = db.exec(
        update(Payment)
        .where(col(Payment.participant_id) == participant_id)
        .where(col(Payment.status) == PaymentStatus.FAILED)
        .values(status=PaymentStatus.SCHEDULED, failure_reason=None)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def failed_count(db: Session, participant_id: int) -> int:
    """How many of the participant's payments failed and wait for a fix."""
    return int(
        db.exec(
            select(func.count())
            .where(col(Payment.participant_id) == participant_id)
            .where(col(Payment.status) == PaymentStatus.FAILED)
        ).one()
    )
