"""Revealing an applicant's whole NIK or photos: a reason, an audit row, then the value."""

import json

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.registration import disclosure
from prakerja_app.services.registration.errors import RegistrationError
from tests import factories

REASON = "Memeriksa pengaduan nomor 42 tentang NIK ganda"


@pytest.fixture
def verifier(db, now):
    return factories.admin(db, now, AdminRole.VERIFIER)


@pytest.fixture
def registered(db, now, registration_env, motivation_setting):
    return factories.applicant_at(db, now, None, via_services=True)


def _audits(db) -> list[AuditLog]:
    return db.exec(select(AuditLog).where(AuditLog.action.startswith("applicant."))).all()


def test_the_nik_is_returned_once_the_disclosure_is_audited(db, now, verifier, registered):
    nik = disclosure.reveal_nik(
        db, now=now, actor_id=verifier.id, user_id=registered.id, reason=f"  {REASON}  "
    )
    assert nik == factories.profile_of(db, registered.id).nik
    db.rollback()  # what was recorded is committed
    (entry,) = _audits(db)
    assert (entry.actor_user_id, entry.action, entry.entity, entry.entity_id) == (
        verifier.id,
        "applicant.reveal_nik",
        "user",
        str(registered.id),
    )
    assert json.loads(entry.after_json) == {"reason": REASON}


def test_the_photos_come_as_data_uris_from_the_private_folder(db, now, verifier, registered):
    shown = disclosure.reveal_photos(
        db, now=now, actor_id=verifier.id, user_id=registered.id, reason=REASON
    )
    assert set(shown) == {"ktp_photo", "selfie_photo"}
    assert all(uri.startswith("data:image/jpeg;base64,") for uri in shown.values())
    assert [e.action for e in _audits(db)] == ["applicant.reveal_photos"]


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        ("", RegistrationError.REASON_TOO_SHORT),
        ("cek      ", RegistrationError.REASON_TOO_SHORT),
        ("x" * 301, RegistrationError.REASON_TOO_LONG),
    ],
)
@pytest.mark.parametrize("reveal", [disclosure.reveal_nik, disclosure.reveal_photos])
def test_a_missing_or_odd_reason_reveals_and_records_nothing(
    db, now, verifier, registered, reveal, reason, code
):
    refusal = factories.refused(
        db, reveal, now=now, actor_id=verifier.id, user_id=registered.id, reason=reason
    )
    assert (refusal.code, refusal.field) == (code, "reason")


def test_only_applicants_with_the_data_can_be_revealed(db, now, verifier):
    early = factories.applicant_at(db, now, "nik")  # no NIK, no photos yet
    cases = [
        (disclosure.reveal_nik, early.id, RegistrationError.NIK_MISSING),
        (disclosure.reveal_photos, early.id, RegistrationError.PHOTOS_MISSING),
        (disclosure.reveal_nik, verifier.id, RegistrationError.APPLICANT_UNKNOWN),
        (disclosure.reveal_photos, 999_999, RegistrationError.APPLICANT_UNKNOWN),
    ]
    for reveal, user_id, code in cases:
        refusal = factories.refused(
            db, reveal, now=now, actor_id=verifier.id, user_id=user_id, reason=REASON
        )
        assert refusal.code == code
