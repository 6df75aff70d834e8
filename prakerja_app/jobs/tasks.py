"""The tasks: each opens its own session and calls the services.

Delivery runs as chains: `deliver` sends one batch of a channel and, when the batch was
full, queues itself again. The minute job starts `LANES` chains per channel when the
queue is short, and every handler that queued a message nudges one; since each batch
claims the most urgent messages first, a phone code waits at most for the batches
already under way, not for the backlog.
"""

import logging
import os
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from huey import crontab
from huey.exceptions import RateLimitExceeded
from sqlmodel import Session

from prakerja_app.db import open_session
from prakerja_app.jobs.queue import CHAIN_PRIORITY, JOB_PRIORITY, huey, nudge_delivery
from prakerja_app.models import utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import Channel, DrawStage, JobOutcome
from prakerja_app.services.lists import uploads
from prakerja_app.services.marketplace import api_calls
from prakerja_app.services.messaging import configured, delivery, outbox
from prakerja_app.services.money import daily_reconciliation, payout_status, runs, sending
from prakerja_app.services.money.partner.errors import PartnerUnavailable
from prakerja_app.services.money.partner.iris import IrisPartner
from prakerja_app.services.operations import by_hand, schedule
from prakerja_app.services.selection import announcements, deadlines, draw
from prakerja_app.services.surveys import notices
from prakerja_app.services.verification import flags
from prakerja_app.settings import partner_settings

logger = logging.getLogger(__name__)

LANES = int(os.environ.get("PRAKERJA_DELIVERY_LANES", "4"))
ANNOUNCE_SECONDS = 5.0  # a result fan-out task's share of a worker before it queues the rest
# How long a claimed batch is a worker's before others may take it back (a dead worker's).
LEASE = timedelta(
    seconds=int(os.environ.get("PRAKERJA_DELIVERY_LEASE_SECONDS", delivery.LEASE.total_seconds()))
)


def _rate(channel: Channel) -> int:
    """Messages a second the channel's gateway accepts (0: no limit)."""
    return int(os.environ.get(f"PRAKERJA_{channel.upper()}_PER_SECOND", "0"))


def _pace(channel: Channel) -> Callable[[], None] | None:
    """A wait before each send that keeps all workers together under the channel's rate."""
    limit = _rate(channel)
    if limit <= 0:
        return None
    limiter = huey.rate_limit(f"send-{channel}", limit, per=1)

    def pace() -> None:
        while True:
            try:
                limiter.acquire()
                return
            except RateLimitExceeded as full:
                time.sleep(max(full.delay, 0.001))

    return pace


@huey.task(priority=CHAIN_PRIORITY)
def deliver(channel: str) -> None:
    """Take back what dead workers held, send one batch of `channel`, and queue the next
    batch if this one was full."""
    wanted = Channel(channel)
    with open_session() as db:
        delivery.reclaim_expired(db, utc_now())
        result = delivery.deliver_batch(
            db,
            wanted,
            configured.senders()[wanted],
            now=utc_now(),
            lease=LEASE,
            pace=_pace(wanted),
        )
    if (
        result.claimed
        and not result.retrying
        and (result.claimed >= delivery.BATCH_SIZE or result.released)
    ):
        deliver(channel)


def _start_chains(db: Session) -> None:
    """Start delivery chains for the channels with messages waiting, if few are queued."""
    if huey.pending_count() >= LANES:
        return
    for channel, waiting in delivery.queue_depth(db).items():
        for _ in range(min(LANES, waiting)):
            deliver(channel)


def _housekeeping(db: Session, real_now: datetime) -> str:
    """Take back deliveries whose worker died, erase expired secrets, forget old API
    calls, give up the runs whose worker was lost; what was done."""
    reclaimed = delivery.reclaim_expired(db, real_now)
    # Secrets expire, and API calls are logged, on the program clock.
    program_now = clock.program_now(db, real_now)
    erased = outbox.redact_expired(db, program_now)
    forgotten = api_calls.prune(db, program_now)
    lost = schedule.give_up_lost(db, real_now)
    return schedule.counted(reclaimed=reclaimed, erased=erased, pruned=forgotten, lost=lost)


def run_minute(real_now: datetime) -> bool:
    """The minute job's work, once per minute across all workers; False if taken."""
    with open_session() as db:
        run_id = schedule.start(db, schedule.MINUTE, schedule.minute_tick(real_now), real_now)
        if run_id is None:
            return False
        program_now = clock.program_now(db, real_now)
        detail = _housekeeping(db, real_now)
        schedule.prune(db, real_now)
        schedule.finish(db, run_id, JobOutcome.OK, detail, utc_now())
        tick = schedule.deadlines_tick(program_now)
        if tick is not None:
            run_deadlines(db, tick, program_now)
        tick = schedule.payments_tick(program_now)
        if tick is not None:
            run_payments(db, tick, program_now, real_now)
        for stalled in sending.stalled_runs(db, real_now):  # its sender died
            send_payment_run(stalled)
        _refresh_payouts(db, real_now)
        if huey.pending_count() < LANES:  # a worker died mid fan-out, or one is slow
            for number in announcements.unfinished(db):
                announce_results(number)
            for upload_id, actor_id in uploads.resumable(db):  # or while applying a list
                apply_list(upload_id, actor_id)
        _start_chains(db)
    return True


def _daily(db: Session, program_now: datetime) -> str:
    """The day's work as of `program_now`: the first-purchase deadlines, then the notices
    of the surveys that opened; what was done."""
    report = deadlines.process_deadlines(db, program_now)
    opened = notices.notify_opened(db, program_now)
    return schedule.counted(reminded=report.reminded, revoked=report.revoked, surveys_opened=opened)


def run_deadlines(db: Session, tick: str, program_now: datetime) -> None:
    """The day's deadlines and survey notices, once per program date."""
    run_id = schedule.start(db, schedule.DEADLINES, tick, utc_now())
    if run_id is None:
        return
    try:
        detail = _daily(db, program_now)
    except Exception as error:
        db.rollback()
        logger.exception("deadlines for %s failed", tick)
        schedule.finish(db, run_id, JobOutcome.FAILED, delivery.short_error(error), utc_now())
        return
    schedule.finish(db, run_id, JobOutcome.OK, detail, utc_now())


def _refresh_payouts(db: Session, real_now: datetime) -> None:
    """Ask the partner about payouts whose notification has not come (`REFRESH_LIMIT` a
    minute); a partner that cannot be reached is asked again next minute."""
    try:
        with IrisPartner(partner_settings(), retries=0) as partner:
            payout_status.refresh(db, partner, real_now)
    except PartnerUnavailable:
        db.rollback()
        logger.warning("the partner could not be asked about payouts; again next minute")


def run_payments(db: Session, tick: str, program_now: datetime, real_now: datetime) -> None:
    """The day's payment run gathered for finance, and the partner's report of the day
    before (its clock, WIB) reconciled; once per program date."""
    run_id = schedule.start(db, schedule.PAYMENTS, tick, real_now)
    if run_id is None:
        return
    try:
        gathered = runs.gather(db, program_now)
        held = runs.summary(db, gathered).count if gathered is not None else 0
        yesterday = jakarta_today(real_now) - timedelta(days=1)
        with IrisPartner(partner_settings()) as partner:
            found = daily_reconciliation.reconcile_day(db, partner, yesterday, real_now)
    except Exception as error:  # recorded; the operator sees it on the jobs page
        db.rollback()
        logger.exception("the payment job for %s failed", tick)
        schedule.finish(db, run_id, JobOutcome.FAILED, delivery.short_error(error), utc_now())
        return
    detail = schedule.counted(run=held, mismatches=found)
    schedule.finish(db, run_id, JobOutcome.OK, detail, utc_now())


@huey.task(priority=JOB_PRIORITY, retries=3, retry_delay=30)
def send_payment_run(run_id: int) -> None:
    """Send an approved payment run to the partner (`money.sending`); safe to run twice
    at once or after a crash. The partner being down fails it, to be retried."""
    with open_session() as db, IrisPartner(partner_settings()) as partner:
        sending.send_run(db, run_id, partner, utc_now())
    nudge_delivery()  # notifications may have queued messages meanwhile


@huey.periodic_task(crontab(), priority=JOB_PRIORITY)
def every_minute() -> None:
    """Huey's scheduler calls this in every consumer each minute; one of them runs it."""
    run_minute(utc_now())


def queue_draw(wave_number: int, request: str | None = None) -> str:
    """Queue the draw of a wave for the workers (for the operator's `request`, recorded
    on the wave, or a new one); returns the request's id."""
    request = request or uuid.uuid4().hex[:16]
    draw_wave(wave_number, request)
    return request


def _stage_reporter(db: Session, run_id: int) -> Callable[[DrawStage], None] | None:
    """Records each stage the draw's transaction reaches on a connection of its own, for
    the operator's progress bar. Not on SQLite, whose one writer is the draw itself."""
    if db.get_bind().dialect.name == "sqlite":
        return None

    def reached(stage: DrawStage) -> None:
        with open_session() as own:
            schedule.set_stage(own, run_id, stage)

    return reached


@huey.task(priority=JOB_PRIORITY)
def draw_wave(wave_number: int, request: str) -> None:
    """Draw a closed wave; its results wait for the operator to publish them
    (`draw.publish_results`, then `announce_results`).

    `request` names the operator's request (`queue_draw`): a task Huey hands out twice
    runs once.
    """
    real_now = utc_now()
    with open_session() as db:
        tick = schedule.draw_tick(wave_number, request)
        run_id = schedule.start(db, schedule.DRAW, tick, real_now)
        if run_id is None:
            return
        schedule.set_stage(db, run_id, DrawStage.STARTED)
        try:
            report = draw.run_selection(
                db, wave_number, clock.program_now(db, real_now), _stage_reporter(db, run_id)
            )
        except DomainError as error:
            db.rollback()
            schedule.finish(db, run_id, JobOutcome.FAILED, error.code, utc_now())
            return
        except Exception as error:  # recorded, so the operator sees it and may retry
            db.rollback()
            schedule.finish(db, run_id, JobOutcome.FAILED, delivery.short_error(error), utc_now())
            raise
        detail = schedule.counted(
            wave=report.wave_number, selected=report.selected, applicants=report.applicants
        )
        schedule.finish(db, run_id, JobOutcome.OK, detail, utc_now())


@huey.task(priority=JOB_PRIORITY)
def announce_results(wave_number: int) -> None:
    """Queue an announced wave's result messages in batches for `ANNOUNCE_SECONDS`, start
    delivering them, and go on in a new task while some are left."""
    started = time.monotonic()
    with open_session() as db:
        while True:
            more = announcements.queue_batch(db, wave_number, clock.program_now(db, utc_now()))
            if not more or time.monotonic() - started >= ANNOUNCE_SECONDS:
                break
        _start_chains(db)
    if more:
        announce_results(wave_number)


@huey.task(priority=JOB_PRIORITY)
def run_by_hand(run_id: int) -> None:
    """Run a job an operator started (`by_hand.request_run`): the deadlines as of the
    program clock, or the minute job's delivery work; a task handed out twice runs once."""
    with open_session() as db:
        job = by_hand.take(db, run_id)
        if job is None:
            return
        real_now = utc_now()
        try:
            if job == schedule.DEADLINES:
                detail = _daily(db, clock.program_now(db, real_now))
            else:
                detail = _housekeeping(db, real_now)
                _start_chains(db)
        except Exception as error:  # recorded, so the operator sees it and may retry
            db.rollback()
            logger.exception("job %s started by hand failed", job)
            schedule.finish(db, run_id, JobOutcome.FAILED, delivery.short_error(error), utc_now())
            return
        schedule.finish(db, run_id, JobOutcome.OK, detail, utc_now())


@huey.task(priority=JOB_PRIORITY)
def check_list(upload_id: int) -> None:
    """The dry run of an uploaded list (`lists.uploads.check`); a broken one fails it."""
    with open_session() as db:
        now = clock.program_now(db, utc_now())
        try:
            uploads.check(db, upload_id, now)
        except Exception:
            logger.exception("the dry run of list upload %s failed", upload_id)
            uploads.fail(db, upload_id, now)


@huey.task(priority=JOB_PRIORITY)
def apply_list(upload_id: int, actor_id: int) -> None:
    """Replace a list with a checked upload, for the admin who asked
    (`lists.uploads.apply`); a broken run fails the upload."""
    with open_session() as db:
        now = clock.program_now(db, utc_now())
        try:
            uploads.apply(db, upload_id, actor_id=actor_id, now=now)
        except Exception:
            logger.exception("applying list upload %s failed", upload_id)
            uploads.fail(db, upload_id, now)


@huey.periodic_task(crontab(minute=f"*/{schedule.SWEEP_EVERY_MINUTES}"), priority=JOB_PRIORITY)
def sweep_flags() -> None:
    """Every 15 minutes, one worker raises the verification flags found across all
    applicants (`verification.flags.sweep`): photos against every other photo, phones,
    family cards in the waves not drawn yet, clients, registry statuses."""
    real_now = utc_now()
    with open_session() as db:
        run_id = schedule.start(db, schedule.VERIFICATION, schedule.minute_tick(real_now), real_now)
        if run_id is None:
            return
        try:
            report = flags.sweep(db, clock.program_now(db, real_now))
        except Exception as error:  # recorded, and tried again at the next quarter
            db.rollback()
            logger.exception("the verification sweep failed")
            schedule.finish(db, run_id, JobOutcome.FAILED, delivery.short_error(error), utc_now())
            return
        detail = schedule.counted(flags=report.flags, opened=report.cases)
        schedule.finish(db, run_id, JobOutcome.OK, detail, utc_now())
