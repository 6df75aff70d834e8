"""The verification queue's handlers, called as a browser could: verifiers see the
flagged applicants with their evidence (masked), approve, or reject with a reason;
auditors look; other roles are refused; forged ids decide nothing."""

import pytest
from sqlmodel import select

from prakerja_app.models import VerificationCase, utc_now
from prakerja_app.pages.admin.verification import VerificationState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, CaseStatus
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.verification import decisions, evidence, flags
from tests import factories

pytestmark = pytest.mark.anyio

PHASH = "b4f5079182d96d93"  # a photo with detail
REASON = "Foto KTP sama dengan milik pendaftar lain."


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    clock.set_program_time(db, now, utc_now())
    db.commit()


@pytest.fixture
def twins(db, now) -> list[int]:
    """Two applicants with the same KTP photo, and one the registry did not confirm."""
    made = [factories.applicant_at(db, now, Step.TEST).id for _ in range(3)]
    for user_id in made[:2]:
        evidence.record_fingerprint(db, user_id=user_id, photo="ktp_photo", phash=PHASH, now=now)
    factories.profile_of(db, made[2]).registry_status = "mismatch"
    db.commit()
    flags.sweep(db, now)
    return made


async def _page(states, db, now, *roles: AdminRole) -> VerificationState:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    page = states(VerificationState)
    await VerificationState.load.fn(page)
    return page


def _status(db, user_id: int) -> str:
    db.commit()
    return db.exec(
        select(VerificationCase.status)
        .where(VerificationCase.user_id == user_id)
        .execution_options(populate_existing=True)
    ).one()


async def test_a_verifier_sees_each_case_with_its_evidence_masked(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    assert (page.allowed, page.can_act, page.total_label) == (
        True,
        True,
        "3 kasus menunggu keputusan",
    )
    first = page.rows[0]
    (flag,) = first.flags
    assert flag.label == "Foto sama dengan pendaftar lain"
    (other,) = flag.others
    nik = factories.profile_of(db, twins[1]).nik
    assert (
        other.nik == nik[:4] + "********" + nik[-4:]
        and other.href == f"/admin/pendaftar/{twins[1]}"
    )
    assert nik not in repr(page.rows)
    assert page.rows[2].flags[0].fact == "Status dari data kependudukan: mismatch."


async def test_the_queue_filters_by_kind(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    await VerificationState.choose_kind.fn(page, {"kind": "registry"})
    assert [r.href for r in page.rows] == [f"/admin/pendaftar/{twins[2]}"]
    await VerificationState.choose_kind.fn(page, {"kind": "everything"})
    assert (page.kind, len(page.rows)) == ("", 3)


async def test_a_verifier_rejects_with_a_reason_and_approves(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    first, second = page.rows[0].id, page.rows[1].id
    VerificationState.ask_reject.fn(page, first)
    assert page.rejecting == first
    await VerificationState.reject.fn(page, {"reason": "Palsu"})
    assert page.errors == {
        "reason": "Tulis alasan penolakan paling sedikit 10 karakter; pendaftar akan membacanya."
    }
    assert _status(db, twins[0]) == CaseStatus.OPEN
    await VerificationState.reject.fn(page, {"reason": REASON})
    assert page.rejecting == 0 and page.errors == {}
    assert page.notice.startswith("Pendaftar ditolak.")
    assert _status(db, twins[0]) == CaseStatus.REJECTED
    await VerificationState.approve.fn(page, second)
    assert page.notice == "Kasus disetujui. Pendaftar tetap ikut seleksi."
    assert _status(db, twins[1]) == CaseStatus.APPROVED
    assert len(page.rows) == 1


async def test_an_auditor_looks_and_cannot_decide(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.AUDITOR)
    assert (page.allowed, page.can_act, len(page.rows)) == (True, False, 3)
    await VerificationState.approve.fn(page, page.rows[0].id)
    assert page.message == "Anda tidak berhak membuka halaman ini."
    VerificationState.ask_reject.fn(page, page.rows[1].id)
    await VerificationState.reject.fn(page, {"reason": REASON})
    assert page.message == "Anda tidak berhak membuka halaman ini."
    assert {_status(db, u) for u in twins} == {CaseStatus.OPEN}


@pytest.mark.parametrize(
    "role", [AdminRole.OPERATOR, AdminRole.SUPER_ADMIN, AdminRole.FINANCE_MAKER]
)
async def test_other_roles_are_refused_and_see_nothing(states, db, now, twins, role):
    page = await _page(states, db, now, role)
    assert (page.allowed, page.rows) == (False, [])
    assert page.denied_message == "Anda tidak berhak membuka halaman ini."
    await VerificationState.go_to_page.fn(page, 1)
    assert page.rows == []


async def test_forged_ids_decide_nothing(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    hidden = max(r.id for r in page.rows) + 1  # not on this page
    for forged in (hidden, -1, 0, 10**30):
        await VerificationState.approve.fn(page, forged)
        VerificationState.ask_reject.fn(page, forged)
    assert page.rejecting == 0
    await VerificationState.reject.fn(page, {"reason": REASON})
    await VerificationState.go_to_page.fn(page, 10**30)
    assert page.page == 1 and {_status(db, u) for u in twins} == {CaseStatus.OPEN}


async def test_a_case_decided_meanwhile_is_refused_with_the_decision(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    colleague = factories.admin(db, now, AdminRole.VERIFIER)
    decisions.approve(db, case_id=page.rows[0].id, actor_id=colleague.id, now=now)
    await VerificationState.approve.fn(page, page.rows[0].id)
    assert page.message == "Kasus ini sudah diputuskan (disetujui) dan tidak dapat diputuskan lagi."


async def test_decided_cases_are_listed_with_their_decision_and_no_buttons(states, db, now, twins):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    rejected = page.rows[0].id
    VerificationState.ask_reject.fn(page, rejected)
    await VerificationState.reject.fn(page, {"reason": REASON})
    await VerificationState.choose_kind.fn(page, {"kind": "", "shown": "decided"})
    (row,) = page.rows
    assert (row.id, row.is_open, row.status_label, row.reason) == (
        rejected,
        False,
        "Ditolak",
        REASON,
    )
    assert page.total_label == "1 kasus sudah diputuskan"
    await VerificationState.approve.fn(page, rejected)  # not open: nothing to decide
    assert _status(db, twins[0]) == CaseStatus.REJECTED and page.notice == ""
