"""Taking a training off sale and putting it back, and its price (the console's catalogue).

A deactivated training is not sold and not shown in the catalogue (`catalogue.on_sale`);
its page stays readable by its code, and vouchers already bought for it stay valid, as
for a delisted platform (`platform_listing`).

A training's price may change until its first sale and never after: participants who
bought it paid that price, and the program pays the platform by it. The first purchase
sets ``price_locked_at`` in its own transaction (`lock_price`); `set_price` changes the
price only where it is still unset, in one UPDATE, so a purchase and a price change
racing each other cannot both win; and a trigger (`models.PRICE_LOCK`) refuses any
other statement that tries.
"""

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from prakerja_app.models import Training
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.program import TRAINING_BALANCE
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.marketplace.platform_listing import MAX_ID

# "150000", "150.000", "Rp 150.000", "-5" (read, then refused as not positive).
_PRICE = re.compile(r"(?:rp\.?\s*)?(-?)\s*(\d{1,3}(?:\.\d{3})+|\d+)", re.IGNORECASE)
_PRICE_DIGITS = 12


@dataclass(frozen=True)
class PriceChange:
    """A training's price before and after a change."""

    code: str
    old_price: int
    new_price: int


def _training(db: Session, training_id: object) -> Training:
    """The training, locked until the transaction ends.

    The lock is a write that changes nothing, as the transaction's first statement: a row
    lock on PostgreSQL, and on SQLite the database's write lock taken before anything is
    read (a read first would fail later with "database is locked" when a purchase wrote).
    """
    valid = (
        isinstance(training_id, int)
        and not isinstance(training_id, bool)
        and 0 < training_id <= MAX_ID
    )
    if valid:
        db.exec(
            sa.update(Training)
            .where(col(Training.id) == training_id)
            .values(active=col(Training.active))
            .execution_options(synchronize_session=False)
        )
    training = db.get(Training, training_id, populate_existing=True) if valid else None
    if training is None:
        raise DomainError(MarketplaceError.TRAINING_UNKNOWN)
    return training


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
        training = _training(db, training_id if isinstance(active, bool) else None)
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


def parse_price(raw: object) -> int:
    """A price typed in rupiah ("150000", "150.000", "Rp 150.000"), within the balance.

    Raises:
        DomainError: ``price_not_number``, ``price_not_positive`` or
            ``price_above_balance`` (field ``price``).
    """
    text = raw.strip() if isinstance(raw, str) else ""
    found = _PRICE.fullmatch(text)
    if found is None:
        raise DomainError(MarketplaceError.PRICE_NOT_NUMBER, field="price")
    digits = found.group(2).replace(".", "").lstrip("0") or "0"
    if found.group(1) or digits == "0":
        raise DomainError(MarketplaceError.PRICE_NOT_POSITIVE, field="price")
    if len(digits) > _PRICE_DIGITS or int(digits) > TRAINING_BALANCE:
        raise DomainError(
            MarketplaceError.PRICE_ABOVE_BALANCE, field="price", maximum=TRAINING_BALANCE
        )
    return int(digits)


def set_price(
    db: Session, *, now: datetime, actor_id: int, training_id: int, price: str
) -> PriceChange:
    """Change an unsold training's price, audited as ``training.price`` with the old and
    new price; commit.

    Args:
        db: the session; its transaction is ended.
        now: the program time (not used by the rule; every service takes it).
        actor_id: the operator.
        training_id: the training's id.
        price: the new price as typed (see `parse_price`).

    Raises:
        DomainError: ``training_unknown``; ``price_not_number``, ``price_not_positive``,
            ``price_above_balance`` or ``price_unchanged`` (field ``price``); or
            ``price_locked`` (with ``locked_at``) once the training was sold.
    """
    with committing(db):
        new_price = parse_price(price)
        training = _training(db, training_id)
        old_price = training.price
        if training.price_locked_at is not None:
            raise DomainError(MarketplaceError.PRICE_LOCKED, locked_at=training.price_locked_at)
        if new_price == old_price:
            raise DomainError(MarketplaceError.PRICE_UNCHANGED, field="price")
        changed = db.exec(
            sa.update(Training)
            .where(col(Training.id) == training.id, col(Training.price_locked_at).is_(None))
            .values(price=new_price)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:  # cannot happen under the lock; refuse rather than audit a no-op
            raise DomainError(MarketplaceError.PRICE_LOCKED, locked_at=None)
        audit.record(
            db,
            actor_id=actor_id,
            action="training.price",
            entity="training",
            entity_id=training.id,
            before={"price": old_price},
            after={"price": new_price},
        )
        return PriceChange(code=training.code, old_price=old_price, new_price=new_price)


def lock_price(db: Session, training: Training, now: datetime) -> int:
    """Fix the training's price at its first sale, in the purchase's transaction (the
    caller commits); returns the price to charge, read again under the lock.

    Only the first sale writes the training's row; later ones find it locked and write
    nothing, so popular trainings do not make their buyers wait on each other.
    """
    first = db.exec(
        sa.update(Training)
        .where(col(Training.id) == training.id, col(Training.price_locked_at).is_(None))
        .values(price_locked_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if first:
        db.refresh(training)  # a price changed before our lock: charge that one
    return training.price
