"""No secret in a tab's state, and nothing of the user in it after logout.

A tab's state lives on the server (in memory, or in Redis with several workers) and is
unlocked by the tab's client token, which the browser makes and puts in URLs. So every
secret the server makes on an applicant's way through registration (the login ticket,
the session token, the upload ticket, the SMS code) is recorded as it is made, and the
tab's state is searched for each of them after every step.
"""

import io
import secrets
from collections.abc import Iterator

import pytest
import reflex as rx
from PIL import Image

from prakerja_app.models import User, utc_now
from prakerja_app.pages.participant.dashboard import DashboardState
from prakerja_app.pages.public.login import LoginState
from prakerja_app.pages.public.password_reset import ForgotPasswordState
from prakerja_app.pages.register.identity_step import IdentityState
from prakerja_app.pages.register.personal_step import PersonalState
from prakerja_app.pages.register.phone_step import PhoneState
from prakerja_app.pages.register.wizard import WizardState
from prakerja_app.services.accounts import one_time_codes, password_reset, sessions, tokens
from prakerja_app.services.core import clock
from prakerja_app.services.demo.seed import seed_demo
from prakerja_app.services.registration.steps import Step
from prakerja_app.state.auth import AuthState
from tests import factories
from tests.security.test_handler_matrix import MARKERS_OF_THE_VICTIM, _state_text
from tests.tabs import Tab

pytestmark = [pytest.mark.security, pytest.mark.anyio]

IDENTITY = {
    "nik": factories.new_nik(),
    "kk": factories.new_kk(),
    "birth_date": factories.BIRTH_DATE,
}
PERSONAL = factories.personal_page_form(ktp_address=MARKERS_OF_THE_VICTIM[1])


@pytest.fixture
def made(monkeypatch, tmp_path, db) -> Iterator[list[str]]:
    """Every token and one-time code the server makes during the test, as it makes them."""
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path / "private"))
    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)
    seed_demo(db, utc_now())
    found: list[str] = []
    real_token, real_below = secrets.token_urlsafe, secrets.randbelow

    def token_urlsafe(nbytes: int) -> str:
        found.append(real_token(nbytes))
        return found[-1]

    def randbelow(n: int) -> int:
        value = real_below(n)
        found.append(f"{value:0{one_time_codes.CODE_DIGITS}d}")
        return value

    monkeypatch.setattr(tokens.secrets, "token_urlsafe", token_urlsafe)
    monkeypatch.setattr(one_time_codes.secrets, "randbelow", randbelow)
    return found


def _photo() -> list[rx.UploadFile]:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (200, 120, 40)).save(buffer, "JPEG")
    return [rx.UploadFile(file=io.BytesIO(buffer.getvalue()))]


def _event(state_cls, handler: str) -> str:
    return f"{state_cls.get_full_name()}.{handler}"


def _assert_keeps_none_of(tab: Tab, made: list[str]) -> None:
    text = _state_text(tab)
    assert made, "the recorder saw no secret: the test would prove nothing"
    assert [secret for secret in made if secret in text] == []


async def test_no_secret_made_on_the_way_through_registration_is_in_the_tab_state(states, db, made):
    user = factories.applicant_at(db, utc_now(), Step.LOGIN, via_services=True)
    (script,) = await states.send(
        _event(LoginState, "submit"),
        {"form": {"email": user.email, "password": factories.PASSWORD}},
    )
    ticket = made[-1]
    assert ticket in str(script)  # handed to the page in a script, to trade for the cookie
    _assert_keeps_none_of(states, made)

    states.connect(sessions.start_session(db, ticket=ticket, now=utc_now()))
    steps = [
        (WizardState, "load", {}),
        (IdentityState, "submit", {"form": IDENTITY}),
        (PersonalState, "save", {"form": PERSONAL}),
        (PersonalState, "upload_ktp_photo", {"files": _photo()}),
        (PersonalState, "upload_selfie_photo", {"files": _photo()}),
        (PersonalState, "review", {}),
        (PersonalState, "submit", {"form": {"honesty": True}}),
        (PhoneState, "send", {"form": {"phone": "0812 7777 0001"}}),
    ]
    for state_cls, handler, payload in steps:
        await states.send(_event(state_cls, handler), payload)
        shown = states(state_cls)
        assert (getattr(shown, "errors", {}), getattr(shown, "message", "")) == ({}, ""), handler
        _assert_keeps_none_of(states, made)
    code = [secret for secret in made if len(secret) == one_time_codes.CODE_DIGITS][-1]
    await states.send(_event(PhoneState, "verify"), {"form": {"otp": code}})
    await states.send(_event(WizardState, "load"), {})
    assert states(WizardState).step == Step.TEST
    _assert_keeps_none_of(states, made)


async def test_the_personal_data_leave_the_tab_state_once_sent(states, db, made):
    user = factories.applicant_at(db, utc_now(), Step.PERSONAL, via_services=True)
    states.connect(factories.session_token(db, user))
    for handler, payload in (
        ("save", {"form": PERSONAL}),
        ("upload_ktp_photo", {"files": _photo()}),
        ("upload_selfie_photo", {"files": _photo()}),
        ("review", {}),
    ):
        await states.send(_event(PersonalState, handler), payload)
    assert MARKERS_OF_THE_VICTIM[1] in _state_text(states)  # shown for the last check
    await states.send(_event(PersonalState, "submit"), {"form": {"honesty": True}})
    text = _state_text(states)
    assert MARKERS_OF_THE_VICTIM[1] not in text
    assert "data:image" not in text


async def test_logout_leaves_nothing_of_the_user_in_the_tab(states, db, made):
    owner = factories.buyer(db, utc_now())
    user = db.get(User, owner.user_id)
    user.full_name = MARKERS_OF_THE_VICTIM[0]
    db.commit()
    states.connect(factories.session_token(db, user))
    await states.send(_event(DashboardState, "load"), {})
    assert MARKERS_OF_THE_VICTIM[0] in _state_text(states)  # the dashboard greets them
    await states.send(_event(AuthState, "logout"), {})
    text = _state_text(states)
    assert MARKERS_OF_THE_VICTIM[0] not in text
    assert owner.card_number not in text
    assert (states(DashboardState).overview, states(AuthState).user_role) == (None, "")


async def test_the_phone_reset_keeps_neither_code_nor_token_nor_whom_in_the_tab(states, db, made):
    owner = factories.buyer(db, utc_now())
    user = db.get(User, owner.user_id)
    phone = factories.phone_of(db, owner)
    form = {"email": user.email, "phone": phone}
    await states.send(_event(ForgotPasswordState, "choose"), {"way": "phone"})
    await states.send(_event(ForgotPasswordState, "submit_phone"), {"form": form})
    assert states(ForgotPasswordState).code_sent
    code = made[-1]
    (redirect,) = await states.send(
        _event(ForgotPasswordState, "submit_phone"), {"form": form | {"otp": code}}
    )
    token = made[-1]
    assert token in str(redirect)  # the new-password page's address, handed to the browser
    db.commit()  # read afresh: the tab's handlers wrote on their own sessions
    password_reset.check_link(db, token=token, now=clock.current(db))
    _assert_keeps_none_of(states, made)
    text = _state_text(states)
    assert user.email not in text and phone.removeprefix("+62") not in text
