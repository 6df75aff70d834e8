"""Who is asking: the session arrives with the websocket, never from the page.

The browser holds its session only in an HttpOnly cookie (`api.session`). The websocket's
handshake carries it, and `api.guards.session_handshake` hands Reflex its digest as
``Authorization: PrakerjaSession <digest>``; Reflex puts the handshake's headers in every
event's router data, overriding whatever the page sends. So the identity is read from
there on every event, and Reflex's client token (made by the browser, sent in URLs) is
never a credential.

Every page state that shows or changes user data calls `_current_user()` (or
`_require_applicant()`; the console's pages `state.admin.AdminPage`, by role) at the top
of each handler: the role and ownership always come from the server-side session in the
database.
"""

import asyncio
import json
from typing import Any

import reflex as rx
from reflex.middleware import Middleware

from prakerja_app import routes
from prakerja_app.api.guards import SESSION_SCHEME
from prakerja_app.api.session import LOGOUT_PATH, SESSION_PATH
from prakerja_app.db import open_session
from prakerja_app.models import utc_now
from prakerja_app.services.accounts import roles, sessions, tickets
from prakerja_app.services.accounts.passwords import verify_password
from prakerja_app.services.accounts.sessions import CurrentUser, SignedIn
from prakerja_app.services.accounts.tickets import TicketPurpose
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration import steps
from prakerja_app.state import hashing

# A script run in the page (Reflex evaluates it where its `socket` is in scope): post to
# the backend, then load `target` afresh with a new client token, so the tab starts over
# on a websocket that carries the new cookie (or none).
_SESSION_SCRIPT = """(async () => {{
  const base = socket.io.uri.replace(/^ws/, "http");
  try {{
    const answer = await fetch(new URL({path}, base),
      {{method: "POST", credentials: "include", body: {body}}});
    if (!answer.ok) return "refused";
  }} catch (error) {{
    return "unreachable";
  }}
  window.sessionStorage.removeItem("token");
  window.location.replace({target});
  return "ok";
}})()"""


def session_script(path: str, target: str, body: str = "") -> str:
    """The page's call to a session endpoint, then a fresh load of `target`."""
    return _SESSION_SCRIPT.format(
        path=json.dumps(path), body=json.dumps(body), target=json.dumps(target)
    )


def session_digest(state: rx.State) -> str:
    """The digest of the session this event's websocket carries ("" when none)."""
    value = state.router.headers.raw_headers.get("authorization", "")
    scheme, _, digest = value.partition(" ")
    return digest if scheme == SESSION_SCHEME else ""


def _user_of(digest: str) -> CurrentUser | None:
    with open_session() as db:
        return sessions.user_of_digest(db, digest, utc_now())


def _issue_upload_ticket(user_id: int, digest: str, client_token: str) -> str:
    with open_session() as db:
        ticket = tickets.issue(
            db,
            purpose=TicketPurpose.UPLOAD,
            user_id=user_id,
            now=utc_now(),
            session_hash=digest,
            client_token=client_token,
        )
        db.commit()
    return ticket


def _end_session(digest: str) -> None:
    with open_session() as db:
        sessions.end_session(db, digest)


class AuthState(rx.State):
    """Who this tab belongs to, as the header shows it (name and role only)."""

    user_name: str = ""
    user_role: str = ""
    # The console areas this admin may see (`accounts.roles`), for the admin menu only.
    admin_areas: list[str] = []
    # The session this tab's state belongs to (its digest; "" for a visitor).
    _owner: str = ""

    @rx.var
    def is_logged_in(self) -> bool:
        return self.user_role != ""

    async def _current_user(self) -> CurrentUser | None:
        """The user of this websocket's session, checked against the database now."""
        digest = session_digest(self)
        user = await asyncio.to_thread(_user_of, digest) if digest else None
        self.user_name, self.user_role = (user.full_name, user.role) if user else ("", "")
        self.admin_areas = [
            area.value for area in roles.Area if user and roles.can_read(user.roles, area)
        ]
        return user

    async def _require_applicant(self) -> CurrentUser:
        """The current user when they are an applicant; raise AccessDenied otherwise."""
        return sessions.require_role(await self._current_user(), Role.APPLICANT)

    async def _upload_ticket(self, user_id: int) -> str:
        """A ticket for this tab's photo uploads under its current session."""
        return await asyncio.to_thread(
            _issue_upload_ticket, user_id, session_digest(self), self.router.session.client_token
        )

    @rx.event
    async def refresh(self) -> None:
        """Reload the header's name and role from the server-side session."""
        await self._current_user()

    @rx.event
    async def logout(self):
        """End the session, forget everything this tab showed, and start over at home."""
        digest = session_digest(self)
        if digest:
            await asyncio.to_thread(_end_session, digest)
        await reset_all_states(self)
        return rx.call_script(session_script(LOGOUT_PATH, routes.HOME))


async def reset_all_states(state: rx.State) -> None:
    """Reset every substate of this tab's tree (the state manager loads only the ones an
    event touches, so each is loaded first)."""
    pending: list[Any] = [state.get_root_state()]
    while pending:
        cls = pending.pop()
        (await state.get_state(cls)).reset()
        pending.extend(cls.get_substates())


class SessionBinding(Middleware):
    """Ties a tab's state to the session that filled it.

    Before every event: when the websocket's session is not the one the tab's state
    belongs to (a client token used by someone else, or a session that ended), every
    substate is reset before the handler runs, so nothing of the earlier owner shows.
    """

    async def preprocess(self, app, state, event):
        """Reset the tab's state when its session changed."""
        digest = session_digest(state)
        if digest and await asyncio.to_thread(_user_of, digest) is None:
            digest = ""
        auth = await state.get_state(AuthState)
        if auth._owner != digest:
            if auth._owner:
                await reset_all_states(state)
                auth = await state.get_state(AuthState)
            auth._owner = digest
        return None


def _begin_login(email: str, client_key: str) -> sessions.LoginTry:
    with open_session() as db:
        return sessions.begin_login(db, email=email, client_key=client_key, now=utc_now())


def _finish_login(
    attempt: sessions.LoginTry, verdict: tuple[bool, str | None], client_key: str
) -> SignedIn:
    matched, new_hash = verdict
    with open_session() as db:
        signed_in = sessions.finish_login(
            db, attempt, matched=matched, new_hash=new_hash, client_key=client_key, now=utc_now()
        )
        steps.record_login(db, signed_in.user.id, clock.current(db))
    return signed_in


async def log_in(email: str, password: str, client_key: str) -> SignedIn:
    """Log in: the database work on the default threads, the password's check on the
    hashing threads, within one turn (so the throttle counts each try before the next
    one of the line gets in); an applicant's first login is registration step 3.
    Sessions run on real time, registration steps on program time.

    Raises:
        DomainError: ``busy`` (nothing read or written), or the login's refusals.
    """
    async with hashing.turn():
        attempt = await asyncio.to_thread(_begin_login, email, client_key)
        verdict = await hashing.run(verify_password, password, attempt.password_hash)
        return await asyncio.to_thread(_finish_login, attempt, verdict, client_key)


def sign_in_script(ticket: str, target: str) -> str:
    """The page's exchange of a login's ticket for the session cookie, then `target`."""
    return session_script(SESSION_PATH, target, ticket)
