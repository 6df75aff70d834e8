"""The redeem-code endpoints over HTTP: a thin FastAPI layer over `marketplace.redemption`.

Each endpoint reads the three signing headers and the raw body, runs
`redemption.handle` in a worker thread (database work stays off the event loop), and
answers with the envelope of the 2020 Prakerja API:

- success, HTTP 200: ``{"success": true, "message": "OK", "data": {...}}``
- refusal: ``{"success": false, "code": "<error code>", "message": "<Indonesian>"}``
  with the HTTP status of `answers.ERRORS`.

The OpenAPI description is served at /api/v1/openapi.json and Swagger UI at /api/v1/docs.
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from prakerja_app.api.answers import ERRORS, voucher_data
from prakerja_app.jobs import nudge_delivery
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.marketplace import api_calls, redemption
from prakerja_app.services.marketplace.errors import RedeemError
from prakerja_app.services.marketplace.redemption import Operation

logger = logging.getLogger(__name__)
DOCS_URL = f"{redemption.API_PREFIX}/docs"
OPENAPI_URL = f"{redemption.API_PREFIX}/openapi.json"
# Headers may also be sent with a hyphen (client-code): some proxies drop underscores.
HEADERS = ("client_code", "timestamp", "signature")

DESCRIPTION = """\
Signed endpoints for training providers (lembaga pelatihan), compatible with the 2020
Kartu Prakerja redeem-code API: check a voucher (`status`), claim it when the participant
starts (`commit`), and report the training completed (`complete`), which issues the
certificate.

Every request carries the headers `client_code`, `timestamp` (Unix seconds, within 300 s
of the server's clock) and `signature`: the hex HMAC-SHA1, keyed with your `sign_key`, of
`client_code + timestamp + "POST" + path + body`. For `status` and `commit` the body
signed is always `{"redeem_code":"<code>"}` (compact); for `complete` it is the raw
request body, byte for byte. See docs/redeem-api.md for examples and every error code.
"""


# --- schemas for the OpenAPI description ---------------------------------------------


class RedeemCodeBody(BaseModel):
    """The body of status and commit."""

    redeem_code: str = Field(
        description="The voucher code the participant got when buying the training.",
        examples=["GHOPNYXUVMT0"],
        pattern=r"^[A-Za-z0-9_\-]{1,64}$",
    )


class CompleteBody(RedeemCodeBody):
    """The body of complete; the raw bytes are what you sign."""

    completed_at: int | None = Field(
        default=None,
        description="When the participant finished (Unix seconds); default: now.",
        examples=[1599800000],
    )
    score: int | None = Field(
        default=None, ge=0, le=100, description="Final test score, 0-100 (optional)."
    )


class VoucherData(BaseModel):
    """A voucher as the provider sees it."""

    redeem_code: str
    course_code: str = Field(description="The training's code in the catalogue.")
    course_name: str
    dp_platform: str = Field(description="The digital platform it was bought on.")
    status: int = Field(description="0 belum digunakan, 1 sudah di-redeem, 2 selesai, 3 batal.")
    status_label: str
    redeem_at: str | None = Field(description="When it was committed (UTC, ISO 8601).")
    completed_at: str | None = Field(description="When it was completed (UTC, ISO 8601).")
    certificate_number: str | None
    certificate_url: str | None = Field(description="The certificate's public check page.")


class SuccessResponse(BaseModel):
    """HTTP 200."""

    success: bool = True
    message: str = "OK"
    data: VoucherData


class ErrorResponse(BaseModel):
    """Any refusal: nothing was changed."""

    success: bool = False
    code: str = Field(description="A stable error code: see docs/redeem-api.md.")
    message: str = Field(description="Why, in Indonesian.")


def _header_parameters() -> list[dict[str, Any]]:
    descriptions = {
        "client_code": "Your client code, e.g. lp-cakap-bahasa-nusantara.",
        "timestamp": "Unix seconds when you signed; within 300 s of the server's clock.",
        "signature": "hex HMAC-SHA1(sign_key, client_code + timestamp + 'POST' + path + body).",
    }
    return [
        {
            "name": name,
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "description": text,
        }
        for name, text in descriptions.items()
    ]


def _error_responses(codes: list[RedeemError]) -> dict[int | str, dict[str, Any]]:
    by_status: dict[int, list[str]] = {}
    for code in codes:
        by_status.setdefault(ERRORS[code].http_status, []).append(code)
    return {
        status: {"model": ErrorResponse, "description": ", ".join(names)}
        for status, names in sorted(by_status.items())
    }


_AUTH_ERRORS = [
    RedeemError.MISSING_HEADERS,
    RedeemError.TIMESTAMP_INVALID,
    RedeemError.TIMESTAMP_EXPIRED,
    RedeemError.UNKNOWN_CLIENT,
    RedeemError.SIGNATURE_INVALID,
    RedeemError.BODY_TOO_LARGE,
    RedeemError.MALFORMED_BODY,
    RedeemError.CODE_NOT_FOUND,
    RedeemError.CODE_OTHER_PROVIDER,
]


def _openapi(body_model: type[BaseModel]) -> dict[str, Any]:
    return {
        "parameters": _header_parameters(),
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_model.model_json_schema()}},
        },
    }


# --- the app -------------------------------------------------------------------------


def _header(request: Request, name: str) -> str | None:
    return request.headers.get(name) or request.headers.get(name.replace("_", "-"))


async def _read_body(request: Request) -> bytes:
    """The body, cut one byte past the limit (enough to refuse it as too large)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > redemption.MAX_BODY_BYTES:
            break
    return bytes(body)


def _answer(
    session_factory: Callable[[], Session],
    real_clock: Callable[[], datetime],
    operation: Operation,
    headers: dict[str, str | None],
    body: bytes,
) -> JSONResponse:
    """Run one request on its own session, and log it; blocking (call it in a worker
    thread)."""
    started, real_now = time.perf_counter(), real_clock()
    with session_factory() as db:
        now = clock.program_now(db, real_now)
        try:
            result = redemption.handle(
                db,
                operation,
                client_code=headers["client_code"],
                timestamp=headers["timestamp"],
                signature=headers["signature"],
                body=body,
                real_now=real_now,
                now=now,
            )
        except DomainError as error:
            db.rollback()
            spec = ERRORS[RedeemError(error.code)]
            answer = JSONResponse(
                {"success": False, "code": error.code, "message": spec.message},
                status_code=spec.http_status,
            )
            _log(db, operation, headers, answer, error.code, started, now)
            return answer
        answer = JSONResponse({"success": True, "message": "OK", "data": voucher_data(result)})
        _log(db, operation, headers, answer, None, started, now)
    if result.queued_message_ids:
        nudge_delivery()
    return answer


def _log(
    db: Session,
    operation: Operation,
    headers: dict[str, str | None],
    answer: JSONResponse,
    error_code: str | None,
    started: float,
    now: datetime,
) -> None:
    """Record the call (`api_calls`); a failure to log is logged, never the answer's."""
    try:
        api_calls.record(
            db,
            client_code=(headers["client_code"] or "").strip(),
            endpoint=operation,
            http_status=answer.status_code,
            error_code=error_code,
            duration_ms=round((time.perf_counter() - started) * 1000),
            at=now,
        )
    except SQLAlchemyError:
        db.rollback()
        logger.exception("could not log an API call to %s", operation)


def router(make_session: Callable[[], Session], real_clock: Callable[[], datetime]) -> APIRouter:
    """The three signed endpoints, on the app's database and real clock."""
    app = APIRouter()

    async def serve(request: Request, operation: Operation) -> JSONResponse:
        headers = {name: _header(request, name) for name in HEADERS}
        body = await _read_body(request)
        return await run_in_threadpool(_answer, make_session, real_clock, operation, headers, body)

    @app.post(
        redemption.STATUS_PATH,
        summary="Cek status kode redeem",
        tags=["redeem-code"],
        response_model=SuccessResponse,
        responses=_error_responses(_AUTH_ERRORS),
        openapi_extra=_openapi(RedeemCodeBody),
    )
    async def redeem_code_status(request: Request) -> JSONResponse:
        """The voucher's status. Changes nothing."""
        return await serve(request, Operation.STATUS)

    @app.post(
        redemption.COMMIT_PATH,
        summary="Gunakan (commit) kode redeem",
        tags=["redeem-code"],
        response_model=SuccessResponse,
        responses=_error_responses([*_AUTH_ERRORS, RedeemError.CODE_REFUNDED]),
        openapi_extra=_openapi(RedeemCodeBody),
    )
    async def redeem_code_commit(request: Request) -> JSONResponse:
        """Claim the voucher when the participant starts. Repeating it answers the same."""
        return await serve(request, Operation.COMMIT)

    @app.post(
        redemption.COMPLETE_PATH,
        summary="Laporkan pelatihan selesai",
        tags=["redeem-code"],
        response_model=SuccessResponse,
        responses=_error_responses(
            [
                *_AUTH_ERRORS,
                RedeemError.CODE_REFUNDED,
                RedeemError.CODE_NOT_REDEEMED,
                RedeemError.COMPLETED_AT_INVALID,
            ]
        ),
        openapi_extra=_openapi(CompleteBody),
    )
    async def redeem_code_complete(request: Request) -> JSONResponse:
        """Report the training completed; issues the certificate. Repeating it answers the
        same certificate. Sign the raw body."""
        return await serve(request, Operation.COMPLETE)

    return app
