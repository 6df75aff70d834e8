"""The session cookie, set and cleared over HTTP so that JavaScript can never read it.

A login (an event on the websocket) ends with a one-time ticket; the page posts it here
at once and gets the session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS. The
websocket opened next carries the cookie in its handshake, and every event is
authenticated from that (`guards.session_handshake`, `state.auth`).
"""

from collections.abc import Awaitable, Callable
from datetime import datetime

from fastapi import APIRouter, Request, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from prakerja_app import settings
from prakerja_app.services.accounts import sessions, tickets
from prakerja_app.services.accounts.tickets import TicketPurpose
from prakerja_app.services.core.errors import DomainError

COOKIE = "prakerja_session"
SESSION_PATH = "/api/session"
LOGOUT_PATH = "/api/logout"
MAX_BODY = 512


def _same_site(request: Request) -> bool:
    """A browser's request from one of our own pages (a missing Origin: not a browser's)."""
    origin = request.headers.get("origin")
    return origin is None or origin in settings.allowed_origins()


def router(session_factory: Callable[[], Session], real_clock: Callable[[], datetime]) -> APIRouter:
    """The two endpoints, on the app's database and real clock."""
    api = APIRouter()

    def start(ticket: str) -> str | None:
        with session_factory() as db:
            try:
                return sessions.start_session(db, ticket=ticket, now=real_clock())
            except DomainError:
                return None

    def end(token: str) -> None:
        with session_factory() as db:
            sessions.logout(db, token)

    @api.post(SESSION_PATH, include_in_schema=False)
    async def open_session(request: Request) -> Response:
        """Exchange a login's ticket for the session cookie."""
        body = (await request.body())[:MAX_BODY]
        ticket = body.decode("ascii", "replace").strip()
        if not _same_site(request):
            return Response(status_code=403)
        token = await run_in_threadpool(start, ticket)
        if token is None:
            return Response(status_code=403)
        response = Response(status_code=204)
        response.set_cookie(
            COOKIE,
            token,
            max_age=int(sessions.ABSOLUTE_TIMEOUT.total_seconds()),
            path="/",
            httponly=True,
            samesite="strict",
            secure=settings.cookies_secure(),
        )
        return response

    @api.post(LOGOUT_PATH, include_in_schema=False)
    async def close_session(request: Request) -> Response:
        """End the session and clear the cookie."""
        if not _same_site(request):
            return Response(status_code=403)
        await run_in_threadpool(end, request.cookies.get(COOKIE, ""))
        response = Response(status_code=204)
        response.delete_cookie(
            COOKIE, path="/", httponly=True, samesite="strict", secure=settings.cookies_secure()
        )
        return response

    return api


def upload_ticket_checker(
    session_factory: Callable[[], Session], real_clock: Callable[[], datetime]
) -> Callable[[str, str], Awaitable[bool]]:
    """Whether an upload's ticket was issued to this tab under a session still open."""

    def valid(ticket: str, client_token: str) -> bool:
        with session_factory() as db:
            now = real_clock()
            try:
                found = tickets.check(
                    db,
                    ticket=ticket,
                    purpose=TicketPurpose.UPLOAD,
                    now=now,
                    client_token=client_token,
                )
            except DomainError:
                return False
            return sessions.user_of_digest(db, found.session_hash or "", now) is not None

    async def ticket_ok(ticket: str, client_token: str) -> bool:
        return await run_in_threadpool(valid, ticket, client_token)

    return ticket_ok
