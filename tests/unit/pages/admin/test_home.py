"""The admin page's handlers, called directly as any browser could, check the role."""

import pytest

from prakerja_app.models import utc_now
from prakerja_app.pages.admin.home import AdminHomeState
from prakerja_app.services.accounts import sessions
from prakerja_app.services.core.vocab import Role
from prakerja_app.state.auth import AuthState
from tests import factories

pytestmark = pytest.mark.anyio


def _token(db, role: Role) -> str:
    return factories.session_token(db, factories.user(db, utc_now(), role=role))


async def test_anonymous_callers_are_sent_to_login(states):
    admin_page = states(AdminHomeState)
    redirect = await AdminHomeState.load.fn(admin_page)
    assert redirect is not None  # rx.redirect to the login page
    assert (admin_page.allowed, admin_page.stats) == (False, [])


async def test_applicants_are_refused_and_see_no_figures(states, db):
    states.connect(_token(db, Role.APPLICANT))
    admin_page = states(AdminHomeState)
    await AdminHomeState.load.fn(admin_page)
    assert (admin_page.allowed, admin_page.stats) == (False, [])
    assert admin_page.denied_message == "Anda tidak berhak membuka halaman ini."


async def test_a_role_claimed_by_the_browser_is_ignored(states, db):
    auth_state = states(AuthState)
    states.connect(_token(db, Role.APPLICANT))
    auth_state.user_role = "admin"  # what a tampered client could claim
    admin_page = states(AdminHomeState)
    await AdminHomeState.load.fn(admin_page)
    assert admin_page.allowed is False
    assert auth_state.user_role == Role.APPLICANT


async def test_a_forged_session_is_no_session(states):
    states.connect("x" * 43)
    admin_page = states(AdminHomeState)
    await AdminHomeState.load.fn(admin_page)
    assert (admin_page.allowed, states(AuthState).user_role) == (False, "")


async def test_admins_see_the_figures(states, db):
    states.connect(_token(db, Role.ADMIN))
    admin_page = states(AdminHomeState)
    await AdminHomeState.load.fn(admin_page)
    assert admin_page.allowed is True
    assert [s.label for s in admin_page.stats] == [
        "Gelombang",
        "Platform digital",
        "Pelatihan",
        "Akun",
    ]


async def test_logout_ends_the_server_side_session(states, db):
    token = _token(db, Role.ADMIN)
    states.connect(token)
    auth_state = states(AuthState)
    await AuthState.refresh.fn(auth_state)
    assert auth_state.user_role == Role.ADMIN
    await AuthState.logout.fn(auth_state)
    assert (auth_state.user_name, auth_state.user_role) == ("", "")
    assert sessions.resolve_session(db, token, utc_now()) is None


def test_the_session_checks_are_not_events_a_browser_can_call():
    handlers = set(AuthState.event_handlers)
    assert {"refresh", "logout"} <= handlers
    assert not any("current_user" in name or "require_" in name for name in handlers)
