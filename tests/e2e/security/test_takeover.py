"""A tab's Reflex client token is no credential, and logout leaves nothing behind.

The client token is made by the browser, kept in sessionStorage and sent in the
websocket's URL, so it ends up in proxy logs. Someone holding it connects with it from a
script while the applicant's tab is closed, and asks for the pages' data.
"""

import json

import pytest
from playwright.sync_api import Page, expect
from reflex.state import State
from sqlmodel import select

from prakerja_app.models import ApplicantProfile
from prakerja_app.pages.participant.dashboard import DashboardState
from prakerja_app.pages.register.personal_step import PersonalState
from prakerja_app.services.core import clock
from prakerja_app.services.registration import personal_data
from prakerja_app.services.registration.steps import Step
from prakerja_app.state.auth import AuthState
from tests.e2e.browser import log_in, log_out
from tests.e2e.registrants import PERSONAL_FORM, applicant_at, jpeg
from tests.e2e.security.sockets import RawTab, delta_of

pytestmark = pytest.mark.security

SIGN_IN = "Silakan masuk terlebih dahulu."


def _with_a_photo(app_db, registrant) -> None:
    user_id = app_db.exec(
        select(ApplicantProfile.user_id).where(ApplicantProfile.nik == registrant.nik)
    ).one()
    personal_data.save_photo(
        app_db, user_id=user_id, field="ktp_photo", data=jpeg(), now=clock.current(app_db)
    )


def _their_data(registrant) -> list[str]:
    return [PERSONAL_FORM.full_name_ktp, PERSONAL_FORM.ktp_address, registrant.nik, "data:image"]


def _at_their_photos(page: Page, app_db):
    registrant = applicant_at(app_db, Step.PERSONAL, form_saved=True)
    _with_a_photo(app_db, registrant)
    log_in(page, registrant.email, registrant.password)
    expect(page.get_by_role("img", name="Pratinjau foto KTP")).to_be_visible()
    return registrant, page.evaluate("window.sessionStorage.getItem('token')")


def test_a_borrowed_client_token_opens_none_of_the_tabs_data(page: Page, app_db):
    registrant, token = _at_their_photos(page, app_db)
    page.context.close()  # the applicant's tab is gone; its state stays on the server

    with RawTab(token=token) as thief:
        thief.send(State, "hydrate", path="/daftar")  # the whole state tree, please
        seen = thief.until(lambda u: PersonalState.get_full_name() in u.get("delta", {}))
        thief.send(PersonalState, "load", path="/daftar")
        seen += thief.until(
            lambda u: delta_of(u, PersonalState).get("message_rx_state_") == SIGN_IN
        )
        thief.send(DashboardState, "load", path="/dasbor")
        seen += thief.until(lambda u: any(e["name"] == "_redirect" for e in u.get("events", [])))

    received = json.dumps(seen)
    assert [data for data in _their_data(registrant) if data in received] == []


def test_logout_resets_every_state_of_the_tab(page: Page, app, app_db, screen):
    registrant, token = _at_their_photos(page, app_db)
    log_out(page, screen)

    assert page.evaluate("window.sessionStorage.getItem('token')") != token  # a new tab token
    root = app.app_instance._state_manager.states[token]
    left, pending = [], [root]
    while pending:
        state = pending.pop()
        left.append(repr(vars(state)))
        pending.extend(state.substates.values())
    text = "\n".join(left)
    assert [data for data in _their_data(registrant) if data in text] == []
    assert root.get_substate(AuthState.get_full_name().split(".")).user_role == ""
