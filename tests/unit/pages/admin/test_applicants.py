"""The applicants' pages, driven as a browser could: verifiers and auditors search and
reveal with a reason; everyone else is refused; bad input changes nothing."""

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, utc_now
from prakerja_app.pages.admin.applicant import ApplicantState
from prakerja_app.pages.admin.applicants import ApplicantSearchState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, Role
from tests import factories
from tests.tabs import DROPPED

pytestmark = pytest.mark.anyio

REASON = "Memeriksa pengaduan tentang data ganda"
SEARCH = ApplicantSearchState.get_full_name()
RECORD = ApplicantState.get_full_name()


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    clock.set_program_time(db, now, utc_now())
    db.commit()


@pytest.fixture
def participant(db, now):
    """A participant with a verified phone; its profile."""
    made = factories.buyer(db, now, balance=0)
    return factories.profile_of(db, made.user_id)


def _sign_in(states, db, now, *roles: AdminRole) -> None:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))


async def _open(states, user_id: str) -> ApplicantState:
    page = states(ApplicantState)
    page.parent_state._update_router_vars(
        {
            "pathname": "/admin/pendaftar/[user_id]",
            "asPath": f"/admin/pendaftar/{user_id}",
            "query": {"user_id": user_id},
        },
        {},
    )
    await ApplicantState.load.fn(page)
    return page


def _audits(db) -> list[AuditLog]:
    db.commit()  # a fresh read: the handlers wrote on sessions of their own
    return db.exec(select(AuditLog).where(AuditLog.action.startswith("applicant."))).all()


# --- the search ----------------------------------------------------------------------


@pytest.mark.parametrize("role", [AdminRole.VERIFIER, AdminRole.AUDITOR])
async def test_verifiers_and_auditors_find_an_applicant_masked(states, db, now, participant, role):
    _sign_in(states, db, now, role)
    page = states(ApplicantSearchState)
    await ApplicantSearchState.load.fn(page)
    await states.send(f"{SEARCH}.search", {"form": {"kind": "nik", "query": participant.nik}})
    (row,) = page.rows
    assert row.user_id == participant.user_id and participant.nik not in repr(page.rows)
    assert page.errors == {} and page.searched


@pytest.mark.parametrize(
    ("form", "field", "text"),
    [
        ({"kind": "email", "query": ""}, "query", "Isi kata pencarian."),
        ({"kind": "nama", "query": "Budi"}, "kind", "Pilih cari berdasarkan"),
        ({"kind": "nik", "query": "12345"}, "query", "NIK harus 16 digit"),
        ({"kind": "phone", "query": "nomor"}, "query", "Nomor HP tidak valid"),
        ({"kind": ["email"], "query": {"$ne": ""}}, "kind", "Pilih cari berdasarkan"),
    ],
)
async def test_bad_searches_are_explained_and_keep_the_results(
    states, db, now, participant, form, field, text
):
    _sign_in(states, db, now, AdminRole.VERIFIER)
    page = states(ApplicantSearchState)
    await ApplicantSearchState.load.fn(page)
    await states.send(f"{SEARCH}.search", {"form": {"kind": "nik", "query": participant.nik}})
    await states.send(f"{SEARCH}.search", {"form": form})
    assert page.errors[field].startswith(text)
    assert [r.user_id for r in page.rows] == [participant.user_id]


async def test_paging_takes_only_whole_page_numbers(states, db, now, participant):
    _sign_in(states, db, now, AdminRole.VERIFIER)
    page = states(ApplicantSearchState)
    await ApplicantSearchState.load.fn(page)
    assert await states.send(f"{SEARCH}.go_to_page", {"page": "2"}) == DROPPED
    await states.send(f"{SEARCH}.go_to_page", {"page": 2})  # nothing searched yet
    assert (page.searched, page.page) == (False, 1)


@pytest.mark.parametrize("role", [AdminRole.OPERATOR, AdminRole.FINANCE_MAKER])
async def test_other_admins_cannot_search(states, db, now, participant, role):
    _sign_in(states, db, now, role)
    page = states(ApplicantSearchState)
    await ApplicantSearchState.load.fn(page)
    assert (page.allowed, page.denied_message) == (False, "Anda tidak berhak membuka halaman ini.")
    await states.send(f"{SEARCH}.search", {"form": {"kind": "nik", "query": participant.nik}})
    assert page.rows == [] and page.message == "Anda tidak berhak membuka halaman ini."


async def test_anonymous_callers_are_sent_to_login(states):
    page = states(ApplicantSearchState)
    assert await ApplicantSearchState.load.fn(page) is not None
    assert page.allowed is False


# --- the applicant's page ------------------------------------------------------------


async def test_the_page_shows_the_applicant_masked(states, db, now, participant):
    _sign_in(states, db, now, AdminRole.AUDITOR)
    page = await _open(states, str(participant.user_id))
    assert page.record.user_id == participant.user_id
    assert participant.nik not in repr(page.record) and page.nik == ""


@pytest.mark.parametrize("raw", ["0", "abc", "1e3", "-1", "99999999", "9" * 12])
async def test_a_wrong_or_unknown_id_is_no_applicant(states, db, now, raw):
    _sign_in(states, db, now, AdminRole.VERIFIER)
    page = await _open(states, raw)
    assert (page.record.user_id, page.message) == (0, "Pendaftar tidak ditemukan.")


@pytest.mark.parametrize("role", [AdminRole.VERIFIER, AdminRole.AUDITOR])
async def test_revealing_the_nik_takes_a_reason_and_is_audited(states, db, now, participant, role):
    _sign_in(states, db, now, role)
    page = await _open(states, str(participant.user_id))
    await states.send(f"{RECORD}.ask", {"what": "nik"})
    await states.send(f"{RECORD}.reveal", {"form": {"reason": "cek"}})
    assert page.errors["reason"] == "Tulis alasan yang jelas, minimal 10 karakter."
    assert (page.nik, _audits(db)) == ("", [])
    await states.send(f"{RECORD}.reveal", {"form": {"reason": REASON}})
    assert (page.nik, page.asking, page.errors) == (participant.nik, "", {})
    (entry,) = _audits(db)
    assert (entry.action, entry.entity_id) == ("applicant.reveal_nik", str(participant.user_id))
    await ApplicantState.load.fn(page)  # coming back: nothing revealed lingers
    assert page.nik == ""
    await states.send(f"{RECORD}.reveal", {"form": {"reason": REASON}})  # no form asked for
    assert page.nik == "" and len(_audits(db)) == 1


async def test_leaving_the_page_forgets_what_was_revealed(states, db, now, participant):
    _sign_in(states, db, now, AdminRole.VERIFIER)
    page = await _open(states, str(participant.user_id))
    await states.send(f"{RECORD}.ask", {"what": "nik"})
    await states.send(f"{RECORD}.reveal", {"form": {"reason": REASON}})
    assert page.nik == participant.nik
    await states.send(f"{RECORD}.leave", {})
    assert (page.nik, page.photos) == ("", [])


async def test_an_unknown_reveal_opens_nothing(states, db, now, participant):
    _sign_in(states, db, now, AdminRole.VERIFIER)
    page = await _open(states, str(participant.user_id))
    await states.send(f"{RECORD}.ask", {"what": "password_hash"})
    assert page.asking == ""


async def test_a_session_that_lost_the_role_reveals_nothing(states, db, now, participant):
    _sign_in(states, db, now, AdminRole.VERIFIER)
    page = await _open(states, str(participant.user_id))
    await states.send(f"{RECORD}.ask", {"what": "nik"})
    states.connect(factories.session_token(db, factories.user(db, now, role=Role.APPLICANT)))
    await states.send(f"{RECORD}.reveal", {"form": {"reason": REASON}})
    assert page.nik == "" and _audits(db) == []


async def test_revealing_the_photos_shows_them_from_the_private_folder(
    states, db, now, monkeypatch, tmp_path
):
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path))
    factories.cheap_password_hashing(monkeypatch)
    factories.motivation_setting(db)
    made = factories.applicant_at(db, now, None, via_services=True)
    _sign_in(states, db, now, AdminRole.AUDITOR)
    page = await _open(states, str(made.id))
    assert page.record.has_photos and page.photos == []
    await states.send(f"{RECORD}.ask", {"what": "photos"})
    await states.send(f"{RECORD}.reveal", {"form": {"reason": REASON}})
    assert [p.label for p in page.photos] == ["Foto KTP", "Foto selfie dengan KTP"]
    assert all(p.src.startswith("data:image/jpeg;base64,") for p in page.photos)
    assert [e.action for e in _audits(db)] == ["applicant.reveal_photos"]
