"""The audit trail: every change the program office must be able to account for."""

import json
from typing import Any

from sqlmodel import Session

from prakerja_app.models import AuditLog, utc_now


def record(
    db: Session,
    *,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Add an audit entry in the caller's transaction (it commits with the change)."""
    db.add(
        AuditLog(
            actor_user_id=actor_id,
            action=action,
            entity=entity,
            entity_id=None if entity_id is None else str(entity_id),
            before_json=None if before is None else json.dumps(before, default=str),
            after_json=None if after is None else json.dumps(after, default=str),
            created_at=utc_now(),
        )
    )
