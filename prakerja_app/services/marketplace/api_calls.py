"""The log of calls to the providers' redeem-code API, for the console and the providers.

Each call is recorded after it is answered, in a transaction of its own: the provider
its client_code header names (or none), the endpoint, the HTTP status, the refusal's
code, how long it took, and when (program time). Nothing a participant could be
recognised by, no voucher code, no body, no signature. Rows older than `KEEP` (30 days)
are deleted by the housekeeping job (`prune`).
"""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import ApiCall, TrainingProvider

KEEP = timedelta(days=30)
MAX_DURATION_MS = 2**31 - 1


def record(
    db: Session,
    *,
    client_code: str | None,
    endpoint: str,
    http_status: int,
    error_code: str | None,
    duration_ms: int,
    at: datetime,
) -> None:
    """Log one answered call; commit."""
    provider_id = (
        db.exec(
            select(TrainingProvider.id).where(TrainingProvider.client_code == client_code[:64])
        ).first()
        if client_code
        else None
    )
    db.add(
        ApiCall(
            provider_id=provider_id,
            endpoint=endpoint,
            http_status=http_status,
            error_code=error_code,
            duration_ms=min(max(duration_ms, 0), MAX_DURATION_MS),
            called_at=at,
        )
    )
    db.commit()


def prune(db: Session, now: datetime) -> int:
    """Delete the calls older than `KEEP`; commit. Returns how many."""
    deleted = db.exec(sa.delete(ApiCall).where(col(ApiCall.called_at) < now - KEEP)).rowcount
    db.commit()
    return deleted
