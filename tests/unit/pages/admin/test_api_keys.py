"""The console's API keys page, called as a browser could: an operator issues a key,
sees it once, rotates it; everyone sees the calls; auditors change nothing; forged
arguments change nothing."""

import json

import pytest
from sqlmodel import select

from prakerja_app.models import ApiCall, AuditLog, TrainingProvider, utc_now
from prakerja_app.pages.admin.api_keys import ApiKeysState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.marketplace import api_credentials
from tests import factories

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    clock.set_program_time(db, now, utc_now())
    db.commit()


@pytest.fixture
def lembaga(db, now):
    made = factories.provider(db, name="Dapur Nusantara")
    db.add_all(
        [
            ApiCall(
                provider_id=made.id,
                endpoint="commit",
                http_status=status,
                error_code=code,
                duration_ms=12,
                called_at=now,
            )
            for status, code in ((200, None), (401, "signature_invalid"))
        ]
    )
    db.commit()
    return made


async def _page(states, db, now, *roles: AdminRole) -> ApiKeysState:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    page = states(ApiKeysState)
    await ApiKeysState.load.fn(page)
    return page


def _fresh(db, row):
    db.commit()
    db.refresh(row)
    return row


async def test_an_operator_issues_a_key_sees_it_once_and_rotates_it(states, db, now, lembaga):
    page = await _page(states, db, now, AdminRole.OPERATOR)
    [row] = page.providers
    assert (row.name, row.has_key, row.key_label) == ("Dapur Nusantara", False, "Belum ada kunci")
    assert (row.calls, row.errors) == (2, 1)

    await ApiKeysState.ask_key.fn(page, str(lembaga.id))
    assert (page.confirm_name, page.confirm_rotates) == ("Dapur Nusantara", False)
    await ApiKeysState.issue_key.fn(page, True)
    first = page.new_key.sign_key
    assert len(first) >= 40 and page.new_key.client_code == f"lp-{lembaga.slug}"
    assert page.new_key.previous == "Tidak ada kunci lama yang masih diterima."
    assert page.providers[0].has_key is True
    stored = _fresh(db, lembaga)
    assert first not in (stored.sign_key_sealed or "")
    assert api_credentials.current_key(stored) == first
    ApiKeysState.close_key.fn(page, False)
    assert page.new_key.sign_key == ""
    await ApiKeysState.issue_key.fn(page, True)  # nothing confirmed: nothing issued
    assert page.new_key.sign_key == "" and api_credentials.current_key(_fresh(db, lembaga)) == first

    await ApiKeysState.ask_key.fn(page, str(lembaga.id))
    assert page.confirm_rotates is True
    await ApiKeysState.issue_key.fn(page, True)
    second = page.new_key.sign_key
    assert second != first
    assert page.new_key.previous == (
        "Kunci lama tetap diterima sampai Sabtu, 5 September 2020 10.00 WIB, lalu ditolak."
    )
    assert page.providers[0].previous_label.startswith("Kunci lama masih berlaku sampai")
    assert api_credentials.accepted_keys(_fresh(db, lembaga), now) == [second, first]
    actions = db.exec(select(AuditLog.action, AuditLog.after_json)).all()
    assert [a for a, _ in actions if a.startswith("api_key")] == [
        "api_key.issue",
        "api_key.rotate",
    ]
    assert not any(first in (after or "") or second in (after or "") for _, after in actions)


async def test_the_calls_of_a_provider_are_shown_paged(states, db, now, lembaga):
    page = await _page(states, db, now, AdminRole.AUDITOR)
    await ApiKeysState.show_calls.fn(page, str(lembaga.id))
    assert page.calls_provider == "Dapur Nusantara"
    assert page.calls_errors == "1 dari 2 panggilan ditolak"
    assert {c.outcome for c in page.calls} == {"Berhasil", "Ditolak: signature_invalid"}
    await ApiKeysState.go_calls_page.fn(page, 99)
    assert (page.calls_page, page.calls_pages) == (1, 1)


async def test_an_auditor_reads_and_issues_nothing(states, db, now, lembaga):
    page = await _page(states, db, now, AdminRole.AUDITOR)
    assert (page.allowed, page.can_act, len(page.providers)) == (True, False, 1)
    await ApiKeysState.ask_key.fn(page, str(lembaga.id))
    await ApiKeysState.issue_key.fn(page, True)
    assert page.message == "Anda tidak berhak membuka halaman ini."
    assert page.new_key.sign_key == ""
    assert _fresh(db, lembaga).sign_key_sealed is None


async def test_others_are_refused(states, db, now, lembaga):
    anonymous = states(ApiKeysState)
    assert await ApiKeysState.load.fn(anonymous) is not None
    page = await _page(states, db, now, AdminRole.VERIFIER)
    assert (page.allowed, page.providers) == (False, [])
    await ApiKeysState.show_calls.fn(page, str(lembaga.id))
    assert page.calls == []


@pytest.mark.parametrize("forged", [None, [], ["1"], {"id": 1}, 10**30, "1" * 40, True, "-1"])
async def test_forged_arguments_change_nothing(states, db, now, lembaga, forged):
    page = await _page(states, db, now, AdminRole.OPERATOR)
    await ApiKeysState.ask_key.fn(page, forged)
    assert page.confirm_id == 0
    await ApiKeysState.issue_key.fn(page, forged)
    await ApiKeysState.show_calls.fn(page, forged)
    await ApiKeysState.go_page.fn(page, forged)
    await ApiKeysState.go_calls_page.fn(page, forged)
    ApiKeysState.show_confirm.fn(page, forged)
    ApiKeysState.close_key.fn(page, forged)
    assert page.calls_id == 0 and page.new_key.sign_key == ""
    assert _fresh(db, lembaga).sign_key_sealed is None
    assert db.exec(select(TrainingProvider)).all()
    assert "sign_key_sealed" not in json.dumps([p.__dict__ for p in page.providers])
