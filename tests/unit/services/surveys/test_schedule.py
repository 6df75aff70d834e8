"""When each survey opens and closes: from the day the first incentive is paid, 30 days
apart, each open 30 days (WIB dates on the program clock)."""

from datetime import date, timedelta

from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import PaymentStatus, SurveyStatus
from prakerja_app.services.money import incentives
from prakerja_app.services.surveys import answering, schedule
from tests import factories


def _statuses(db, participant, now):
    return [(p.status, p.opens_on, p.last_day) for p in schedule.progress(db, participant.id, now)]


def test_nothing_opens_before_the_first_incentive_is_paid(db, now):
    owner = factories.participant(db, now)
    factories.surveys(db)
    assert _statuses(db, owner, now) == [(SurveyStatus.NOT_YET, None, None)] * 3
    first = incentives.schedule(db, owner.id, date(2020, 9, 11), now)[0]
    first.status = PaymentStatus.PROCESSING  # on its way, not paid yet
    db.commit()
    assert {p.status for p in schedule.progress(db, owner.id, now)} == {SurveyStatus.NOT_YET}


def test_survey_1_opens_the_day_incentive_1_is_paid_in_jakarta(db, now):
    owner = factories.participant(db, now)
    factories.surveys(db)
    late_evening = wib_to_utc(2020, 10, 1, 23, 30)  # 16:30 UTC: already 1 October in WIB
    factories.first_incentive_paid(db, owner, late_evening)
    assert _statuses(db, owner, late_evening) == [
        (SurveyStatus.OPEN, date(2020, 10, 1), date(2020, 10, 30)),
        (SurveyStatus.NOT_YET, date(2020, 10, 31), date(2020, 11, 29)),
        (SurveyStatus.NOT_YET, date(2020, 11, 30), date(2020, 12, 29)),
    ]


def test_each_next_survey_opens_30_days_later_and_each_closes_after_30_days(db, now):
    owner = factories.participant(db, now)
    factories.surveys(db)
    paid = wib_to_utc(2020, 10, 1, 10, 0)
    factories.first_incentive_paid(db, owner, paid)

    def on(day: date) -> list[SurveyStatus]:
        moment = wib_to_utc(day.year, day.month, day.day, 23, 59)
        return [p.status for p in schedule.progress(db, owner.id, moment)]

    open_, not_yet, closed = SurveyStatus.OPEN, SurveyStatus.NOT_YET, SurveyStatus.CLOSED
    assert on(date(2020, 10, 30)) == [open_, not_yet, not_yet]  # survey 1's last day
    assert on(date(2020, 10, 31)) == [closed, open_, not_yet]  # missed; survey 2 opens
    assert on(date(2020, 11, 30)) == [closed, closed, open_]
    assert on(date(2020, 12, 29)) == [closed, closed, open_]
    assert on(date(2020, 12, 30)) == [closed, closed, closed]
    assert schedule.NEXT_OPENS_AFTER_DAYS == schedule.OPEN_FOR_DAYS == 30


def test_an_answered_survey_stays_answered(db, now):
    owner = factories.participant(db, now)
    factories.surveys(db)
    factories.first_incentive_paid(db, owner, now)
    answering.submit(
        db, participant_id=owner.id, sequence=1, answers=factories.answers(db), now=now
    )
    later = schedule.progress(db, owner.id, now + timedelta(days=90))
    assert [(p.status, p.answered_on) for p in later] == [
        (SurveyStatus.ANSWERED, date(2020, 9, 4)),
        (SurveyStatus.CLOSED, None),
        (SurveyStatus.CLOSED, None),
    ]
