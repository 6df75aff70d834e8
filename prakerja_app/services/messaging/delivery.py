"""Delivery of the outbox, batch by batch, by any number of workers at once.

A worker claims a batch of due messages of one channel in one statement (pending ->
sending, with a lease and the attempt counted; `FOR UPDATE SKIP LOCKED` on PostgreSQL,
so two workers never claim the same row), sends them one by one, and commits each
outcome as soon as it knows it. Messages carrying a one-time code come first
(`Priority.URGENT`), so a phone code overtakes a draw's million result messages.

- A worker that dies mid-batch leaves rows "sending"; `reclaim_expired` puts them back
  once their lease has run out. Only the message whose send was under way when the
  worker died can go out twice, and it keeps its Message-ID.
- A gateway that cannot be reached (`OSError`) costs the message in hand one attempt,
  retried after a growing delay; the rest of the batch goes back untouched. After
  `MAX_ATTEMPTS` the message is failed, with the last error.
- A message the other side refuses (`UndeliverableError`) is failed at once, with its
  reason.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.core.vocab import Channel, OutboxStatus
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.messaging.senders import Outgoing, Sender, UndeliverableError

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BATCH_SIZE = 100
LEASE = timedelta(minutes=2)
# A batch gives its worker back after about this long, putting the rest back: a phone
# code queued behind a busy backlog then waits at most this for a free worker.
BATCH_SECONDS = 1.0
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(minutes=30)
MAX_ERROR_LENGTH = 200


@dataclass(frozen=True)
class BatchResult:
    """What one batch did: how many it claimed, and what became of them."""

    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    released: int = 0  # claimed but put back untouched (the gateway was down, or time ran out)
    kept: int = 0  # marked "local": no sender is configured for the channel


def retry_delay(attempts: int) -> timedelta:
    """How long a message waits after its `attempts`-th failed try: 30 s, doubling."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def short_error(error: BaseException) -> str:
    """An error as one short line, for `last_error`."""
    text = f"{type(error).__name__}: {error}".replace("\r", " ").replace("\n", " ")
    return text[:MAX_ERROR_LENGTH]


def _due(channel: Channel, now: datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        col(OutboxMessage.channel) == channel,
        col(OutboxMessage.status) == OutboxStatus.PENDING,
        sa.or_(
            col(OutboxMessage.next_attempt_at).is_(None),
            col(OutboxMessage.next_attempt_at) <= now,
        ),
    )


def claim(
    db: Session, channel: Channel, *, now: datetime, limit: int, lease: timedelta = LEASE
) -> list[int]:
    """Claim up to `limit` due messages of `channel`, most urgent first; commits.

    Returns their ids. Rows another worker holds are skipped, not waited for.
    """
    due = (
        select(OutboxMessage.id)
        .where(_due(channel, now))
        .order_by(col(OutboxMessage.priority), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = db.exec(
        sa.update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(due.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            lease_until=now + lease,
            attempts=col(OutboxMessage.attempts) + 1,
        )
        .returning(col(OutboxMessage.id))
    ).all()
    db.commit()
    return sorted(row[0] for row in claimed)


def keep_local(db: Session, channel: Channel) -> int:
    """Mark every pending message of `channel` "local" (nothing can send it); commits."""
    kept = db.exec(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.channel) == channel,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.LOCAL)
        .returning(col(OutboxMessage.id))
    ).all()
    db.commit()
    return len(kept)


def reclaim_expired(db: Session, now: datetime) -> int:
    """Put back the messages whose worker died while sending them; commits.

    Those that have had their last attempt are failed instead. Returns how many.
    """
    expired = sa.and_(
        col(OutboxMessage.status) == OutboxStatus.SENDING,
        col(OutboxMessage.lease_until) <= now,
    )
    reason = "the worker stopped while sending it"
    failed = db.exec(
        sa.update(OutboxMessage)
        .where(expired, col(OutboxMessage.attempts) >= MAX_ATTEMPTS)
        .values(status=OutboxStatus.FAILED, lease_until=None, last_error=reason)
        .returning(col(OutboxMessage.id))
    ).all()
    back = db.exec(
        sa.update(OutboxMessage)
        .where(expired)
        .values(status=OutboxStatus.PENDING, lease_until=None, last_error=reason)
        .returning(col(OutboxMessage.id))
    ).all()
    db.commit()
    return len(failed) + len(back)


def _finish(db: Session, message_id: int, **values: Any) -> None:
    """Record the outcome of a message this worker holds, and commit it.

    On PostgreSQL the commit does not wait for the disk (`synchronous_commit = off`, for
    this transaction only): a worker killed right after still leaves it recorded, since
    the server has it; only a crash of the database server itself could forget the last
    fraction of a second of outcomes, and those messages would be sent again. One flush
    per message would otherwise cap delivery at the disk's flush rate.
    """
    if db.get_bind().dialect.name == "postgresql":
        db.connection().execute(sa.text("SET LOCAL synchronous_commit = off"))
    db.exec(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.status) == OutboxStatus.SENDING,
        )
        .values(lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.commit()


def _release(db: Session, ids: list[int]) -> int:
    """Put claimed but untried messages back, without counting the attempt; commits."""
    if not ids:
        return 0
    db.exec(
        sa.update(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(ids),
            col(OutboxMessage.status) == OutboxStatus.SENDING,
        )
        .values(
            status=OutboxStatus.PENDING,
            lease_until=None,
            attempts=col(OutboxMessage.attempts) - 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.commit()
    return len(ids)


def _outgoing(db: Session, ids: list[int], now: datetime) -> list[tuple[Outgoing, int]]:
    """The claimed messages as they leave, with their attempt numbers."""
    rows = db.exec(
        select(OutboxMessage)
        .where(col(OutboxMessage.id).in_(ids))
        .order_by(col(OutboxMessage.priority), col(OutboxMessage.id))
    ).all()
    outgoing = [
        (
            Outgoing(
                message_id=row.id or 0,
                recipient=row.recipient,
                subject=row.subject,
                body=body_of(row),
                now=now,
            ),
            row.attempts,
        )
        for row in rows
    ]
    db.commit()  # no transaction stays open while we talk to the server
    return outgoing


def deliver_batch(
    db: Session,
    channel: Channel,
    sender: Sender | None,
    *,
    now: datetime,
    limit: int = BATCH_SIZE,
    lease: timedelta = LEASE,
    pace: Callable[[], None] | None = None,
) -> BatchResult:
    """Claim and send one batch of `channel`; see the module docstring for the outcomes.

    Without a sender the channel's pending messages are kept "local" (development).
    `pace` is called before each send and may wait (the channel's rate limit). The batch
    stops early, putting the rest back, after `BATCH_SECONDS` (or half its lease, if
    shorter).
    """
    if sender is None:
        return BatchResult(kept=keep_local(db, channel))
    claimed = claim(db, channel, now=now, limit=limit, lease=lease)
    if not claimed:
        return BatchResult()
    batch = _outgoing(db, claimed, now)
    counts = {"sent": 0, "retrying": 0, "failed": 0}
    started = time.monotonic()
    budget = min(BATCH_SECONDS, lease.total_seconds() / 2)
    done = 0
    try:
        for message, attempts in batch:
            if time.monotonic() - started > budget:
                break
            if pace is not None:
                pace()
            outcome = _send_one(db, sender, message, attempts, now)
            counts[outcome] += 1
            done += 1
            if outcome == "retrying":
                break  # the gateway is in trouble: the rest waits for the next batch
    finally:
        sender.close()
    released = _release(db, [message.message_id for message, _ in batch[done:]])
    return BatchResult(claimed=len(claimed), released=released, **counts)


def _send_one(db: Session, sender: Sender, message: Outgoing, attempts: int, now: datetime) -> str:
    """Send one claimed message and record what happened: sent, retrying or failed."""
    try:
        reference = sender.send(message)
    except UndeliverableError as error:
        logger.warning("outbox message %s undeliverable: %s", message.message_id, error.reason)
        _finish(
            db,
            message.message_id,
            status=OutboxStatus.FAILED,
            last_error=f"undeliverable: {error.reason}"[:MAX_ERROR_LENGTH],
        )
        return "failed"
    except OSError as error:
        gave_up = attempts >= MAX_ATTEMPTS
        logger.warning(
            "outbox message %s not sent (attempt %s): %s", message.message_id, attempts, error
        )
        _finish(
            db,
            message.message_id,
            status=OutboxStatus.FAILED if gave_up else OutboxStatus.PENDING,
            next_attempt_at=None if gave_up else now + retry_delay(attempts),
            last_error=short_error(error),
        )
        return "failed" if gave_up else "retrying"
    except Exception as error:
        logger.exception("outbox message %s failed", message.message_id)
        _finish(db, message.message_id, status=OutboxStatus.FAILED, last_error=short_error(error))
        return "failed"
    _finish(
        db,
        message.message_id,
        status=OutboxStatus.SENT,
        sent_at=now,
        gateway_id=reference[:120],
        last_error=None,
        secret=None,
    )
    return "sent"


def deliver_due(
    db: Session,
    senders: dict[Channel, Sender | None],
    *,
    now: datetime,
    limit: int = BATCH_SIZE,
) -> int:
    """Send batches of every channel until none is due; returns how many were sent.

    For the command line and tests; the job workers run `deliver_batch` themselves.
    """
    sent = 0
    for channel, sender in senders.items():
        while True:
            result = deliver_batch(db, channel, sender, now=now, limit=limit)
            sent += result.sent
            if result.claimed == 0 or result.released or result.retrying:
                break
    return sent


def queue_depth(db: Session) -> dict[str, int]:
    """How many messages wait to be sent, by channel (pending or being sent)."""
    rows = db.exec(
        select(OutboxMessage.channel, sa.func.count())
        .where(col(OutboxMessage.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
        .group_by(col(OutboxMessage.channel))
    ).all()
    db.commit()
    return {str(channel): 0 for channel in Channel} | {str(c): int(n) for c, n in rows}
