"""Payment runs with maker and checker.

A run's life (`RunStatus`):

1. **gathered**: the daily job (`gather`) takes every payment that is due on the
   program day, still scheduled, with an active payout account and no live try, and
   adds a `PayoutAttempt` for it, with its own idempotency key. While gathered, the
   next gather adds what fell due since.
2. **prepared**: a finance maker declares the count and total they saw; a run that
   changed since is refused, so what is approved is what was looked at.
3. **approved**: a different admin, a finance checker, approves the same count and
   total (the database refuses an approver who prepared the run). The sender
   (`sending`) then creates and approves each payout at the partner.
4. **sent** once every try is at the partner; or **cancelled** before approval, which
   frees its payments for the next run.

One run is open (gathered, prepared or approved) at a time, and a payment has one live
try at a time: both are unique indexes, so two gathers or two runs at once cannot pay
anything twice. Set-based SQL: a run of 800,000 instalments is one INSERT.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import Payment, PaymentRun, PayoutAccount, PayoutAttempt, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.sql import table_of
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import AttemptStatus, PaymentStatus, RunStatus
from prakerja_app.services.money.errors import MoneyError

OPEN = (RunStatus.GATHERED, RunStatus.PREPARED, RunStatus.APPROVED)
LIVE = (AttemptStatus.PENDING, AttemptStatus.CREATED, AttemptStatus.SENT)
CANCEL_REASON_MIN = 10


@dataclass(frozen=True)
class RunSummary:
    """A run as finance sees it: what it holds now, and what happened to its payouts."""

    id: int
    status: RunStatus
    business_day: date
    count: int  # the tries it holds (not cancelled)
    total: int
    declared_count: int  # what the maker declared (0 until prepared)
    declared_total: int
    prepared_by: int | None
    approved_by: int | None
    gathered_at: datetime
    prepared_at: datetime | None
    approved_at: datetime | None
    sent_at: datetime | None
    cancel_reason: str | None
    by_status: dict[AttemptStatus, int]  # the tries by status
    paid_total: int  # rupiah of the completed tries


def _locked_run(db: Session, run_id: int) -> PaymentRun:
    run = db.exec(select(PaymentRun).where(PaymentRun.id == run_id).with_for_update()).first()
    if run is None:
        raise DomainError(MoneyError.RUN_NOT_FOUND)
    return run


def open_run_id(db: Session) -> int | None:
    """The open run (gathered, prepared or approved), if there is one."""
    return db.exec(select(PaymentRun.id).where(col(PaymentRun.status).in_(OPEN))).first()


# The payments a gather takes, each with its next try's number, chosen before any try is
# written: an INSERT ... SELECT
# whose anti-join read the tries it was adding to would scan them once per payment (a
# nested loop over a table the planner believes empty), quadratic in the run's size.
_DUE = sa.Table(
    "gather_due",
    sa.MetaData(),
    sa.Column("payment_id", sa.Integer, primary_key=True),
    sa.Column("number", sa.Integer),
    sa.Column("idempotency_key", sa.String(100)),
    sa.Column("amount", sa.Integer),
    sa.Column("payout_account_id", sa.Integer),
    prefixes=["TEMPORARY"],
)


def _add_due(db: Session, run: PaymentRun, today: date, now: datetime) -> int:
    """Add a try for each payment due by `today` that can be sent; how many were added."""
    attempts, payments = table_of(PayoutAttempt), table_of(Payment)
    accounts = table_of(PayoutAccount)
    live = sa.exists().where(
        attempts.c.payment_id == payments.c.id, attempts.c.status.in_([s.value for s in LIVE])
    )
    tried = (
        sa.select(attempts.c.payment_id, sa.func.max(attempts.c.number).label("last"))
        .group_by(attempts.c.payment_id)
        .subquery()
    )
    number = sa.func.coalesce(tried.c.last, 0) + 1
    due = (
        sa.select(
            payments.c.id,
            number,
            payments.c.idempotency_key + ":" + sa.cast(number, sa.String),
            payments.c.amount,
            accounts.c.id,
        )
        .join(
            accounts,
            sa.and_(
                accounts.c.participant_id == payments.c.participant_id,
                accounts.c.active,
                accounts.c.verified_at.is_not(None),
            ),
        )
        .outerjoin(tried, tried.c.payment_id == payments.c.id)
        .where(
            payments.c.status == PaymentStatus.SCHEDULED.value,
            payments.c.due_on <= today,
            ~live,
        )
    )
    connection = db.connection()
    _DUE.drop(connection, checkfirst=True)
    _DUE.create(connection)
    try:
        connection.execute(_DUE.insert().from_select(list(_DUE.c.keys()), due))
        added = connection.execute(sa.select(sa.func.count()).select_from(_DUE)).scalar_one()
        connection.execute(
            attempts.insert().from_select(
                [*_DUE.c.keys(), "run_id", "status", "created_at"],
                sa.select(
                    *_DUE.c,
                    sa.literal(id_of(run)),
                    sa.literal(AttemptStatus.PENDING.value),
                    sa.literal(now, type_=attempts.c.created_at.type),
                ),
            )
        )
    finally:
        _DUE.drop(connection)
    return int(added)


def gather(db: Session, now: datetime, actor_id: int | None = None) -> int | None:
    """Gather what is due on the program day of `now` into the open run (a new one if
    none is open), for the daily job or a finance maker (`actor_id`, audited); commits.
    Nothing is added to a run already prepared or approved.

    Returns:
        The open run's id, or None when no run is open and nothing is due.
    """
    today = jakarta_today(now)
    with committing(db):
        run_id = open_run_id(db)
        if run_id is None:
            run = PaymentRun(business_day=today, status=RunStatus.GATHERED, gathered_at=now)
            try:
                with db.begin_nested():
                    db.add(run)
                    db.flush()
            except sa.exc.IntegrityError:  # another gather opened a run just now
                db.expunge(run)
                run_id = open_run_id(db)
                if run_id is None:
                    raise
        if run_id is not None:
            run = _locked_run(db, run_id)
        if run.status != RunStatus.GATHERED:
            return id_of(run)
        added = _add_due(db, run, today, now)
        run.business_day = today
        if not added and not _held(db, id_of(run))[0]:
            db.delete(run)  # an empty new run is not worth keeping
            return None
        if added:
            audit.record(
                db,
                actor_id=actor_id,
                action="payment_run.gather",
                entity="payment_run",
                entity_id=id_of(run),
                after={"added": added, "day": today.isoformat()},
            )
        return id_of(run)


def _held(db: Session, run_id: int) -> tuple[int, int]:
    """The count and total of a run's tries that are not cancelled."""
    count, total = db.exec(
        select(func.count(), func.coalesce(func.sum(PayoutAttempt.amount), 0))
        .where(PayoutAttempt.run_id == run_id)
        .where(PayoutAttempt.status != AttemptStatus.CANCELLED)
    ).one()
    return int(count), int(total)


def _declared(count: object, total: object) -> tuple[int, int]:
    if (
        not isinstance(count, int)
        or not isinstance(total, int)
        or isinstance(count, bool)
        or isinstance(total, bool)
        or count < 0
        or total < 0
    ):
        raise DomainError(MoneyError.RUN_DECLARED_INVALID, field="count")
    return count, total


def prepare(
    db: Session, run_id: int, maker_id: int, count: object, total: object, now: datetime
) -> None:
    """The maker prepares the gathered run, declaring the count and total they saw;
    commits.

    Raises:
        DomainError: ``run_not_found``, ``run_not_gathered``, ``run_empty``,
            ``run_declared_invalid`` or ``run_changed`` (with what it holds now).
    """
    declared = _declared(count, total)
    with committing(db):
        run = _locked_run(db, run_id)
        if run.status != RunStatus.GATHERED:
            raise DomainError(MoneyError.RUN_NOT_GATHERED, status=run.status)
        held = _held(db, run_id)
        if held[0] == 0:
            raise DomainError(MoneyError.RUN_EMPTY)
        if held != declared:
            raise DomainError(MoneyError.RUN_CHANGED, count=held[0], total=held[1])
        run.status, run.count, run.total = RunStatus.PREPARED, held[0], held[1]
        run.prepared_by, run.prepared_at = maker_id, now
        audit.record(
            db,
            actor_id=maker_id,
            action="payment_run.prepare",
            entity="payment_run",
            entity_id=run_id,
            after={"count": held[0], "total": held[1]},
        )


def approve(
    db: Session,
    run_id: int,
    checker_id: int,
    count: object,
    total: object,
    now: datetime,
    *,
    real_now: datetime,
) -> None:
    """The checker approves the prepared run, declaring the same count and total;
    commits. The caller then starts the sender; a sender that has not started by
    `sending.STALL` after `real_now` (the real clock, the senders') is started again.

    Raises:
        DomainError: ``run_not_found``, ``run_not_prepared``, ``run_four_eyes`` (the
            checker prepared it), ``run_declared_invalid`` or ``run_changed``.
    """
    declared = _declared(count, total)
    with committing(db):
        run = _locked_run(db, run_id)
        if run.status != RunStatus.PREPARED:
            raise DomainError(MoneyError.RUN_NOT_PREPARED, status=run.status)
        if run.prepared_by == checker_id:
            raise DomainError(MoneyError.RUN_FOUR_EYES)
        if (run.count, run.total) != declared:
            raise DomainError(MoneyError.RUN_CHANGED, count=run.count, total=run.total)
        run.status, run.approved_by, run.approved_at = RunStatus.APPROVED, checker_id, now
        run.touched_at = real_now
        audit.record(
            db,
            actor_id=checker_id,
            action="payment_run.approve",
            entity="payment_run",
            entity_id=run_id,
            after={"count": run.count, "total": run.total},
        )


def cancel(db: Session, run_id: int, admin_id: int, reason: str, now: datetime) -> None:
    """Cancel a run before it is approved, with a reason; its payments wait for the
    next run. Commits.

    Raises:
        DomainError: ``run_not_found``, ``run_not_cancellable`` or ``run_reason_short``.
    """
    reason = " ".join(str(reason).split())
    if len(reason) < CANCEL_REASON_MIN:
        raise DomainError(MoneyError.RUN_REASON_SHORT, field="reason", minimum=CANCEL_REASON_MIN)
    with committing(db):
        run = _locked_run(db, run_id)
        if run.status not in (RunStatus.GATHERED, RunStatus.PREPARED):
            raise DomainError(MoneyError.RUN_NOT_CANCELLABLE, status=run.status)
        attempts = table_of(PayoutAttempt)
        db.execute(
            attempts.update()
            .where(attempts.c.run_id == run_id)
            .values(status=AttemptStatus.CANCELLED.value, finished_at=now)
        )
        run.status, run.cancelled_by, run.cancelled_at = RunStatus.CANCELLED, admin_id, now
        run.cancel_reason = reason[:300]
        audit.record(
            db,
            actor_id=admin_id,
            action="payment_run.cancel",
            entity="payment_run",
            entity_id=run_id,
            after={"reason": reason[:300]},
        )


def summary(db: Session, run_id: int) -> RunSummary:
    """One run with its tries counted by status.

    Raises:
        DomainError: ``run_not_found``.
    """
    run = db.get(PaymentRun, run_id)
    if run is None:
        raise DomainError(MoneyError.RUN_NOT_FOUND)
    return _summaries(db, [run])[0]


def recent(db: Session, limit: int = 20) -> list[RunSummary]:
    """The latest runs, newest first."""
    runs = db.exec(select(PaymentRun).order_by(col(PaymentRun.id).desc()).limit(limit)).all()
    return _summaries(db, list(runs))


def _summaries(db: Session, runs: list[PaymentRun]) -> list[RunSummary]:
    ids = [id_of(run) for run in runs]
    rows = db.exec(
        select(
            PayoutAttempt.run_id,
            PayoutAttempt.status,
            func.count(),
            func.coalesce(func.sum(PayoutAttempt.amount), 0),
        )
        .where(col(PayoutAttempt.run_id).in_(ids))
        .group_by(col(PayoutAttempt.run_id), col(PayoutAttempt.status))
    ).all()
    counted: dict[int, dict[AttemptStatus, tuple[int, int]]] = {run_id: {} for run_id in ids}
    for run_id, status, count, amount in rows:
        counted[run_id][AttemptStatus(status)] = (int(count), int(amount))
    summaries = []
    for run in runs:
        mine = counted[id_of(run)]
        held = [value for status, value in mine.items() if status != AttemptStatus.CANCELLED]
        summaries.append(
            RunSummary(
                id=id_of(run),
                status=RunStatus(run.status),
                business_day=run.business_day,
                count=sum(c for c, _ in held),
                total=sum(t for _, t in held),
                declared_count=run.count,
                declared_total=run.total,
                prepared_by=run.prepared_by,
                approved_by=run.approved_by,
                gathered_at=run.gathered_at,
                prepared_at=run.prepared_at,
                approved_at=run.approved_at,
                sent_at=run.sent_at,
                cancel_reason=run.cancel_reason,
                by_status={status: count for status, (count, _) in mine.items()},
                paid_total=mine.get(AttemptStatus.COMPLETED, (0, 0))[1],
            )
        )
    return summaries
