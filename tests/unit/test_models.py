"""The program's invariants that the database itself enforces."""

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from prakerja_app.models import ApplicantProfile, Payment, Review, Wave, WaveApplication
from tests import factories


def _refused(db, row) -> None:
    db.add(row)
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_one_nik_one_account(db, now):
    first, second = factories.user(db, now), factories.user(db, now)
    db.add(ApplicantProfile(user_id=first.id, nik="3174051203900001"))
    db.commit()
    _refused(db, ApplicantProfile(user_id=second.id, nik="3174051203900001"))


def test_one_phone_one_account(db, now):
    first, second = factories.user(db, now), factories.user(db, now)
    db.add(ApplicantProfile(user_id=first.id, phone="6281234567890"))
    db.commit()
    _refused(db, ApplicantProfile(user_id=second.id, phone="6281234567890"))


def test_one_profile_per_account(db, now):
    user = factories.user(db, now)
    db.add(ApplicantProfile(user_id=user.id))
    db.commit()
    _refused(db, ApplicantProfile(user_id=user.id))


def test_one_application_per_wave(db, now):
    user, wave = factories.user(db, now), factories.wave(db, now)
    db.add(WaveApplication(wave_id=wave.id, user_id=user.id))
    db.commit()
    _refused(db, WaveApplication(wave_id=wave.id, user_id=user.id))


def test_one_participation_per_nik_and_unique_card_numbers(db, now):
    first = factories.participant(db, now)
    with pytest.raises(IntegrityError):
        factories.participant(db, now, nik=first.nik)
    db.rollback()
    with pytest.raises(IntegrityError):
        factories.participant(db, now, card_number=first.card_number)


def _payment(participant_id: int, sequence: int, key: str) -> Payment:
    return Payment(
        participant_id=participant_id,
        kind="incentive",
        sequence=sequence,
        amount=600_000,
        due_on=date(2020, 10, 1),
        idempotency_key=key,
    )


def test_one_payment_per_participant_per_instalment(db, now):
    someone = factories.participant(db, now)
    db.add(_payment(someone.id, 1, "a"))
    db.commit()
    _refused(db, _payment(someone.id, 1, "b"))
    _refused(db, _payment(someone.id, 2, "a"))  # idempotency keys are unique too


def test_review_stars_are_one_to_five(db, now):
    training = factories.training(db)
    _refused(db, Review(purchase_id=1, training_id=training.id, stars=6, text="bagus"))


def test_wave_quota_cannot_be_negative(db, now):
    _refused(
        db,
        Wave(number=99, opens_at=now, closes_at=now + timedelta(days=1), quota=-1),
    )


def test_times_come_back_aware_in_utc(db, now):
    wave = factories.wave(db, now)
    db.expire_all()
    assert db.get(Wave, wave.id).opens_at == now - timedelta(days=1)


def test_naive_times_are_refused(db, now):
    from sqlalchemy.exc import StatementError

    db.add(Wave(number=98, opens_at=now.replace(tzinfo=None), closes_at=now, quota=1))
    with pytest.raises(StatementError):
        db.commit()
