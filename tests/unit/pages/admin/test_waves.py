"""The waves page's handlers, called as a browser could: operators act, auditors look, and
the draw is followed until it ends."""

import pytest
from sqlmodel import select

from prakerja_app.jobs import huey
from prakerja_app.models import AuditLog, Wave
from prakerja_app.pages.admin import waves as page
from prakerja_app.pages.admin.waves import WavesState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, Role, WaveStatus
from prakerja_app.services.views import wave_console
from tests import factories
from tests.tabs import DROPPED

pytestmark = pytest.mark.anyio

FORM = {
    "number": "12",
    "opens_at": "2020-09-04T08:00",
    "closes_at": "2020-09-10T12:00",
    "quota": "2",
    "kk_cap": "",
    "scope": "all",
}


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    """The program clock stands at the demo's moment (4 September 2020, 10:00 WIB)."""
    from prakerja_app.models import utc_now

    clock.set_program_time(db, now, utc_now())
    db.commit()


async def _page(states, db, now, *roles: AdminRole) -> WavesState:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    waves_page = states(WavesState)
    await WavesState.load.fn(waves_page)
    return waves_page


def _wave(db) -> Wave:
    db.commit()  # a fresh read: the handlers wrote on sessions of their own
    return db.exec(select(Wave).where(Wave.number == 12)).one()


def _queued() -> list[str]:
    """The tasks queued, besides the delivery nudges every action sends."""
    return [task.name for task in huey.pending() if task.name != "deliver"]


def _work(name: str) -> None:
    """A worker takes everything queued and runs the tasks named `name`."""
    for task in iter(huey.dequeue, None):
        if task.name == name:
            huey.execute(task)


async def _do(waves_page: WavesState, wave_id: int, action: str):
    WavesState.ask.fn(waves_page, wave_id, action)
    return await WavesState.confirm.fn(waves_page)


async def test_nobody_signed_in_is_sent_to_login_and_applicants_are_refused(states, db, now):
    waves_page = states(WavesState)
    assert await WavesState.load.fn(waves_page) is not None  # rx.redirect to the login page
    states.connect(factories.session_token(db, factories.user(db, now, role=Role.APPLICANT)))
    await WavesState.load.fn(waves_page)
    assert (waves_page.allowed, waves_page.waves) == (False, [])
    assert waves_page.denied_message == "Anda tidak berhak membuka halaman ini."


async def test_an_operator_creates_opens_closes_draws_and_publishes_a_wave(states, db, now):
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    assert waves_page.can_act
    await WavesState.new_wave.fn(waves_page)
    assert waves_page.form_open and waves_page.draft["number"] == "1"  # the first wave
    await WavesState.save.fn(waves_page, FORM)
    assert (waves_page.form_open, waves_page.notice) == (False, "Gelombang 12 disimpan.")
    (card,) = [w for w in waves_page.waves if w.title == "Gelombang 12"]
    assert (card.status_label, card.can_edit, card.can_open) == ("Terjadwal", True, True)

    await _do(waves_page, card.wave_id, "open")
    assert waves_page.notice == "Gelombang 12 dibuka. Hash benih undian sudah diumumkan."
    factories.wave_applicants(db, card.wave_id, now, 3)
    await _do(waves_page, card.wave_id, "draw")  # still open
    assert waves_page.message.startswith("Seleksi Gelombang 12 baru dapat dijalankan setelah")
    assert waves_page.acted_wave == card.wave_id  # shown on the wave's card
    await _do(waves_page, card.wave_id, "close")
    assert _wave(db).status == WaveStatus.CLOSED

    follow = await _do(waves_page, card.wave_id, "draw")
    assert follow is WavesState.watch
    assert _queued() == ["draw_wave"]
    (card,) = [w for w in waves_page.waves if w.title == "Gelombang 12"]
    assert (card.busy, card.progress, card.status_label) == (True, 5, "Undian berjalan")
    _work("draw_wave")
    await WavesState.load.fn(waves_page)
    (card,) = [w for w in waves_page.waves if w.title == "Gelombang 12"]
    assert (card.selected, card.not_selected, card.excluded, card.seed) == ("2", "1", "0", "")
    assert card.can_publish

    await _do(waves_page, card.wave_id, "publish")
    assert _queued() == ["announce_results"]
    (card,) = [w for w in waves_page.waves if w.title == "Gelombang 12"]
    assert card.seed == _wave(db).seed and card.busy
    actions = db.exec(select(AuditLog.action).where(AuditLog.entity_id == str(card.wave_id)))
    assert {"wave.create", "wave.open", "wave.close", "wave.draw_start", "wave.publish"} <= set(
        actions.all()
    )


async def test_refusals_show_next_to_their_fields_and_keep_the_form_open(states, db, now):
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    await WavesState.new_wave.fn(waves_page)
    await WavesState.save.fn(waves_page, FORM | {"quota": "0", "closes_at": "2020-09-01T12:00"})
    assert waves_page.form_open
    assert waves_page.errors["quota"].startswith("Kuota harus berupa bilangan bulat positif")
    assert waves_page.errors["closes_at"] == "Waktu tutup harus sesudah waktu buka."
    assert waves_page.message == "Periksa kembali isian yang ditandai."
    assert db.exec(select(Wave).where(Wave.number == 12)).first() is None


async def test_editing_shows_the_waves_settings_in_wib(states, db, now):
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    await WavesState.save.fn(waves_page, FORM | {"pq_31": "1"})
    await WavesState.edit.fn(waves_page, _wave(db).id)
    assert waves_page.editing == _wave(db).id
    draft = waves_page.draft
    assert (draft["opens_at"], draft["closes_at"], draft["pq_31"]) == (
        "2020-09-04T08:00",
        "2020-09-10T12:00",
        "1",
    )
    await WavesState.save.fn(waves_page, FORM | {"quota": "5"})
    assert _wave(db).quota == 5


async def test_an_auditor_sees_the_waves_but_every_change_is_refused(states, db, now):
    factories.wave(db, now, number=12, status=WaveStatus.SCHEDULED)
    waves_page = await _page(states, db, now, AdminRole.AUDITOR)
    assert (waves_page.allowed, waves_page.can_act) == (True, False)
    assert any(w.title == "Gelombang 12" for w in waves_page.waves)
    before = factories.table_rows(db)
    await WavesState.new_wave.fn(waves_page)
    assert not waves_page.form_open
    await WavesState.save.fn(waves_page, FORM | {"number": "13"})
    for action in ("open", "close", "draw", "publish"):
        await _do(waves_page, _wave(db).id, action)
        assert waves_page.message == "Anda tidak berhak membuka halaman ini."
    assert factories.table_rows(db) == before


async def test_forged_calls_are_dropped_or_ignored(states, db, now):
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    name = WavesState.get_full_name()
    assert await states.send(f"{name}.save", {"form": "12"}) == DROPPED
    assert await states.send(f"{name}.ask", {"wave_id": "1", "action": "open"}) == DROPPED
    WavesState.ask.fn(waves_page, 1, "delete")
    WavesState.ask.fn(waves_page, 10**30, "open")
    assert waves_page.confirm_wave == 0
    await WavesState.confirm.fn(waves_page)  # nothing asked: nothing done
    assert waves_page.notice == ""
    for wave_id in (999, 10**30, -1):
        await WavesState.edit.fn(waves_page, wave_id)
        assert waves_page.message == "Gelombang tidak ditemukan."


async def test_the_page_follows_a_running_draw_until_its_counts_are_in(
    states, db, now, monkeypatch
):
    operator = factories.admin(db, now, AdminRole.OPERATOR)
    wave = factories.wave(db, now, number=12, quota=1, status=WaveStatus.SCHEDULED)
    states.connect(factories.session_token(db, operator))
    waves_page = states(WavesState)
    await WavesState.load.fn(waves_page)
    await _do(waves_page, wave.id, "open")
    factories.wave_applicants(db, wave.id, now, 2)
    await _do(waves_page, wave.id, "close")
    await _do(waves_page, wave.id, "draw")
    seen = []

    async def worker_runs_the_draw():
        seen.append([(w.progress, w.busy) for w in waves_page.waves if w.wave_id == wave.id])
        _work("draw_wave")

    monkeypatch.setattr(page, "_pause", worker_runs_the_draw)
    await states.send(f"{WavesState.get_full_name()}.watch", {})
    (card,) = [w for w in waves_page.waves if w.wave_id == wave.id]
    assert seen == [[(5, True)]]
    assert (card.busy, card.selected, card.not_selected) == (False, "1", "1")
    assert waves_page._watching is False


def test_every_draw_stage_has_its_place_on_the_bar():
    from prakerja_app.services.core.vocab import DrawStage

    bar = [wave_console.DRAW_STAGES[stage][0] for stage in (None, *DrawStage)]
    assert bar == sorted(bar) and bar[-1] < 100


async def test_a_wave_from_before_this_system_shows_its_recorded_selected_count(states, db, now):
    factories.wave(
        db,
        now,
        number=3,
        status=WaveStatus.ANNOUNCED,
        selected_count=224_615,
        results_queued_at=now,
    )
    waves_page = await _page(states, db, now, AdminRole.AUDITOR)
    (card,) = waves_page.waves
    unknown = wave_console.UNKNOWN
    assert (card.applications, card.selected, card.not_selected) == (unknown, "224.615", unknown)
    assert card.status_label == "Hasil diumumkan"


async def test_the_provinces_unfold_when_they_hold_a_value_or_a_refusal(states, db, now):
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    await WavesState.new_wave.fn(waves_page)
    assert waves_page.provinces_open is False
    await WavesState.save.fn(waves_page, FORM | {"pq_31": "abc"})
    assert waves_page.provinces_open and "pq_31" in waves_page.errors
    await WavesState.save.fn(waves_page, FORM | {"pq_31": "1"})
    await WavesState.edit.fn(waves_page, _wave(db).id)
    assert waves_page.provinces_open


async def test_a_queue_that_cannot_be_reached_is_said_plainly(states, db, now, monkeypatch):
    wave = factories.wave(db, now, number=12, status=WaveStatus.SCHEDULED)
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    await _do(waves_page, wave.id, "open")
    await _do(waves_page, wave.id, "close")

    def unreachable(*args):
        raise ConnectionError("redis")

    monkeypatch.setattr(page.tasks, "queue_draw", unreachable)
    await _do(waves_page, wave.id, "draw")
    assert waves_page.message == page.QUEUE_DOWN and waves_page.notice == ""


async def test_a_failed_look_at_a_running_draw_is_followed_by_another(states, db, now, monkeypatch):
    waves_page = await _page(states, db, now, AdminRole.OPERATOR)
    looks = []

    def flaky(db, now):
        looks.append(now)
        if len(looks) == 1:
            raise RuntimeError("database is locked")
        return [], False

    async def no_wait():
        return None

    monkeypatch.setattr(page, "_pause", no_wait)
    monkeypatch.setattr(wave_console, "cards", flaky)
    await states.send(f"{WavesState.get_full_name()}.watch", {})
    assert len(looks) == 2 and waves_page._watching is False
