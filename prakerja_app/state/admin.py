"""The console's pages: who may see and who may change each area, checked per event.

Every admin page state mixes in `AdminPage`. Its ``load`` starts with `_enter(area)`,
which checks the server-side session's roles (`accounts.roles`) and sets what the page
may show; every handler that changes something goes through `_act(area, service, ...)`,
which checks again, as the browser can call any handler at any time.
"""

from collections.abc import Callable
from typing import Any

import reflex as rx

from prakerja_app import routes
from prakerja_app.jobs import nudge_delivery
from prakerja_app.services.accounts import roles
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.accounts.sessions import CurrentUser
from prakerja_app.services.core.errors import AccessDenied, DomainError
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.views import messages
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import ServiceForm, call


class AdminPage(ServiceForm, mixin=True):
    """An admin page's access (``allowed``, ``can_act``), its refusal and its messages."""

    allowed: bool = False
    can_act: bool = False
    denied_message: str = ""
    notice: str = ""

    async def _user(self) -> CurrentUser | None:
        return await (await self.get_state(AuthState))._current_user()

    async def _enter(self, area: Area) -> CurrentUser | None:
        """Check that this session's admin may see `area`, and set what the page shows.

        Returns:
            The admin, or None (the page then shows why, and ``load`` returns `_away()`).
        """
        self.errors, self.message, self.notice = {}, "", ""
        user = await self._user()
        try:
            roles.require_reader(user, area)
        except AccessDenied as error:
            self.allowed, self.can_act, self.denied_message = False, False, messages.text(error)
            return None
        self.allowed, self.denied_message = True, ""
        self.can_act = roles.can_act(user.roles, area) if user else False
        return user

    async def _away(self):
        """Where a refused ``load`` sends the tab: the login page when nobody is signed in."""
        if not (await self.get_state(AuthState)).is_logged_in:
            return rx.redirect(routes.LOGIN)
        return None

    async def _reader(self, area: Area) -> CurrentUser:
        """The admin when they may see `area`; raise AccessDenied otherwise."""
        return roles.require_reader(await self._user(), area)

    async def _may_read(self, area: Area) -> CurrentUser | None:
        """The admin when they may see `area`; else None, with the refusal shown (a
        read-only handler then returns at once)."""
        self.errors, self.message, self.notice = {}, "", ""
        try:
            return await self._reader(area)
        except AccessDenied as error:
            self.message = messages.text(error)
            return None

    async def _act(self, area: Area, service: Callable, /, **kwargs: Any) -> tuple[bool, Any]:
        """Check that this session's admin may change `area`, then `call` the service as
        them (``actor_id``); show a refusal next to its field or above the page.

        Returns:
            (True, the service's result), or (False, None) after a refusal.
        """
        return await self._as(roles.require_actor, area, service, kwargs)

    async def _disclose(self, area: Area, service: Callable, /, **kwargs: Any) -> tuple[bool, Any]:
        """Like `_act`, for a read the service records as it answers (a whole NIK shown
        with its reason): every admin who may see `area` may ask."""
        return await self._as(roles.require_reader, area, service, kwargs)

    async def _act_as(
        self,
        role: AdminRole | None,
        area: Area,
        service: Callable,
        /,
        actor: str | None,
        **kwargs: Any,
    ) -> tuple[bool, Any]:
        """Like `_act`, when only `role` of the area's actors may do it (None: any of
        them), for a service that names its actor `actor` (``maker_id``; None: it takes
        no actor)."""

        def check(user: CurrentUser | None, area: Area) -> CurrentUser:
            admin = roles.require_actor(user, area)
            return roles.require_role(admin, role) if role else admin

        return await self._as(check, area, service, kwargs, actor)

    async def _as(
        self,
        check: Callable,
        area: Area,
        service: Callable,
        kwargs: dict[str, Any],
        actor: str | None = "actor_id",
    ) -> tuple[bool, Any]:
        self.errors, self.message, self.notice = {}, "", ""
        try:
            admin = check(await self._user(), area)
            if actor:
                kwargs = {actor: admin.id, **kwargs}
            result = await call(service, **kwargs)
        except DomainError as error:
            self._show_refusal(error)
            return False, None
        nudge_delivery()
        return True, result
