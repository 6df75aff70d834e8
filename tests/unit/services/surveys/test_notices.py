"""The opened-survey notices: an email and an SMS the day a survey opens (or the first
daily run after), once each, never for an answered or closed survey."""

from datetime import timedelta

from sqlmodel import select

from prakerja_app.models import OutboxMessage, SurveyNotice, User
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.surveys import answering, notices
from tests import factories


def _messages(db):
    db.rollback()
    return db.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_survey_that_opens_is_told_once_by_email_and_sms(db, now, no_smtp):
    factories.surveys(db)
    owner = factories.buyer(db, now)
    waiting = factories.buyer(db, now)  # first incentive not paid: nothing opens
    factories.first_incentive_paid(db, owner, now)
    assert notices.notify_opened(db, now) == 1
    assert notices.notify_opened(db, now) == 0  # the same day again
    assert notices.notify_opened(db, now + timedelta(days=3)) == 0  # still open, told already
    email, sms = _messages(db)
    assert (email.channel, email.recipient) == ("email", db.get(User, owner.user_id).email)
    assert email.subject == "Survei Evaluasi Pelatihan Kartu Prakerja sudah dibuka"
    assert "sampai 3 Oktober 2020" in email.body and "/dasbor/survei/1" in email.body
    assert "Rp 50.000" in email.body
    assert (sms.channel, sms.recipient) == ("sms", factories.phone_of(db, owner))
    assert "Survei Evaluasi Pelatihan sudah dibuka sampai 3 Oktober 2020" in sms.body
    assert factories.phone_of(db, waiting) not in {m.recipient for m in _messages(db)}


def test_each_survey_is_told_when_it_opens(db, now, no_smtp):
    factories.surveys(db)
    owner = factories.buyer(db, now)
    factories.first_incentive_paid(db, owner, now)
    answering.submit(
        db, participant_id=owner.id, sequence=1, answers=factories.answers(db), now=now
    )
    assert notices.notify_opened(db, now) == 0  # answered before the job ran: nothing to tell
    assert notices.notify_opened(db, now + timedelta(days=29)) == 0
    assert notices.notify_opened(db, now + timedelta(days=30)) == 1  # survey 2 opens
    assert notices.notify_opened(db, now + timedelta(days=59)) == 0
    third = now + timedelta(days=75)  # a day the job missed the opening by two weeks
    assert notices.notify_opened(db, third) == 1
    assert notices.notify_opened(db, now + timedelta(days=120)) == 0  # all closed
    told = db.exec(select(SurveyNotice.sequence).where(SurveyNotice.participant_id == owner.id))
    assert sorted(told.all()) == [2, 3]
    subjects = [m.subject for m in _messages(db) if m.channel == "email"]
    assert subjects == [
        "Survei Status Pekerjaan Kartu Prakerja sudah dibuka",
        "Survei Usaha dan Pendapatan Kartu Prakerja sudah dibuka",
    ]


def test_a_missed_survey_and_a_revoked_participant_are_not_told(db, now, no_smtp):
    factories.surveys(db)
    late, revoked = factories.buyer(db, now), factories.buyer(db, now)
    factories.first_incentive_paid(db, late, wib_to_utc(2020, 5, 1, 9, 0))  # all three closed
    factories.first_incentive_paid(db, revoked, now)
    revoked.revoked_at = now
    db.add(revoked)
    db.commit()
    assert notices.notify_opened(db, now) == 0
    assert _messages(db) == []


def test_many_participants_are_told_in_batches(db, now, no_smtp, monkeypatch):
    monkeypatch.setattr(notices, "BATCH_SIZE", 2)
    factories.surveys(db)
    for _ in range(5):
        factories.first_incentive_paid(db, factories.buyer(db, now), now)
    assert notices.notify_opened(db, now) == 5
    assert len(_messages(db)) == 10
