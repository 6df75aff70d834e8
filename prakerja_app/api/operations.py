"""Endpoints for the machines around the app: the SMS gateway's delivery reports, and
`/healthz` for the load balancer and the operator.

`/healthz` answers 503 when the database or Redis does not, so a balancer stops sending
people to this worker; a scheduler that has not ticked for a while is reported, not
fatal (the web still works without it).
"""

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool

from prakerja_app.models import JobRun
from prakerja_app.services.messaging import delivery, reports
from prakerja_app.services.operations import schedule

HEALTH_PATH = "/healthz"
STALE_TICK = timedelta(minutes=3)

ReportField = Annotated[str, Query(max_length=200)]


def _redis_ok() -> bool | None:
    """Whether the configured Redis answers; None when none is configured."""
    from prakerja_app.jobs.queue import redis_url

    url = os.environ.get("REFLEX_REDIS_URL") or redis_url()
    if not url:
        return None
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        return bool(client.ping())
    except redis.RedisError:
        return False


def _job_queue_depth() -> int | None:
    from prakerja_app.jobs import huey

    try:
        return int(huey.pending_count())
    except Exception:
        return None


def router(make_session: Callable[[], Session], real_clock: Callable[[], datetime]) -> APIRouter:
    """The report callback and the health check, on the app's database and clock."""
    api = APIRouter()

    def record(values: dict[str, str]) -> reports.ReportOutcome:
        with make_session() as db:
            return reports.record_report(db, now=real_clock(), **values)

    @api.get(reports.REPORT_PATH, response_class=PlainTextResponse, include_in_schema=False)
    async def sms_report(
        id: ReportField = "",
        sig: ReportField = "",
        type: ReportField = "",
        answer: ReportField = "",
    ) -> PlainTextResponse:
        """A delivery report from Kannel (`dlr-url`): 403 unless it is one we asked for."""
        values = {"message_id": id, "sig": sig, "kind": type, "answer": answer}
        outcome = await run_in_threadpool(record, values)
        refused = outcome == reports.ReportOutcome.REFUSED
        return PlainTextResponse(str(outcome), status_code=403 if refused else 200)

    def check() -> dict[str, Any]:
        now = real_clock()
        facts: dict[str, Any] = {"worker": os.getpid()}
        try:
            with make_session() as db:
                db.exec(select(sa.literal(1)))
                facts["outbox_waiting"] = delivery.queue_depth(db)
                last = db.exec(
                    select(JobRun.started_at)
                    .where(JobRun.job == schedule.MINUTE)
                    .order_by(col(JobRun.id).desc())
                    .limit(1)
                ).first()
            facts["database"] = "ok"
        except sa.exc.SQLAlchemyError:
            facts["database"] = "down"
            last = None
        redis_ok = _redis_ok()
        facts["redis"] = "not configured" if redis_ok is None else "ok" if redis_ok else "down"
        facts["jobs_queued"] = _job_queue_depth()
        facts["last_tick"] = last.isoformat() if last else None
        facts["scheduler"] = "ok" if last and now - last < STALE_TICK else "stale"
        return facts

    @api.get(HEALTH_PATH, include_in_schema=False)
    async def healthz() -> JSONResponse:
        """The database, Redis, the queues and the scheduler's last tick."""
        facts = await run_in_threadpool(check)
        healthy = facts["database"] == "ok" and facts["redis"] != "down"
        return JSONResponse(facts, status_code=200 if healthy else 503)

    return api
