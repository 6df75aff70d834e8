"""Which data raises a flag, when, and how flags become cases in the queue."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from prakerja_app.models import (
    OtpCode,
    VerificationCase,
    VerificationFlag,
    WaveApplication,
)
from prakerja_app.services.core.vocab import CaseStatus, FlagKind
from prakerja_app.services.registration import personal_data
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.verification import evidence, flags
from tests import factories


@pytest.fixture(autouse=True)
def _env(registration_env):
    return registration_env


def _submitted(db, now, ktp: bytes, selfie: bytes) -> int:
    """An applicant who clicks "Kirim data" with these photos; their user id."""
    made = factories.applicant_at(db, now, Step.PERSONAL, via_services=True)
    personal_data.save_form(db, user_id=made.id, answers=factories.personal_form(), now=now)
    personal_data.save_photo(db, user_id=made.id, field="ktp_photo", data=ktp, now=now)
    personal_data.save_photo(db, user_id=made.id, field="selfie_photo", data=selfie, now=now)
    personal_data.submit(db, user_id=made.id, honesty=True, now=now)
    return made.id


def _flags(db, user_id: int) -> set[tuple[str, int | None]]:
    db.commit()
    rows = db.exec(select(VerificationFlag).where(VerificationFlag.user_id == user_id)).all()
    return {(f.kind, f.other_user_id) for f in rows}


def _cases(db, user_id: int) -> list[VerificationCase]:
    db.commit()
    return list(
        db.exec(
            select(VerificationCase)
            .where(VerificationCase.user_id == user_id)
            .order_by(VerificationCase.id)
            .execution_options(populate_existing=True)
        )
    )


def test_the_same_ktp_photo_under_two_niks_flags_both_at_submission(db, now, photo):
    first = _submitted(db, now, photo(1), photo(11))
    assert _cases(db, first) == []
    second = _submitted(db, now, photo(1, quality=50), photo(12))  # re-encoded copy
    other = _submitted(db, now, photo(2), photo(13))
    assert _flags(db, first) == {(FlagKind.PHOTO, second)}
    assert _flags(db, second) == {(FlagKind.PHOTO, first)}
    assert _flags(db, other) == set()
    (case,) = _cases(db, first)
    assert case.status == CaseStatus.OPEN and case.opened_at == now


def test_a_selfie_reused_as_someone_elses_ktp_photo_is_the_same_photo(db, now, photo):
    first = _submitted(db, now, photo(21), photo(22))
    second = _submitted(db, now, photo(22), photo(23))
    assert _flags(db, second) == {(FlagKind.PHOTO, first)}


def test_blank_photos_raise_no_flag(db, now):
    blank = factories.photo_bytes()
    first = _submitted(db, now, blank, blank)
    second = _submitted(db, now, blank, blank)
    assert _flags(db, first) == _flags(db, second) == set()


def test_a_sweep_finds_each_flag_once(db, now, photo):
    first = _submitted(db, now, photo(31), photo(32))
    second = _submitted(db, now, photo(31), photo(33))
    before = _flags(db, first)
    assert flags.sweep(db, now + timedelta(hours=1)) == flags.DetectReport(0, 0)
    assert _flags(db, first) == before and len(_cases(db, second)) == 1


def test_many_accounts_from_one_client_beyond_the_cap(db, now):
    crowd = [factories.applicant_at(db, now, Step.TEST).id for _ in range(flags.CLIENT_CAP + 1)]
    alone = factories.applicant_at(db, now, Step.TEST).id
    for user_id in crowd:
        evidence.record_origin(db, user_id=user_id, client="203.0.113.9", now=now)
    evidence.record_origin(db, user_id=alone, client="203.0.113.10", now=now)
    db.commit()
    report = flags.sweep(db, now)
    assert report.cases == len(crowd)
    assert _flags(db, crowd[0]) == {(FlagKind.CLIENT, other) for other in crowd[1:]}
    assert _flags(db, alone) == set()
    detail = db.exec(select(VerificationFlag.detail).where(VerificationFlag.user_id == crowd[0]))
    assert set(detail) == {f"{len(crowd)}/{flags.CLIENT_CAP}"}


def test_up_to_the_client_cap_raises_nothing(db, now):
    for _ in range(flags.CLIENT_CAP):
        made = factories.applicant_at(db, now, Step.TEST)
        evidence.record_origin(db, user_id=made.id, client="203.0.113.11", now=now)
    db.commit()
    assert flags.sweep(db, now) == flags.DetectReport(0, 0)


def test_registration_records_the_client_hashed(db, now):
    from prakerja_app.models import AccountOrigin

    made = factories.applicant_at(db, now, Step.EMAIL, via_services=True)

    origin = db.get(AccountOrigin, made.id)
    assert (
        origin is not None and origin.client_hash != "" and "198.51.100" not in origin.client_hash
    )


def test_a_phone_tried_by_more_accounts_than_the_cap(db, now):
    users = [factories.applicant_at(db, now, Step.TEST).id for _ in range(flags.PHONE_CAP + 1)]
    for user_id in users:
        db.add(
            OtpCode(
                user_id=user_id,
                purpose=flags.PHONE_CODE_PURPOSE,
                target="+6281300000001",
                code_hash="x",
                expires_at=now,
            )
        )
    db.commit()
    flags.sweep(db, now)
    assert _flags(db, users[0]) == {(FlagKind.PHONE, u) for u in users[1:]}


def test_the_phone_purpose_is_the_registrations():
    from prakerja_app.services.registration import phone_verification

    assert flags.PHONE_CODE_PURPOSE == phone_verification.PURPOSE


def test_a_family_card_beyond_the_waves_cap(db, now):
    wave = factories.wave(db, now, kk_cap=2)
    family = factories.wave_applicants(db, wave.id, now, 3, kk_number="3174050101990001")
    pair = factories.wave_applicants(db, wave.id, now, 2, kk_number="3174050101990002")
    users = {a: db.get(WaveApplication, a).user_id for a in family + pair}
    flags.sweep(db, now)
    first, *rest = (users[a] for a in family)
    assert _flags(db, first) == {(FlagKind.KK, u) for u in rest}
    assert all(_flags(db, users[a]) == set() for a in pair)


def test_a_drawn_wave_raises_no_family_card_flag(db, now):
    wave = factories.wave(db, now, kk_cap=1, status="drawn")
    family = factories.wave_applicants(db, wave.id, now, 2, kk_number="3174050101990003")
    flags.sweep(db, now)
    assert _flags(db, db.get(WaveApplication, family[0]).user_id) == set()


@pytest.mark.parametrize(
    ("status", "flagged"), [("mismatch", True), ("ok", False), ("offline", False)]
)
def test_a_registry_status_other_than_ok_or_offline(db, now, status, flagged):
    made = factories.applicant_at(db, now, Step.TEST)
    profile = factories.profile_of(db, made.id)
    profile.registry_status = status
    db.commit()
    flags.sweep(db, now)
    assert _flags(db, made.id) == ({(FlagKind.REGISTRY, None)} if flagged else set())


def _registry_flagged(db, now) -> int:
    made = factories.applicant_at(db, now, Step.TEST)
    factories.profile_of(db, made.id).registry_status = "mismatch"
    db.commit()
    flags.sweep(db, now)
    return made.id


def _add_client_crowd(db, now, user_id: int) -> None:
    for _ in range(flags.CLIENT_CAP):
        made = factories.applicant_at(db, now, Step.TEST)
        evidence.record_origin(db, user_id=made.id, client="203.0.113.12", now=now)
    evidence.record_origin(db, user_id=user_id, client="203.0.113.12", now=now)
    db.commit()


def test_new_evidence_after_an_approval_opens_a_new_case(db, now):
    user_id = _registry_flagged(db, now)
    (case,) = _cases(db, user_id)
    case.status, case.decided_at = CaseStatus.APPROVED, now
    db.commit()
    _add_client_crowd(db, now, user_id)
    flags.sweep(db, now)
    assert [c.status for c in _cases(db, user_id)] == [CaseStatus.APPROVED, CaseStatus.OPEN]


def test_new_evidence_after_a_rejection_joins_the_rejected_case(db, now):
    user_id = _registry_flagged(db, now)
    (case,) = _cases(db, user_id)
    case.status, case.decided_at, case.reason = (
        CaseStatus.REJECTED,
        now,
        "Foto KTP bukan milik Anda.",
    )
    db.commit()
    _add_client_crowd(db, now, user_id)
    flags.sweep(db, now)
    (still,) = _cases(db, user_id)
    assert still.status == CaseStatus.REJECTED
    assert {f for f, _ in _flags(db, user_id)} == {FlagKind.REGISTRY, FlagKind.CLIENT}


def test_participants_get_no_case(db, now):
    made = factories.participant(db, now)
    from prakerja_app.models import ApplicantProfile  # a participant the registry doubts

    db.add(
        ApplicantProfile(
            user_id=made.user_id,
            nik=made.nik,
            registry_status="mismatch",
            created_at=now,
            updated_at=now,
        )
    )
    db.commit()
    flags.sweep(db, now)
    assert _cases(db, made.user_id) == []


def test_the_database_keeps_one_open_case_per_applicant(db, now):
    user_id = _registry_flagged(db, now)
    db.add(VerificationCase(user_id=user_id, status=CaseStatus.OPEN, opened_at=now))
    with pytest.raises(sa.exc.IntegrityError):
        db.commit()
    db.rollback()


def test_the_database_refuses_a_rejection_without_its_reason(db, now):
    user_id = _registry_flagged(db, now)
    (case,) = _cases(db, user_id)
    case.status, case.decided_at, case.reason = CaseStatus.REJECTED, now, "singkat"
    with pytest.raises(sa.exc.IntegrityError):
        db.commit()
    db.rollback()
