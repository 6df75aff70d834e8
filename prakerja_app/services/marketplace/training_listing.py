"""Taking a training off sale and putting it back (the console's catalogue).

A deactivated training is not sold and not shown in the catalogue (`catalogue.on_sale`);
its page stays readable by its code, and vouchers already bought for it stay valid, as
for a delisted platform (`platform_listing`).
"""

from datetime import datetime

from sqlmodel import Session

from prakerja_app.models import Training
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.marketplace.platform_listing import MAX_ID


def set_active(db: Session, *, now: datetime, actor_id: int, training_id: int, active: bool) -> str:
    """Activate or deactivate a training, audited as ``training.activate`` or
    ``training.deactivate``; commit.

    Args:
        db: the session; its transaction is ended.
        now: the program time (not used by the rule; every service takes it).
        actor_id: the operator.
        training_id: the training's id.
        active: True to sell it, False to take it off sale.

    Returns:
        The training's code.

    Raises:
        DomainError: ``training_unknown``, ``training_already_active`` or
            ``training_already_inactive``.
    """
    with committing(db):
        valid = isinstance(training_id, int) and not isinstance(training_id, bool)
        training = (
            db.get(Training, training_id, with_for_update=True)
            if valid and 0 < training_id <= MAX_ID and isinstance(active, bool)
            else None
        )
        if training is None:
            raise DomainError(MarketplaceError.TRAINING_UNKNOWN)
        if training.active == active:
            raise DomainError(
                MarketplaceError.TRAINING_ALREADY_ACTIVE
                if active
                else MarketplaceError.TRAINING_ALREADY_INACTIVE
            )
        training.active = active
        db.add(training)
        audit.record(
            db,
            actor_id=actor_id,
            action="training.activate" if active else "training.deactivate",
            entity="training",
            entity_id=training.id,
            before={"active": not active},
            after={"active": active},
        )
        return training.code
