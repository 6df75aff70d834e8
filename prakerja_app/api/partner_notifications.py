"""The payment partner's status notifications: ``POST /api/partner/iris/notifications``.

The signature is checked over the raw body before anything is parsed
(`partner.notifications.verify`); then `payout_status.apply`, in a worker thread,
applies the status once. The answers tell the partner whether to send again:
401 for a bad or missing signature, 400 for a body that is not a notification, 404 for
a payout we do not know, 409 for an amount that is not ours (all change nothing), and
200 for a status applied or already known (a duplicate or older one).
"""

from collections.abc import Callable
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from prakerja_app.jobs import nudge_delivery
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.money import payout_status
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.money.partner.errors import NotificationError
from prakerja_app.services.money.partner.notifications import SIGNATURE_HEADER, verify
from prakerja_app.settings import partner_settings

NOTIFICATION_PATH = "/api/partner/iris/notifications"
REFUSALS = {
    NotificationError.UNSIGNED: 401,
    NotificationError.BAD_SIGNATURE: 401,
    NotificationError.UNPARSABLE: 400,
    MoneyError.PAYOUT_UNKNOWN: 404,
    MoneyError.PAYOUT_AMOUNT_DIFFERS: 409,
}


def router(make_session: Callable[[], Session], real_clock: Callable[[], datetime]) -> APIRouter:
    """The notification endpoint, on the app's database and clock."""
    api = APIRouter()

    def apply(update: payout_status.PayoutUpdate) -> payout_status.Outcome:
        with make_session() as db:
            return payout_status.apply(db, update, clock.program_now(db, real_clock()))

    @api.post(NOTIFICATION_PATH, include_in_schema=False)
    async def notification(request: Request) -> JSONResponse:
        body = await request.body()
        try:
            key = partner_settings().notification_key
            note = verify(body, request.headers.get(SIGNATURE_HEADER), key)
            update = payout_status.PayoutUpdate(
                note.reference_no, note.amount, note.status, note.updated_at, note.error_code
            )
            outcome = await run_in_threadpool(apply, update)
        except DomainError as refused:  # a NotificationRefused too
            return JSONResponse({"status": str(refused.code)}, REFUSALS.get(refused.code, 400))
        if outcome is payout_status.Outcome.APPLIED:
            nudge_delivery()
        return JSONResponse({"status": outcome.value})

    return api
