"""The landing page's handler: the open wave and the platforms, as every worker keeps them
for a few seconds (`state.public`), so a withdrawn platform shows on every worker soon."""

import pytest
from sqlmodel import select

from prakerja_app.models import Platform, utc_now
from prakerja_app.pages.public.landing import LandingState
from prakerja_app.services.core import clock as program_clock
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.demo import seed
from prakerja_app.state import public
from prakerja_app.state.public import FRESH_FOR, SIZE, SharedAnswers
from tests.factories import ACTIVE_PLATFORMS
from tests.tabs import Clock

pytestmark = pytest.mark.anyio


async def _landing(states) -> LandingState:
    landing = states(LandingState)
    await LandingState.load.fn(landing)
    return landing


async def test_the_open_wave_and_the_platforms_are_shown(states, db):
    seed.seed_demo(db, utc_now())  # the program clock: 4 September 2020, wave 7 open
    landing = await _landing(states)
    assert (landing.wave_title, landing.wave_quota) == (
        "Gelombang 7 sedang dibuka",
        "Kuota 800.000 peserta",
    )
    assert landing.wave_closes == "Ditutup Minggu, 6 September 2020 23.59 WIB"
    assert [p.name for p in landing.platforms] == list(ACTIVE_PLATFORMS)
    assert all(p.trainings.endswith(" pelatihan") for p in landing.platforms)
    [notice] = landing.withdrawn_notices
    assert notice.startswith("Ruangguru tidak lagi menjadi platform digital Kartu Prakerja")


async def test_a_withdrawn_platform_reaches_every_worker_within_the_freshness(
    states, db, monkeypatch
):
    seed.seed_demo(db, utc_now())
    clock = Clock()
    workers = [SharedAnswers(FRESH_FOR, SIZE, clock) for _ in range(2)]

    async def shown_by(worker: SharedAnswers) -> list[str]:
        monkeypatch.setattr(public, "PUBLIC", worker)
        return [p.name for p in (await _landing(states)).platforms]

    assert [await shown_by(w) for w in workers] == [list(ACTIVE_PLATFORMS)] * 2
    tokopedia = db.exec(select(Platform).where(Platform.slug == "tokopedia")).one()
    tokopedia.status = PlatformStatus.WITHDRAWN
    tokopedia.withdrawn_at = program_clock.current(db)  # in effect at once
    db.commit()  # made through one worker, or in the database: no worker is told
    clock.now = FRESH_FOR - 0.1
    assert [await shown_by(w) for w in workers] == [list(ACTIVE_PLATFORMS)] * 2
    clock.now = FRESH_FOR
    still_active = [name for name in ACTIVE_PLATFORMS if name != "Tokopedia"]
    assert [await shown_by(w) for w in workers] == [still_active] * 2
    notices = states(LandingState).withdrawn_notices
    assert [notice.split()[0] for notice in notices] == ["Ruangguru", "Tokopedia"]


async def test_with_no_wave_open_it_says_what_registering_leads_to(states, db):
    landing = await _landing(states)  # an empty program: no wave at all
    assert landing.wave_title == "Belum ada gelombang yang dibuka"
    assert landing.wave_closes.startswith("Anda tetap dapat mendaftar sekarang")
    assert "begitu gelombang berikutnya dibuka Anda tinggal bergabung" in landing.wave_closes
