"""Every event handler of the app, called as any browser can call it.

Each handler of each page state, by each kind of visitor (anonymous, an applicant at each
registration step, a participant, an admin), with forged arguments: none, unknown ones,
of a type no page sends, odd text, and another person's ids and numbers. The app runs in
production mode, as attackers meet it. After every call:

- no exception escaped;
- a forged call changed no row and no photo (the throttles' own counts aside);
- nothing of the other person ("the victim") changed, whatever the call;
- nobody but the admin holds any of the victim's data in their tab's state.

Each visitor's well-formed call of their own step must still work (`EFFECTS`): a matrix
whose calls were all refused for the wrong reason would prove nothing.

The console's pages (`state.admin.AdminPage`) are called by an admin of each role too:
a call changes something only when the role may act in the page's area
(`accounts.roles`, `AREAS`), and only the roles that may read applicants hold the
victim's data.
"""

import asyncio
import inspect
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
import sqlalchemy as sa
from PIL import Image
from reflex.state import State
from reflex_base.registry import RegistrationContext
from sqlmodel import Session, SQLModel, select

from prakerja_app.models import Training, User, Wave, utc_now
from prakerja_app.services.accounts import roles, sessions
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, Role, WaveStatus
from prakerja_app.services.demo.seed import seed_demo
from prakerja_app.services.registration.steps import Step
from prakerja_app.state.arguments import is_ours
from tests import factories
from tests.security.console import AUDIT_TABLES, DISCLOSURES, console_area
from tests.tabs import DROPPED, Tab

pytestmark = [
    pytest.mark.security,
    pytest.mark.anyio,
    pytest.mark.parametrize("engine", ["sqlite"], indirect=True),
]

# Values no page sends where a handler or a form field expects text: forged.
NOT_TEXT: list[Any] = [None, -1, 10**30, 1.5, [], ["a", 1], {"a": {"b": []}}]
# Text a person could type, and attackers do: a handler must survive it, and may accept it.
ODD_TEXT: list[Any] = [
    "",
    "9" * 5000,
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "\n[Reflex Backend Exception]\n palsu",
    "٣١٧٤٠٥١٢٠٣٩٠٠٠٠١",  # Arabic-Indic digits
]
MARKERS_OF_THE_VICTIM = ("Rahasia Korbanwati", "Jl. Rahasia No. 7", "VKORBAN0001")
COUNTERS = {"attempt", "loginattempt"}  # a throttle counts refused tries; that is its job
PERSONAS = [
    "anonymous",
    *(f"applicant:{step}" for step in list(Step)[2:]),  # signed in: from the first login on
    "applicant:registered",
    "participant",
    "admin",  # every role
    *(f"admin:{role}" for role in AdminRole),  # one role each
]

# What each visitor's own, well-formed calls must still do (the matrix's control).
EFFECTS = {
    "anonymous": {"AccountState.submit"},
    f"applicant:{Step.IDENTITY}": {"IdentityState.submit"},
    f"applicant:{Step.PERSONAL}": {"PersonalState.save", "PersonalState.upload_ktp_photo"},
    f"applicant:{Step.PHONE}": {"PhoneState.send"},
    f"applicant:{Step.TEST}": {"MotivationState.start"},
    f"applicant:{Step.WAVE}": {"WaveState.join"},
    "participant": {"DashboardState.submit_review", "PayoutAccountState.send_code"},
    "admin": {"AccountsState.invite", "PaymentsState.gather"},
    f"admin:{AdminRole.SUPER_ADMIN}": {"AccountsState.invite"},
    f"admin:{AdminRole.FINANCE_MAKER}": {"PaymentsState.gather"},
}


@dataclass
class Call:
    """One event: the handler (short and full name), its payload, whether it is forged."""

    handler: str
    event: str
    payload: Any
    forged: bool = True

    def __str__(self) -> str:
        payload = re.sub(r"\s+", " ", repr(self.payload))[:120]
        return f"{self.handler}({payload})"


@dataclass
class Victim:
    """Another participant, whose data and rows no one else may touch or see."""

    user_id: int
    participant_id: int
    purchase_id: int
    nik: str
    phone: str
    email: str

    def values(self) -> list[Any]:
        """Values that point at the victim: their ids and numbers."""
        return [self.purchase_id, str(self.purchase_id), self.nik, self.phone, self.email]


@dataclass
class Persona:
    """Who the tab belongs to, and their own purchase and open wave (for their forms)."""

    name: str
    user: User | None
    purchase_id: int = 0
    wave_id: int = 0
    token: str = ""

    def connect(self, tab: Tab, engine: sa.Engine) -> None:
        """Keep the tab signed in as this persona (again, after a logout)."""
        if self.user is None:
            tab.connect(None)
            return
        with Session(engine) as db:
            if not self.token or not sessions.user_of_digest(db, token_hash(self.token), utc_now()):
                self.token = factories.session_token(db, self.user)
        tab.connect(self.token)

    def forms(self, victim: Victim) -> dict[str, dict[str, Any]]:
        """The forms the pages send, well formed, with this persona's own ids."""
        return {
            "AccountState.submit": {
                "full_name": "Penyerang Coba",
                "email": "penyerang@contoh.id",
                "password": "kata-sandi-yang-panjang",
            },
            "LoginState.submit": {"email": victim.email, "password": "tebak-tebakan-saja"},
            "IdentityState.submit": {
                "nik": "3273015203950002",
                "kk": "3273010101100001",
                "birth_date": "1995-03-12",
            },
            "PersonalState.save": factories.personal_page_form(),
            "PersonalState.submit": {"honesty": True},
            "PhoneState.send": {"phone": "081234567890"},
            "PhoneState.verify": {"otp": "123456"},
            "MotivationState.answer": {"choice": "0"},
            "WaveState.join": {"wave_id": str(self.wave_id), "statement": True},
            "CatalogueState.apply": {"q": "kopi", "platform": "pintaria", "sort": "rating"},
            "TrainingState.confirm": {"otp": "123456"},
            "DashboardState.submit_review": {
                "purchase_id": str(self.purchase_id),
                "stars": "5",
                "text": "Materinya jelas dan langsung bisa dipraktikkan.",
            },
            "PayoutAccountState.send_code": {
                "channel": "ovo",
                "account_number": "0812 9876 5432",
                "password": "",
            },
            "PayoutAccountState.link": {"otp": "123456"},
            "AccountsState.invite": {
                "full_name": "Admin Baru",
                "email": f"admin.baru.{self.name.partition(':')[2] or 'semua'}@prakerja.go.id",
                "role_operator": True,
            },
        }

    @property
    def roles(self) -> frozenset[str]:
        """The admin roles this persona holds (none for an applicant or a visitor)."""
        if self.name == "admin":
            return frozenset(AdminRole)
        kind, _, role = self.name.partition(":")
        return frozenset({role}) if kind == "admin" else frozenset()


def every_handler() -> Iterator[tuple[str, str]]:
    """(short name, full event name) of every handler of the app's own states."""
    pending: list[type[State]] = [State]
    while pending:
        cls = pending.pop()
        pending.extend(cls.get_substates())
        for name, handler in cls.event_handlers.items():
            if is_ours(handler):
                yield f"{cls.__name__}.{name}", f"{cls.get_full_name()}.{name}"


def _upload(data: bytes) -> rx.UploadFile:
    return rx.UploadFile(file=io.BytesIO(data))


def _photo(kind: str = "JPEG") -> rx.UploadFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (200, 120, 40)).save(buffer, kind)
    return _upload(buffer.getvalue())


def _parameters(event: str) -> list[str]:
    fn = RegistrationContext.get().event_handlers[event].handler.fn
    return list(inspect.signature(fn).parameters)[1:]  # after self


def calls(persona: Persona, victim: Victim) -> Iterator[Call]:
    """Every forged call of every handler, and the plausible ones (odd text, the victim's
    values, well-formed forms) that may be accepted but must not reach the victim."""
    forms = persona.forms(victim)
    for short, event in every_handler():
        parameters = _parameters(event)
        yield Call(short, event, {"intruder": 1})
        if not parameters:
            yield Call(short, event, {}, forged=False)
            continue
        yield Call(short, event, {})
        yield Call(short, event, dict.fromkeys(parameters, "x") | {"intruder": 1})
        for value in [*NOT_TEXT, True, [_photo("PNG"), _photo()], [_upload(b"x")]]:
            yield Call(short, event, dict.fromkeys(parameters, value))
        for value in [*ODD_TEXT, *victim.values(), [_photo()]]:
            yield Call(short, event, dict.fromkeys(parameters, value), forged=False)
        form = forms.get(short)
        if form is None:
            continue
        for name in form:
            for value in NOT_TEXT:
                yield Call(short, event, {parameters[0]: form | {name: value}})
            for value in ODD_TEXT:
                yield Call(short, event, {parameters[0]: form | {name: value}}, forged=False)
        for value in victim.values():
            forged_form = dict.fromkeys(form, str(value))
            yield Call(short, event, {parameters[0]: forged_form}, forged=False)
        theirs = form | {"purchase_id": str(victim.purchase_id)}
        yield Call(short, event, {parameters[0]: theirs}, forged=False)
        yield Call(short, event, {parameters[0]: form}, forged=False)


# --- the world ---------------------------------------------------------------------


@pytest.fixture
def program_now(db, tmp_path, monkeypatch) -> datetime:
    """Production mode, the demo's data at its program time, photos in a test folder,
    and an instalment due (for the payment run's maker to gather)."""
    monkeypatch.setenv("REFLEX_ENV_MODE", "prod")
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path / "private"))
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "k" * 48)
    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)
    factories.cheap_password_hashing(monkeypatch)
    seed_demo(db, utc_now())
    now = clock.current(db)
    factories.payee(db, now)
    return now


@pytest.fixture
def victim(db, program_now) -> Victim:
    """A participant with a profile and a completed purchase that has no review yet."""
    made = factories.buyer(db, program_now)
    account = db.get(User, made.user_id)
    account.full_name = MARKERS_OF_THE_VICTIM[0]
    profile = factories.profile_of(db, made.user_id)
    profile.ktp_address = MARKERS_OF_THE_VICTIM[1]
    bought = factories.purchase(
        db,
        made,
        db.exec(select(Training)).first(),
        program_now,
        voucher_code=MARKERS_OF_THE_VICTIM[2],
        status="completed",
        completed_at=program_now,
    )
    db.commit()
    return Victim(made.user_id, made.id, bought.id, made.nik, profile.phone, account.email)


def _persona(db: Session, now: datetime, name: str) -> Persona:
    wave_id = db.exec(select(Wave.id).where(Wave.status == WaveStatus.OPEN)).first() or 0
    if name == "anonymous":
        return Persona(name, None)
    if name == "admin":
        return Persona(name, factories.user(db, now, role=Role.ADMIN))
    if name.startswith("admin:"):
        return Persona(name, factories.admin(db, now, AdminRole(name.partition(":")[2])))
    if name == "participant":
        made = factories.buyer(db, now)
        training = db.exec(select(Training).offset(1)).first()
        bought = factories.purchase(db, made, training, now, status="completed", completed_at=now)
        return Persona(name, db.get(User, made.user_id), purchase_id=bought.id)
    step = None if name == "applicant:registered" else name.removeprefix("applicant:")
    made = factories.applicant_at(db, now, step, via_services=True)
    return Persona(name, made, wave_id=wave_id)


def _rows(engine: sa.Engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        return {
            table.name: sorted(map(repr, conn.execute(sa.select(table))))
            for table in SQLModel.metadata.sorted_tables
            if table.name not in COUNTERS
        }


def _victims_rows(engine: sa.Engine, victim: Victim) -> dict[str, list[str]]:
    """The victim's account, participation and purchase, and every row that refers to
    one of them by foreign key."""
    keys = {"user": victim.user_id, "participant": victim.participant_id}
    keys["purchase"] = victim.purchase_id
    found: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.c:
                targets = {fk.column.table.name for fk in column.foreign_keys}
                if column.primary_key:
                    targets.add(table.name)
                for target in targets & keys.keys():
                    rows = conn.execute(sa.select(table).where(column == keys[target]))
                    found[f"{table.name}.{column.name}"] = sorted(map(repr, rows))
    return found


class Ticking(Exception):
    """A countdown's loop went on to its next second (what it should do)."""


async def _ticking(_seconds: float) -> None:
    raise Ticking


async def _send(tab: Tab, call: Call, monkeypatch) -> Any:
    """Send the call; a countdown (a background loop) is stopped at its first second."""
    with monkeypatch.context() as patched:
        patched.setattr(asyncio, "sleep", _ticking)
        try:
            return await tab.send(call.event, call.payload)
        except Ticking:
            return None


class Committed:
    """The test database's rows (the counters aside) and the victim's, re-read only when
    something was committed since the last look (SQLite's data_version tells)."""

    def __init__(self, engine: sa.Engine, victim: Victim) -> None:
        self.engine, self.victim = engine, victim
        self.watch = engine.connect()
        self.version = self._version()
        self.rows, self.theirs = _rows(engine), _victims_rows(engine, victim)

    def _version(self) -> int:
        version = self.watch.exec_driver_sql("PRAGMA data_version").scalar_one()
        self.watch.rollback()
        return version

    def changes(self) -> tuple[list[str], bool]:
        """The tables whose rows changed since the last look, and whether the victim's did."""
        version = self._version()
        if version == self.version:
            return [], False
        rows, theirs = _rows(self.engine), _victims_rows(self.engine, self.victim)
        changed = [table for table in rows if rows[table] != self.rows[table]]
        victims = theirs != self.theirs
        self.version, self.rows, self.theirs = version, rows, theirs
        return changed, victims


def _photos(folder: Path) -> list[str]:
    return sorted(map(str, folder.rglob("*"))) if folder.exists() else []


def _state_text(tab: Tab) -> str:
    """Everything the tab's state holds, backend vars too, as one string."""
    pending, parts = [tab.root], []
    while pending:
        state = pending.pop()
        parts.append(repr({k: v for k, v in vars(state).items() if not k.startswith("__")}))
        pending.extend(state.substates.values())
    return "\n".join(parts)


@pytest.mark.parametrize("persona_name", PERSONAS)
async def test_no_handler_lets_anyone_do_or_see_what_they_should_not(
    states, db, engine, program_now, victim, persona_name, tmp_path, monkeypatch
):
    persona = _persona(db, program_now, persona_name)
    photos = tmp_path / "private"
    committed = Committed(engine, victim)
    failures: list[str] = []
    effects: set[str] = set()
    for call in calls(persona, victim):
        persona.connect(states, engine)
        committed.changes()  # signing in again (after a logout) is the test's own doing
        files = _photos(photos)
        try:
            outcome = await _send(states, call, monkeypatch)
        except Exception as error:
            failures.append(f"{call}: raised {type(error).__name__}: {str(error)[:200]}")
            continue
        changed, victims = committed.changes()
        if changed and outcome != DROPPED:
            effects.add(call.handler)
        if call.forged and (changed or _photos(photos) != files):
            failures.append(f"{call}: a forged call changed {changed} or the photos")
        if persona.user is None and call.payload == {} and changed:
            failures.append(f"{call}: an anonymous call changed {changed}")
        if victims:
            failures.append(f"{call}: the victim's rows changed")
        area = console_area(call.handler)
        disclosed = (
            call.handler in DISCLOSURES
            and roles.can_read(persona.roles, area or Area.REPORTS)
            and set(changed) <= AUDIT_TABLES
        )
        if changed and area and not roles.can_act(persona.roles, area) and not disclosed:
            failures.append(f"{call}: {persona.name} may not act in {area} but changed {changed}")
        if not roles.can_read(persona.roles, Area.APPLICANTS):
            text = _state_text(states)
            if seen := [marker for marker in MARKERS_OF_THE_VICTIM if marker in text]:
                failures.append(f"{call}: the tab's state holds the victim's {seen}")
    assert failures == [], "\n".join(failures[:60])
    assert EFFECTS.get(persona_name, set()) <= effects
