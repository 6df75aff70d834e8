"""A verifier's decisions: approve, or reject with a reason; once only; audited; and a
rejection keeps the applicant out of the draw while an open case does not."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, VerificationCase, WaveApplication
from prakerja_app.services.core.vocab import AdminRole, CaseStatus
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.selection import draw
from prakerja_app.services.verification import decisions, flags
from prakerja_app.services.verification.errors import VerificationError
from prakerja_app.services.views import dashboard
from tests import factories

REASON = "Foto KTP sama dengan milik pendaftar lain."


def _case(db, now, user_id: int | None = None) -> VerificationCase:
    """An open case: an applicant the registry did not confirm."""
    if user_id is None:
        user_id = factories.applicant_at(db, now, Step.TEST).id
    factories.profile_of(db, user_id).registry_status = "mismatch"
    db.commit()
    flags.sweep(db, now)
    return db.exec(select(VerificationCase).where(VerificationCase.user_id == user_id)).one()


@pytest.fixture
def verifier(db, now):
    return factories.admin(db, now, AdminRole.VERIFIER)


def _fresh(db, case: VerificationCase) -> VerificationCase:
    db.commit()
    db.refresh(case)
    return case


def test_a_rejection_keeps_its_reason_and_is_audited(db, now, verifier):
    case = _case(db, now)
    decisions.reject(db, case_id=case.id, actor_id=verifier.id, reason=f"  {REASON}  ", now=now)
    case = _fresh(db, case)
    assert (case.status, case.reason, case.decided_by) == (CaseStatus.REJECTED, REASON, verifier.id)
    assert decisions.rejection_of(db, case.user_id) == REASON
    entry = db.exec(select(AuditLog).where(AuditLog.action == "verification.rejected")).one()
    assert (entry.actor_user_id, entry.entity_id) == (verifier.id, str(case.user_id))


def test_an_approval_is_audited_and_shows_no_reason(db, now, verifier):
    case = _case(db, now)
    decisions.approve(db, case_id=case.id, actor_id=verifier.id, now=now)
    assert _fresh(db, case).status == CaseStatus.APPROVED
    assert decisions.rejection_of(db, case.user_id) is None
    assert db.exec(select(AuditLog).where(AuditLog.action == "verification.approved")).one()


@pytest.mark.parametrize("reason", ["", "   ", "Palsu.", "a  b  c  d"])
def test_a_short_reason_is_refused_next_to_its_field(db, now, verifier, reason):
    case = _case(db, now)
    error = factories.refused(
        db, decisions.reject, case_id=case.id, actor_id=verifier.id, reason=reason, now=now
    )
    assert (error.code, error.field) == (VerificationError.REASON_SHORT, "reason")
    assert error.details == {"minimum": decisions.REASON_MIN}


def test_a_long_reason_is_refused(db, now, verifier):
    case = _case(db, now)
    error = factories.refused(
        db, decisions.reject, case_id=case.id, actor_id=verifier.id, reason="x" * 301, now=now
    )
    assert (error.code, error.field) == (VerificationError.REASON_LONG, "reason")


@pytest.mark.parametrize("first", ["approve", "reject"])
def test_a_decided_case_cannot_be_decided_again(db, now, verifier, first):
    case = _case(db, now)
    if first == "approve":
        decisions.approve(db, case_id=case.id, actor_id=verifier.id, now=now)
    else:
        decisions.reject(db, case_id=case.id, actor_id=verifier.id, reason=REASON, now=now)
    later = now + timedelta(minutes=5)
    for again in (
        lambda db: decisions.approve(db, case_id=case.id, actor_id=verifier.id, now=later),
        lambda db: decisions.reject(
            db, case_id=case.id, actor_id=verifier.id, reason=REASON, now=later
        ),
    ):
        error = factories.refused(db, again)
        assert error.code == VerificationError.DECIDED
        assert error.details == {"status": "approved" if first == "approve" else "rejected"}


def test_an_unknown_case_is_refused(db, now, verifier):
    error = factories.refused(db, decisions.approve, case_id=999, actor_id=verifier.id, now=now)
    assert error.code == VerificationError.CASE_UNKNOWN


def test_the_draw_excludes_the_rejected_only(db, now, verifier):
    wave = factories.wave(db, now, quota=100)
    draw.commit_seed(db, wave.id, now)
    db.commit()
    rejected, approved, pending, plain = factories.wave_applicants(db, wave.id, now, 4)
    user = {a: db.get(WaveApplication, a).user_id for a in (rejected, approved, pending, plain)}
    for application, decide in ((rejected, "reject"), (approved, "approve"), (pending, None)):
        case = _case(db, now, user[application])
        if decide == "reject":
            decisions.reject(db, case_id=case.id, actor_id=verifier.id, reason=REASON, now=now)
        elif decide == "approve":
            decisions.approve(db, case_id=case.id, actor_id=verifier.id, now=now)
    report = factories.announced(db, wave)
    assert (report.excluded, report.selected) == (1, 3)
    found = db.get(WaveApplication, rejected, populate_existing=True)
    assert (found.result, found.reason_code) == ("excluded", "verification_rejected")
    entries = draw.published_draw(db, wave.number)
    assert sorted(draw.verify_draw(report.seed, entries, quota=100)) == [approved, pending, plain]


def test_the_rejected_applicant_reads_the_reason_on_the_dashboard(db, now, verifier):
    wave = factories.wave(db, now)
    (application,) = factories.wave_applicants(db, wave.id, now, 1)
    user_id = db.get(WaveApplication, application).user_id
    case = _case(db, now, user_id)
    assert dashboard.overview(db, user_id=user_id, now=now).banner.title == "Menunggu hasil seleksi"
    decisions.reject(db, case_id=case.id, actor_id=verifier.id, reason=REASON, now=now)
    seen = dashboard.overview(db, user_id=user_id, now=now)
    assert seen.status == dashboard.REJECTED and seen.reason == REASON
    assert REASON in seen.banner.text and "tidak lolos verifikasi" in seen.banner.title
