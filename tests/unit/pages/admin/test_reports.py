"""The reports page: every admin role sees it, nobody else; a CSV export holds the table."""

import base64

import pytest

from prakerja_app.models import utc_now
from prakerja_app.pages.admin.reports import ReportsState
from prakerja_app.services.core.vocab import AdminRole
from tests import factories

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("role", list(AdminRole))
async def test_every_admin_role_sees_the_reports(states, db, role):
    factories.wave(db, utc_now())
    states.connect(factories.session_token(db, factories.admin(db, utc_now(), role)))
    page = states(ReportsState)
    await ReportsState.load.fn(page)
    assert page.allowed and page.funnel[0]["stage"] == "Mendaftar"


async def test_applicants_get_no_figures_and_no_export(states, db):
    states.connect(factories.session_token(db, factories.user(db, utc_now())))
    page = states(ReportsState)
    await ReportsState.load.fn(page)
    assert (page.allowed, page.funnel, page.platforms) == (False, [], [])
    assert await ReportsState.export.fn(page, "funnel") is None


async def test_a_csv_export_holds_the_shown_table_and_odd_names_are_ignored(states, db):
    wave = factories.wave(db, utc_now())
    states.connect(factories.session_token(db, factories.admin(db, utc_now(), AdminRole.AUDITOR)))
    page = states(ReportsState)
    await ReportsState.load.fn(page)
    download = await ReportsState.export.fn(page, "funnel")
    assert f"laporan-funnel-gelombang-{wave.number}.csv" in str(download)
    encoded = str(download.args[0][1]).strip('"').partition("base64,")[2]
    csv_text = base64.b64decode(encoded).decode()
    assert csv_text.startswith("Tahap,Jumlah") and "Mendaftar,0,0.0" in csv_text
    for forged in ("../etc/passwd", None, ["funnel"]):
        assert await ReportsState.export.fn(page, forged) is None
    await ReportsState.choose_wave.fn(page, "999999")
    assert page.wave == str(wave.number) or page.wave in page.waves
