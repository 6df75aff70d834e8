"""The login session as the browser sees it: a token in LocalStorage, the name and role.

Every page state that shows or changes user data calls `_current_user()` (or
`_require_admin()`) at the top of each handler: the role and ownership always come
from the server-side session in the database, never from what the page sent.
"""

import asyncio

import reflex as rx

from prakerja_app import routes
from prakerja_app.db import open_session
from prakerja_app.models import utc_now
from prakerja_app.services.accounts import sessions
from prakerja_app.services.accounts.sessions import CurrentUser, SignedIn
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration import steps


def _resolve(token: str) -> CurrentUser | None:
    with open_session() as db:
        return sessions.resolve_session(db, token, utc_now())


class AuthState(rx.State):
    """The session token (in the browser's LocalStorage) and who it belongs to."""

    session_token: str = rx.LocalStorage(name="prakerja_session", sync=True)
    user_name: str = ""
    user_role: str = ""

    @rx.var
    def is_logged_in(self) -> bool:
        return self.user_role != ""

    async def _current_user(self) -> CurrentUser | None:
        """The user of this browser's session, checked against the database now."""
        user = await asyncio.to_thread(_resolve, self.session_token)
        self.user_name, self.user_role = (user.full_name, user.role) if user else ("", "")
        if user is None and self.session_token:
            self.session_token = ""
        return user

    async def _require_admin(self) -> CurrentUser:
        """The current user when they are an admin; raise AccessDenied otherwise."""
        return sessions.require_role(await self._current_user(), Role.ADMIN)

    async def _require_applicant(self) -> CurrentUser:
        """The current user when they are an applicant; raise AccessDenied otherwise."""
        return sessions.require_role(await self._current_user(), Role.APPLICANT)

    @rx.event
    async def refresh(self) -> None:
        """Reload the header's name and role from the server-side session."""
        await self._current_user()

    @rx.event
    async def logout(self):
        """End the server-side session and forget the token."""
        await asyncio.to_thread(_logout, self.session_token)
        self.session_token = ""
        self.user_name = self.user_role = ""
        return rx.redirect(routes.HOME)


def _logout(token: str) -> None:
    with open_session() as db:
        sessions.logout(db, token)


def login_blocking(email: str, password: str, client_key: str) -> SignedIn:
    """Log in (argon2 verify: slow; run it in a thread); an applicant's first login is
    registration step 3. Sessions run on real time, registration steps on program time."""
    with open_session() as db:
        signed_in = sessions.login(
            db, email=email, password=password, client_key=client_key, now=utc_now()
        )
        steps.record_login(db, signed_in.user.id, clock.current(db))
    return signed_in
