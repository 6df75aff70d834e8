"""The simulator's HTTP app (Starlette): Iris's API under /api/v1, its controls under /_sim."""

import asyncio
import base64
import binascii
import contextlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from enum import Enum
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from prakerja_app.partner_simulator.accounts import Account, AccountBook, AccountStatus
from prakerja_app.partner_simulator.book import Payout, PayoutBook, Refusal
from prakerja_app.partner_simulator.faults import Fault, Faults
from prakerja_app.partner_simulator.notifier import Notifier
from prakerja_app.services.money.partner.interface import PayoutChannel
from prakerja_app.services.money.partner.iris import IDEMPOTENCY_HEADER
from prakerja_app.settings import PartnerSettings

Handler = Callable[[Request], Awaitable[Response]]


class Role(Enum):
    """Who an API key belongs to."""

    CREATOR = "creator"
    APPROVER = "approver"


class Simulator:
    """The simulator's state: accounts, payouts, faults and the notifier."""

    def __init__(self, settings: PartnerSettings, callback_url: str | None) -> None:
        self.settings = settings
        self.notifier = Notifier(settings.notification_key, callback_url)
        self.reset()

    def reset(self) -> None:
        """Forget every account, payout, fault and unsent notification (not the callback)."""
        self.accounts = AccountBook()
        self.book = PayoutBook(self.accounts)
        self.faults = Faults()
        self.notifier.clear()

    def role(self, request: Request) -> Role | None:
        """The role of the request's Basic auth key (the user name), or None."""
        scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            key = base64.b64decode(credentials, validate=True).decode().partition(":")[0]
        except (binascii.Error, UnicodeDecodeError):
            return None
        keys = {self.settings.creator_key: Role.CREATOR, self.settings.approver_key: Role.APPROVER}
        return keys.get(key)

    def notify(self, payouts: list[Payout]) -> None:
        """Queue the notifications of these payout states, as the faults would have them."""
        payloads = [payout.notification() for payout in payouts]
        if self.faults.out_of_order_notifications:
            payloads.reverse()
        if self.faults.duplicate_notifications:
            payloads = [payload for payload in payloads for _ in range(2)]
        self.notifier.delay = self.faults.notification_delay
        self.notifier.send(payloads)


def _error(status: int, message: str, errors: Any = None) -> JSONResponse:
    return JSONResponse({"error_message": message, "errors": errors or message}, status)


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError:
        raise Refusal(400, "The request body is not JSON") from None


def create_app(settings: PartnerSettings, callback_url: str | None = None) -> Starlette:
    """The simulator, keys from `settings`, notifications to `callback_url`."""
    sim = Simulator(settings, callback_url)

    def api(*roles: Role) -> Callable[[Handler], Handler]:
        """An Iris endpoint: the key's role checked, then the next fault applied."""

        def wrap(handler: Handler) -> Handler:
            async def endpoint(request: Request) -> Response:
                role = sim.role(request)
                if role is None:
                    return _error(401, "Unauthorized")
                if role not in roles:
                    return _error(403, f"The {role.value} key may not do this")
                fault = sim.faults.take()
                if fault is Fault.SERVER_ERROR:
                    return _error(503, "Service unavailable")
                try:
                    response = await handler(request)
                except Refusal as refusal:
                    response = _error(refusal.status, refusal.message, refusal.errors)
                if fault is Fault.TIMEOUT:
                    await asyncio.sleep(sim.faults.timeout_seconds)
                return response

            return endpoint

        return wrap

    both = (Role.CREATOR, Role.APPROVER)

    @api(*both)
    async def ping(request: Request) -> Response:
        return Response("pong")

    @api(*both)
    async def account_validation(request: Request) -> Response:
        try:
            channel = PayoutChannel(request.query_params.get("bank", ""))
        except ValueError:
            return _error(400, "Account validation failed", {"bank": ["Bank is not supported"]})
        account_no = request.query_params.get("account", "")
        account = sim.accounts.find(channel, account_no) if account_no.isdigit() else None
        if account is None:
            return _error(400, "Account validation failed", {"account": ["Account does not exist"]})
        return JSONResponse(
            {
                "account_name": account.holder_name,
                "account_no": account.account_no,
                "bank_name": channel.value,
                "account_status": account.status.value,
            }
        )

    @api(Role.CREATOR)
    async def create_payouts(request: Request) -> Response:
        body = await _json_body(request)
        items = body.get("payouts") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise Refusal(400, "An error occurred when creating payouts", ["payouts is missing"])
        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is not None and not 0 < len(key) <= 100:
            raise Refusal(400, "X-Idempotency-Key is at most 100 characters")
        return JSONResponse({"payouts": sim.book.create(items, body, key)}, 201)

    @api(Role.APPROVER)
    async def approve_payouts(request: Request) -> Response:
        body = await _json_body(request)
        references = body.get("reference_nos") if isinstance(body, dict) else None
        if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
            raise Refusal(400, "Failed to approve payouts", ["reference_nos is missing"])
        sim.notify(sim.book.approve(references))
        return JSONResponse({"status": "ok"}, 202)

    @api(*both)
    async def payout_details(request: Request) -> Response:
        payout = sim.book.payouts.get(request.path_params["reference_no"])
        if payout is None:
            return _error(404, "Payout not found")
        return JSONResponse(payout.details())

    @api(*both)
    async def statements(request: Request) -> Response:
        try:
            first = date.fromisoformat(request.query_params.get("from_date", ""))
            last = date.fromisoformat(request.query_params.get("to_date", ""))
        except ValueError:
            return _error(400, "from_date and to_date are dates (YYYY-MM-DD)")
        return JSONResponse(sim.book.statement_between(first, last))

    # --- the simulator's own controls (no auth: development and tests only) ------------

    async def sim_payouts(request: Request) -> Response:
        return JSONResponse(
            [
                p.details() | {"idempotency_key": p.idempotency_key}
                for p in sim.book.payouts.values()
            ]
        )

    async def sim_faults(request: Request) -> Response:
        if request.method == "POST":
            try:
                body = await _json_body(request)
                if not isinstance(body, dict):
                    raise ValueError("the faults are a JSON object")
                sim.faults.update(body)
            except (Refusal, ValueError) as error:
                return _error(400, str(error))
        return JSONResponse(sim.faults.as_dict())

    async def sim_accounts(request: Request) -> Response:
        try:
            body = await _json_body(request)
            account = Account(
                PayoutChannel(body["bank"]),
                str(body["account"]),
                str(body["holder_name"]),
                AccountStatus(body.get("status", "active")),
            )
        except (Refusal, ValueError, KeyError, TypeError) as error:
            return _error(400, f"bank, account, holder_name and status: {error}")
        sim.accounts.register(account)
        return JSONResponse({"status": "ok"}, 201)

    async def sim_refund(request: Request) -> Response:
        try:
            payout = sim.book.refund(request.path_params["reference_no"])
        except Refusal as refusal:
            return _error(refusal.status, refusal.message)
        sim.notify([payout])
        return JSONResponse(payout.details())

    async def sim_callback(request: Request) -> Response:
        body = await _json_body(request)
        url = body.get("url") if isinstance(body, dict) else None
        if url is not None and not (isinstance(url, str) and url.startswith("http")):
            return _error(400, "url is an http(s) address or null")
        sim.notifier.callback_url = url
        return JSONResponse({"url": url})

    async def sim_reset(request: Request) -> Response:
        sim.reset()
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(sim.notifier.run())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    routes = [
        Route("/api/v1/ping", ping),
        Route("/api/v1/account_validation", account_validation),
        Route("/api/v1/payouts", create_payouts, methods=["POST"]),
        Route("/api/v1/payouts/approve", approve_payouts, methods=["POST"]),
        Route("/api/v1/payouts/{reference_no}", payout_details),
        Route("/api/v1/statements", statements),
        Route("/_sim/payouts", sim_payouts),
        Route("/_sim/payouts/{reference_no}/refund", sim_refund, methods=["POST"]),
        Route("/_sim/faults", sim_faults, methods=["GET", "POST"]),
        Route("/_sim/accounts", sim_accounts, methods=["POST"]),
        Route("/_sim/callback", sim_callback, methods=["POST"]),
        Route("/_sim/reset", sim_reset, methods=["POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
