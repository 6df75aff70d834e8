"""The registration wizard's handlers, called directly as any browser could call them.

Every public handler must take the user and the step from the server-side session, and
refuse an anonymous, out-of-order or malformed call with a message: nothing changes in
the database or the photo folder, and no exception escapes the handler.
"""

import inspect
import io
import threading

import pytest
import reflex as rx
import sqlalchemy as sa
from PIL import Image
from sqlmodel import SQLModel, select

from prakerja_app.models import (
    ApplicantProfile,
    OtpCode,
    OutboxMessage,
    TestAnswer,
    User,
    Wave,
    utc_now,
)
from prakerja_app.pages.participant.dashboard import DashboardState
from prakerja_app.pages.register.account_step import AccountState
from prakerja_app.pages.register.confirm_email import ConfirmEmailState
from prakerja_app.pages.register.countdown import ResendCountdown
from prakerja_app.pages.register.identity_step import IdentityState
from prakerja_app.pages.register.motivation_step import MotivationState
from prakerja_app.pages.register.personal_step import PHOTOS, PersonalState
from prakerja_app.pages.register.phone_step import CODE, PhoneState
from prakerja_app.pages.register.wave_step import WaveState
from prakerja_app.pages.register.wizard import ADMIN, WizardState
from prakerja_app.services.accounts import passwords
from prakerja_app.services.core.vocab import Role, WaveStatus
from prakerja_app.services.demo.seed import seed_demo
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.registration.steps import Step, completed_steps
from prakerja_app.services.selection import waves
from prakerja_app.services.views.dashboard import UNFINISHED
from prakerja_app.state import hashing
from prakerja_app.state.auth import AuthState
from tests import factories
from tests.tabs import LockedState

pytestmark = pytest.mark.anyio

SIGN_IN = "Silakan masuk terlebih dahulu."
NOT_ALLOWED = "Anda tidak berhak membuka halaman ini."
NOT_YET = "Langkah ini belum dapat dilakukan. Selesaikan langkah yang sedang aktif."
ALREADY_DONE = "Langkah ini sudah selesai."
DATA_LOCKED = "Data diri sudah dikirim dan tidak dapat diubah lagi."
BUSY = "Sedang banyak yang masuk. Coba lagi dalam beberapa detik."

IDENTITY = {"nik": "3273015203950002", "kk": "3273010101100001", "birth_date": "1995-03-12"}
PERSONAL = factories.personal_page_form()
HUGE = "9" * 1_000_000
# Forms a forged call may send instead of a dict.
NOT_A_FORM = [[], ["nik", "3174051203900001"], "nik=3174051203900001", None, 42, 4.2, True]


# --- helpers -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_dir(tmp_path, monkeypatch):
    """Photos and the OTP key go to a folder of this test; email stays in the outbox."""
    folder = tmp_path / "private"
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(folder))
    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)
    return folder


@pytest.fixture(autouse=True)
def seeded(db):
    """The demo's waves (wave 7 open), the motivation test and the program clock."""
    seed_demo(db, utc_now())


@pytest.fixture
def world(engine, private_dir):
    """A picture of everything a handler could change: every table's rows and the photos."""

    def take() -> tuple[dict[str, list[tuple[str, ...]]], list[str]]:
        with engine.connect() as conn:
            tables = {
                table.name: sorted(
                    tuple(repr(value) for value in row) for row in conn.execute(sa.select(table))
                )
                for table in SQLModel.metadata.sorted_tables
            }
        photos = private_dir / "photos"
        files = sorted(str(p) for p in photos.rglob("*")) if photos.exists() else []
        return tables, files

    return take


def _ui(state: rx.State) -> dict[str, str]:
    """The state's vars besides its messages, to see a refusal left the page as it was."""
    return {
        name: repr(getattr(state, name))
        for name in type(state).base_vars
        if name not in ("errors", "message")
    }


async def _call(states, state_cls, handler: str, *args):
    """Call a handler's function as the browser's event would; return (state, result)."""
    state = states(state_cls)
    result = getattr(state_cls, handler).fn(state, *args)
    if inspect.isawaitable(result):
        result = await result
    return state, result


def _login(states, db, user: User) -> None:
    states.connect(factories.session_token(db, user))


def _at(states, db, step: Step) -> User:
    """A logged-in applicant (in this browser) whose current step is `step`."""
    user = factories.applicant_at(db, utc_now(), step)
    _login(states, db, user)
    return user


def _photo(width: int = 640, height: int = 400, kind: str = "JPEG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buf, kind)
    return buf.getvalue()


def _files(data: bytes) -> list[rx.UploadFile]:
    return [rx.UploadFile(file=io.BytesIO(data))]


def _open_wave_id(db) -> int:
    return db.exec(select(Wave.id).where(Wave.status == WaveStatus.OPEN)).one()


def _advanced(result) -> bool:
    """Whether a handler's result moves the browser on (next step or the dashboard)."""
    return result is WizardState.load or "redirect" in repr(result)


async def _call_background(states, state_cls, handler: str, *args):
    state = states(state_cls)
    return state, await getattr(state_cls, handler).fn(LockedState(state), *args)


# Every handler that changes an applicant's registration, with a well-formed argument
# (a function of the database, as the open wave's id is only known after seeding).
APPLICANT_CALLS = [
    pytest.param(IdentityState, "submit", lambda db: (IDENTITY,), id="IdentityState.submit"),
    pytest.param(PersonalState, "save", lambda db: (PERSONAL,), id="PersonalState.save"),
    pytest.param(
        PersonalState, "submit", lambda db: ({"honesty": True},), id="PersonalState.submit"
    ),
    pytest.param(
        PersonalState,
        "upload_ktp_photo",
        lambda db: (_files(_photo()),),
        id="PersonalState.upload_ktp_photo",
    ),
    pytest.param(
        PersonalState,
        "upload_selfie_photo",
        lambda db: (_files(_photo()),),
        id="PersonalState.upload_selfie_photo",
    ),
    pytest.param(PhoneState, "send", lambda db: ({"phone": "081234567890"},), id="PhoneState.send"),
    pytest.param(PhoneState, "verify", lambda db: ({"otp": "123456"},), id="PhoneState.verify"),
    pytest.param(MotivationState, "start", lambda db: (), id="MotivationState.start"),
    pytest.param(
        MotivationState, "answer", lambda db: ({"choice": "0"},), id="MotivationState.answer"
    ),
    pytest.param(
        WaveState,
        "join",
        lambda db: ({"wave_id": str(_open_wave_id(db)), "statement": True},),
        id="WaveState.join",
    ),
]
LATER_STEP_CALLS = [p for p in APPLICANT_CALLS if p.id != "IdentityState.submit"]


# --- (1) anonymous browsers ----------------------------------------------------------


@pytest.mark.parametrize(("state_cls", "handler", "args"), APPLICANT_CALLS)
async def test_anonymous_browsers_are_asked_to_sign_in(states, db, world, state_cls, handler, args):
    arguments = args(db)
    before, ui = world(), _ui(states(state_cls))
    state, result = await _call(states, state_cls, handler, *arguments)
    assert state.message == SIGN_IN
    assert state.errors == {}
    assert not _advanced(result)
    assert (world(), _ui(state)) == (before, ui)


@pytest.mark.parametrize(
    "forged_token",
    ["", "x" * 43, "y" * 5000, "' OR 1=1 --"],
    ids=["empty", "unknown", "huge", "sql"],
)
async def test_a_forged_session_token_is_no_session(states, db, world, forged_token):
    states.connect(forged_token)
    before = world()
    state, _ = await _call(states, IdentityState, "submit", IDENTITY)
    assert state.message == SIGN_IN
    assert world() == before
    assert states(AuthState).user_role == ""


# --- (2) steps out of order ----------------------------------------------------------


@pytest.mark.parametrize(("state_cls", "handler", "args"), LATER_STEP_CALLS)
async def test_later_steps_are_refused_while_the_identity_step_is_open(
    states, db, world, state_cls, handler, args
):
    _at(states, db, Step.IDENTITY)
    arguments = args(db)
    before, ui = world(), _ui(states(state_cls))
    state, result = await _call(states, state_cls, handler, *arguments)
    assert state.message == NOT_YET
    assert state.errors == {}
    assert not _advanced(result)
    assert (world(), _ui(state)) == (before, ui)


@pytest.mark.parametrize("step", [Step.PERSONAL, Step.TEST, Step.WAVE])
async def test_the_identity_step_cannot_be_redone(states, db, world, step):
    user = _at(states, db, step)
    nik_before = db.exec(select(ApplicantProfile.nik).where(ApplicantProfile.user_id == user.id))
    nik_before = nik_before.one()
    before = world()
    state, result = await _call(states, IdentityState, "submit", IDENTITY)
    assert state.message == ALREADY_DONE
    assert result is None
    assert world() == before
    db.rollback()  # a fresh read: the handlers wrote on their own sessions
    assert (
        db.exec(select(ApplicantProfile.nik).where(ApplicantProfile.user_id == user.id)).one()
        == nik_before
    )


async def test_a_finished_step_cannot_be_redone_after_registration(states, db, world):
    _at(states, db, Step.WAVE)
    before = world()
    for state_cls, handler, arguments, message in (
        (PersonalState, "submit", ({"honesty": True},), DATA_LOCKED),
        (PersonalState, "save", (PERSONAL,), DATA_LOCKED),
        (PersonalState, "upload_ktp_photo", (_files(_photo()),), DATA_LOCKED),
        (PhoneState, "send", ({"phone": "081234567890"},), ALREADY_DONE),
        (PhoneState, "verify", ({"otp": "123456"},), ALREADY_DONE),
        (MotivationState, "start", (), ALREADY_DONE),
        (MotivationState, "answer", ({"choice": "0"},), ALREADY_DONE),
    ):
        state, result = await _call(states, state_cls, handler, *arguments)
        assert state.message == message, handler
        assert not _advanced(result), handler
    assert world() == before


# --- (3) malformed arguments ---------------------------------------------------------


@pytest.mark.parametrize("form", NOT_A_FORM)
async def test_identity_refuses_a_form_that_is_not_a_dict(states, db, world, form):
    _at(states, db, Step.IDENTITY)
    before = world()
    state, result = await _call(states, IdentityState, "submit", form)
    assert set(state.errors) == {"nik", "kk", "birth_date"}
    assert result is None
    assert world() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nik", {"nik": IDENTITY["nik"]}),
        ("nik", [IDENTITY["nik"]]),
        ("nik", IDENTITY["nik"] * 10_000),
        ("nik", None),
        ("nik", "٣٢٧٣٠١٥٢٠٣٩٥٠٠٠٢"),  # Arabic-Indic digits
        ("nik", IDENTITY["nik"] + "\x00"),
        ("kk", {"kk": IDENTITY["kk"]}),
        ("kk", [IDENTITY["kk"]]),
        ("kk", HUGE),
        ("kk", False),
        ("birth_date", {"y": 1995, "m": 3, "d": 12}),
        ("birth_date", ["1995-03-12"]),
        ("birth_date", HUGE),
        ("birth_date", "1995-03-12T00:00:00"),
    ],
)
async def test_identity_refuses_fields_of_the_wrong_type(states, db, world, field, value):
    _at(states, db, Step.IDENTITY)
    before = world()
    state, result = await _call(states, IdentityState, "submit", IDENTITY | {field: value})
    assert list(state.errors) == [field]
    assert result is None
    assert world() == before


@pytest.mark.parametrize("form", NOT_A_FORM)
async def test_personal_data_refuses_a_form_that_is_not_a_dict(states, db, world, form):
    _at(states, db, Step.PERSONAL)
    before, ui = world(), _ui(states(PersonalState))
    state, _ = await _call(states, PersonalState, "save", form)
    assert {"full_name_ktp", "ktp_address", "sex", "province_code"} <= set(state.errors)
    assert (world(), _ui(state)) == (before, ui)


@pytest.mark.parametrize(
    "changes",
    [
        {"full_name_ktp": {"first": "Siti"}},
        {"full_name_ktp": ["Siti", "Aminah"]},
        {"full_name_ktp": HUGE},
        {"ktp_address": HUGE},
        pytest.param({"ktp_address": {"street": "Jl. Kemang Raya No. 5"}}, id="ktp_address-dict"),
        pytest.param(
            {"domicile_same": False, "domicile_address": ["Jl. Kemang Raya No. 5, RT 01"]},
            id="domicile_address-list",
        ),
        pytest.param({"district": {"name": "Mampang Prapatan"}}, id="district-dict"),
        pytest.param({"district": ["Mampang"]}, id="district-list"),
        {"province_code": {"31": "DKI"}},
        {"province_code": ["31"]},
        {"regency_code": "3273"},  # Bandung, not in DKI Jakarta
        {"district": HUGE},
        {"sex": ["L"]},
        {"marital_status": {"kawin": True}},
        {"education": None},
        {"employment_status": "direktur"},
        {"training_interest": ["pemasaran-digital"]},
        {"in_formal_education": True},
        {"not_excluded_occupation": "yes"},
    ],
    ids=lambda changes: ",".join(changes),
)
async def test_personal_data_refuses_fields_of_the_wrong_type(states, db, world, changes):
    _at(states, db, Step.PERSONAL)
    before, ui = world(), _ui(states(PersonalState))
    state, _ = await _call(states, PersonalState, "save", PERSONAL | changes)
    assert state.errors
    assert (world(), _ui(state)) == (before, ui)


async def test_personal_data_saves_a_well_formed_form(states, db):
    # The positive control for the refusals above: the same form, untouched, is saved.
    _at(states, db, Step.PERSONAL)
    state, _ = await _call(states, PersonalState, "save", PERSONAL)
    assert (state.errors, state.message, state.phase) == ({}, "", PHOTOS)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (None, "Pilih foto terlebih dahulu."),
        (b"", "Pilih foto terlebih dahulu."),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "Foto harus berformat JPG atau PNG."),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "Foto harus berformat JPG atau PNG."),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 500, "Foto harus berformat JPG atau PNG."),  # cut JPEG
        (b"<script>alert(1)</script>", "Foto harus berformat JPG atau PNG."),
        (_photo(kind="BMP"), "Foto harus berformat JPG atau PNG."),
        (_photo(kind="GIF"), "Foto harus berformat JPG atau PNG."),
        (_photo(64, 64), "Foto terlalu kecil. Gunakan foto yang jelas, minimal 200 piksel."),
        (_photo() + b"\x00" * (10 * 1024 * 1024), "Ukuran foto paling besar 10 MB."),
    ],
    ids=["no-file", "empty", "gif", "pdf", "cut-jpeg", "script", "bmp", "gif-image", "tiny", "big"],
)
@pytest.mark.parametrize("handler", ["upload_ktp_photo", "upload_selfie_photo"])
async def test_uploads_refuse_missing_and_non_photo_files(states, db, world, handler, data, error):
    _at(states, db, Step.PERSONAL)
    field = handler.removeprefix("upload_")
    before, ui = world(), _ui(states(PersonalState))
    state, _ = await _call(states, PersonalState, handler, [] if data is None else _files(data))
    assert state.errors == {field: error}
    assert (world(), _ui(state)) == (before, ui)


async def test_personal_submit_needs_the_ticked_statement(states, db, world):
    _at(states, db, Step.PERSONAL)
    await _call(states, PersonalState, "save", PERSONAL)
    for handler in ("upload_ktp_photo", "upload_selfie_photo"):
        state, _ = await _call(states, PersonalState, handler, _files(_photo()))
        assert state.errors == {}
    before = world()
    for form in [*NOT_A_FORM, {"honesty": "yes"}, {"honesty": ["on"]}, {"honesty": 1}]:
        state, result = await _call(states, PersonalState, "submit", form)
        assert list(state.errors) == ["honesty"], form
        assert result is None
    assert world() == before


@pytest.mark.parametrize(
    "form",
    [
        *NOT_A_FORM,
        {"phone": {"number": "081234567890"}},
        {"phone": ["081234567890"]},
        {"phone": HUGE},
        {"phone": "0812345678901234567890123456789012345678901234567890"},
        {"phone": "+1 202 555 0100"},
        {"phone": "٠٨١٢٣٤٥٦٧٨٩٠"},
    ],
)
async def test_phone_send_refuses_malformed_numbers(states, db, world, form):
    _at(states, db, Step.PHONE)
    before, ui = world(), _ui(states(PhoneState))
    state, result = await _call(states, PhoneState, "send", form)
    assert list(state.errors) == ["phone"]
    assert result is None
    assert (world(), _ui(state)) == (before, ui)


@pytest.mark.parametrize(
    "form",
    [
        *NOT_A_FORM,
        {"otp": {"code": "123456"}},
        {"otp": ["123456"]},
        {"otp": 123456.5},
        {"otp": HUGE},
        {"otp": "12345"},
        {"otp": "١٢٣٤٥٦"},
    ],
)
async def test_phone_verify_refuses_malformed_codes_without_counting_them(states, db, world, form):
    _at(states, db, Step.PHONE)
    await _call(states, PhoneState, "send", {"phone": "081234567890"})
    assert states(PhoneState).phase == CODE
    before = world()
    state, result = await _call(states, PhoneState, "verify", form)
    assert list(state.errors) == ["otp"]
    assert result is None
    assert world() == before
    db.rollback()
    assert db.exec(select(OtpCode.attempts)).all() == [0]


@pytest.mark.parametrize(
    "form",
    [
        *NOT_A_FORM,
        {"choice": "x"},
        {"choice": "-1"},
        {"choice": "99"},
        {"choice": "1e3"},
        {"choice": " 1"},
        {"choice": "0001"},
        {"choice": ""},
        {"choice": {"0": True}},
        {"choice": [0]},
        {"choice": HUGE},
        {"choice": "²"},
    ],
)
async def test_motivation_answer_refuses_malformed_choices(states, db, world, form):
    _at(states, db, Step.TEST)
    await _call(states, MotivationState, "start")
    assert states(MotivationState).number == 1
    before, ui = world(), _ui(states(MotivationState))
    state, result = await _call(states, MotivationState, "answer", form)
    assert state.errors == {"choice": "Pilih salah satu jawaban."}
    assert result is None
    assert (world(), _ui(state)) == (before, ui)
    assert db.exec(select(TestAnswer)).all() == []


async def test_motivation_answer_before_the_start_is_refused(states, db, world):
    _at(states, db, Step.TEST)
    before = world()
    state, result = await _call(states, MotivationState, "answer", {"choice": "0"})
    assert state.message == "Mulai tes terlebih dahulu."
    assert result is None
    assert world() == before


@pytest.mark.parametrize(
    ("form", "message"),
    [
        *[(form, "Pilih gelombang yang akan diikuti.") for form in NOT_A_FORM],
        ({"wave_id": "abc", "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": "-1", "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": "99999999999", "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": "", "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": "1.5", "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": {"id": 7}, "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": [7], "statement": True}, "Pilih gelombang yang akan diikuti."),
        ({"wave_id": HUGE, "statement": True}, "Pilih gelombang yang akan diikuti."),
        (
            {"wave_id": "0", "statement": True},
            "Gelombang ini tidak sedang dibuka untuk domisili Anda.",
        ),
        (
            {"wave_id": "999999999", "statement": True},
            "Gelombang ini tidak sedang dibuka untuk domisili Anda.",
        ),
        (
            {"wave_id": "1", "statement": True},
            "Gelombang ini tidak sedang dibuka untuk domisili Anda.",
        ),
        ({"wave_id": "²", "statement": True}, "Pilih gelombang yang akan diikuti."),
    ],
)
async def test_wave_join_refuses_malformed_wave_ids(states, db, world, form, message):
    _at(states, db, Step.WAVE)
    before, ui = world(), _ui(states(WaveState))
    state, result = await _call(states, WaveState, "join", form)
    assert state.message == message
    assert result is None
    assert (world(), _ui(state)) == (before, ui)


@pytest.mark.parametrize("statement", [None, False, "yes", "true", 1, ["on"], {"on": True}])
async def test_wave_join_needs_the_ticked_statement(states, db, world, statement):
    _at(states, db, Step.WAVE)
    form = {"wave_id": str(_open_wave_id(db))}
    if statement is not None:
        form["statement"] = statement
    before = world()
    state, result = await _call(states, WaveState, "join", form)
    assert list(state.errors) == ["statement"]
    assert result is None
    assert world() == before


async def test_province_choice_ignores_what_is_not_a_province(states):
    personal = states(PersonalState)
    for code in [{"31": 1}, ["31"], 31, None, "99", "3" * 100_000]:
        PersonalState.choose_province.fn(personal, code)
        assert (personal.province, personal.regencies) == ("", [])
    PersonalState.choose_province.fn(personal, "31")
    assert personal.province == "31"
    assert personal.regencies


# --- (4) admins ----------------------------------------------------------------------


@pytest.mark.parametrize(("state_cls", "handler", "args"), APPLICANT_CALLS)
async def test_admins_cannot_use_the_applicant_handlers(
    states, db, world, state_cls, handler, args
):
    _login(states, db, factories.user(db, utc_now(), role=Role.ADMIN))
    arguments = args(db)
    before, ui = world(), _ui(states(state_cls))
    state, result = await _call(states, state_cls, handler, *arguments)
    assert state.message == NOT_ALLOWED
    assert state.errors == {}
    assert not _advanced(result)
    assert (world(), _ui(state)) == (before, ui)


async def test_admins_get_no_wizard_step_and_no_dashboard(states, db, world):
    _login(states, db, factories.user(db, utc_now(), role=Role.ADMIN))
    before = world()
    wizard, result = await _call(states, WizardState, "load")
    assert (wizard.step, result) == (ADMIN, None)
    dashboard, result = await _call(states, DashboardState, "load")
    assert (dashboard.overview, dashboard.message, result) == (None, NOT_ALLOWED, None)
    assert world() == before


# --- (5) the happy path --------------------------------------------------------------


async def test_an_applicant_does_the_identity_step_and_moves_on(states, db):
    user = _at(states, db, Step.IDENTITY)
    wizard, _ = await _call(states, WizardState, "load")
    assert wizard.step == Step.IDENTITY
    state, result = await _call(states, IdentityState, "submit", IDENTITY)
    assert (state.errors, state.message) == ({}, "")
    assert result is WizardState.load
    wizard, _ = await _call(states, WizardState, "load")
    assert wizard.step == "data_diri"
    assert wizard.step_number == 5
    db.rollback()  # a fresh read: the handlers wrote on their own sessions
    profile = db.exec(select(ApplicantProfile).where(ApplicantProfile.user_id == user.id)).one()
    assert (profile.nik, profile.sex) == (IDENTITY["nik"], "P")
    assert Step.IDENTITY in completed_steps(db, user.id)


async def test_the_wizard_and_dashboard_for_anonymous_browsers(states, world):
    before = world()
    wizard, result = await _call(states, WizardState, "load")
    assert (wizard.step, result) == (Step.ACCOUNT, None)
    dashboard, result = await _call(states, DashboardState, "load")
    assert dashboard.overview is None
    assert _advanced(result)  # to the login page
    assert world() == before


async def test_the_dashboard_of_an_unfinished_applicant(states, db):
    _at(states, db, Step.PHONE)
    dashboard, result = await _call(states, DashboardState, "load")
    assert (dashboard.overview.status, dashboard.message, result) == (UNFINISHED, "", None)


async def test_an_applicant_at_the_last_step_joins_the_open_wave(states, db):
    user = _at(states, db, Step.WAVE)
    page, _ = await _call(states, WaveState, "load")
    assert [card.title for card in page.waves] == ["Gelombang 7"]
    state, result = await _call(
        states, WaveState, "join", {"wave_id": str(page.waves[0].id), "statement": True}
    )
    assert (state.errors, state.message) == ({}, "")
    assert _advanced(result)
    db.rollback()  # a fresh read: the handler wrote on its own session
    assert waves.latest_application(db, user.id).wave_number == 7


# --- page loads (on_mount) of the steps ----------------------------------------------

PAGE_LOADS = [
    pytest.param(PersonalState, "load", id="PersonalState.load"),
    pytest.param(PersonalState, "review", id="PersonalState.review"),
    pytest.param(PersonalState, "edit", id="PersonalState.edit"),
    pytest.param(PhoneState, "load", id="PhoneState.load"),
    pytest.param(PhoneState, "resend", id="PhoneState.resend"),
    pytest.param(MotivationState, "load", id="MotivationState.load"),
    pytest.param(WaveState, "load", id="WaveState.load"),
]


@pytest.mark.parametrize("who", [None, Role.ADMIN], ids=["anonymous", "admin"])
@pytest.mark.parametrize(
    ("state_cls", "handler"),
    PAGE_LOADS,
)
async def test_page_loads_refuse_non_applicants_without_an_exception(
    states, db, world, state_cls, handler, who
):
    if who is not None:
        _login(states, db, factories.user(db, utc_now(), role=who))
    before = world()
    state, result = await _call(states, state_cls, handler)
    assert state.message in (SIGN_IN, NOT_ALLOWED) or _advanced(result)
    assert world() == before


@pytest.mark.parametrize(("state_cls", "handler"), PAGE_LOADS)
async def test_page_loads_of_later_steps_before_the_identity_step(
    states, db, world, state_cls, handler
):
    _at(states, db, Step.IDENTITY)
    before = world()
    await _call(states, state_cls, handler)
    assert world() == before


# --- background handlers -------------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    [
        *NOT_A_FORM,
        {"full_name": {"a": 1}, "email": ["x@contoh.id"], "password": None},
        {"full_name": HUGE, "email": HUGE, "password": HUGE},
    ],
)
async def test_the_account_form_refuses_malformed_forms(states, world, form):
    before = world()
    state, result = await _call_background(states, AccountState, "submit", form)
    assert state.errors
    assert (state.busy, state.sent_to, result) == (False, "", None)
    assert states(WizardState).account_email_sent is False
    assert world() == before


async def test_the_account_form_creates_the_account(states, db):
    form = {"full_name": "Budi Santoso", "email": "budi@contoh.id", "password": "sate-ayam-madura"}
    state, _ = await _call_background(states, AccountState, "submit", form)
    assert (state.errors, state.busy, state.sent_to) == ({}, False, "budi@contoh.id")
    db.rollback()
    assert states(WizardState).step == Step.EMAIL
    assert states(ResendCountdown).waits == {"email": 60}
    assert db.exec(select(User.email)).all() == ["budi@contoh.id"]


async def test_the_account_form_hashes_the_password_on_the_hashing_threads(states, monkeypatch):
    threads = []
    context = passwords._context

    class Recording:
        def hash(self, password: str) -> str:
            threads.append(threading.current_thread().name)
            return context.hash(password)

    monkeypatch.setattr(passwords, "_context", Recording())
    form = {"full_name": "Budi Santoso", "email": "budi@contoh.id", "password": "sate-ayam-madura"}
    state, _ = await _call_background(states, AccountState, "submit", form)
    assert state.sent_to == "budi@contoh.id"
    assert len(threads) == 1
    assert threads[0].startswith(hashing.THREAD_NAME_PREFIX)


async def test_the_account_form_is_refused_at_once_when_the_hashing_line_is_full(
    states, world, full_hashing_line
):
    form = {"full_name": "Budi Santoso", "email": "budi@contoh.id", "password": "sate-ayam-madura"}
    async with full_hashing_line():
        before = world()
        state, _ = await _call_background(states, AccountState, "submit", form)
        assert (state.message, state.busy, state.sent_to) == (BUSY, False, "")
        assert world() == before
    state, _ = await _call_background(states, AccountState, "submit", form)
    assert (state.message, state.sent_to) == ("", "budi@contoh.id")


async def test_resending_the_confirmation_needs_an_account_form_first(states, world):
    before = world()
    state, result = await _call(states, AccountState, "resend")
    assert (state.message, result) == ("", None)
    assert world() == before


@pytest.mark.parametrize("purpose", ["bogus", "", {"email": 1}, ["sms"], None, 7])
async def test_the_countdown_ignores_unknown_purposes(states, purpose):
    countdown = states(ResendCountdown)
    countdown.waits = {"email": 30}
    _, result = await _call_background(states, ResendCountdown, "tick", purpose)
    assert result is None
    assert countdown.waits == {"email": 30}


async def test_the_motivation_countdown_does_not_tick_before_the_start(states):
    state, result = await _call_background(states, MotivationState, "tick")
    assert result is None
    assert (state.started, state.seconds_left) == (False, 0)


# --- the email-confirmation link -----------------------------------------------------


def _open_link(states, query: str):
    """Put the browser on the confirmation page with this query string."""
    states(ConfirmEmailState).parent_state._update_router_vars(
        {
            "asPath": f"/konfirmasi-email{query}",
            "pathname": "/konfirmasi-email",
            "headers": {"origin": "http://localhost:3000"},
        },
        {},
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Tautan konfirmasi tidak lengkap."),
        ("?token=", "Tautan konfirmasi tidak lengkap."),
        ("?token=" + "x" * 101, "Tautan konfirmasi tidak lengkap."),
        ("?token=" + "%F0%9F" * 40, "Tautan konfirmasi tidak valid"),  # broken UTF-8
        ("?token=abc", "Tautan konfirmasi tidak valid atau sudah dipakai."),
        ("?token=%00%27%20OR%201%3D1", "Tautan konfirmasi tidak valid atau sudah dipakai."),
        ("?token[]=abc&token[]=def", "Tautan konfirmasi tidak lengkap."),
    ],
)
async def test_a_bad_confirmation_link_is_refused(states, world, query, message):
    _open_link(states, query)
    before = world()
    state, _ = await _call(states, ConfirmEmailState, "load")
    assert state.outcome == "error"
    assert state.message.startswith(message)
    assert world() == before


async def test_a_confirmation_link_works_once(states, db):
    form = {"full_name": "Budi Santoso", "email": "budi@contoh.id", "password": "sate-ayam-madura"}
    await _call_background(states, AccountState, "submit", form)
    db.rollback()
    body = body_of(db.exec(select(OutboxMessage)).one())
    token = body.split("?token=", 1)[1].split()[0]
    _open_link(states, f"?token={token}")
    state, _ = await _call(states, ConfirmEmailState, "load")
    assert state.outcome == "ok"
    state, _ = await _call(states, ConfirmEmailState, "load")
    assert state.outcome == "error"
    assert state.message.startswith("Tautan konfirmasi tidak valid atau sudah dipakai.")
