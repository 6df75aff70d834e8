"""Answering a survey: each answer checked on the server, refused when the survey is not
open for this participant, and paid Rp 50.000 once, owed in the cash ledger."""

import json
import threading
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from prakerja_app.models import AuditLog, CashEntry, Payment, SurveyResponse
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import SurveyStatus
from prakerja_app.services.money import cash_ledger
from prakerja_app.services.selection.errors import SelectionError
from prakerja_app.services.surveys import answering, schedule
from prakerja_app.services.surveys.errors import SurveyError
from tests import factories


@pytest.fixture
def opened(db, now):
    """A participant whose first incentive was paid today: survey 1 is open."""
    owner = factories.participant(db, now)
    factories.surveys(db)
    factories.first_incentive_paid(db, owner, now)
    return owner


def _refused(db, code, participant_id, sequence=1, answers=None, now=None, field=None):
    before = factories.table_rows(db)
    with pytest.raises(DomainError) as refusal:
        answering.submit(
            db,
            participant_id=participant_id,
            sequence=sequence,
            answers=factories.answers(db) if answers is None else answers,
            now=now,
        )
    assert refusal.value.code == code
    assert refusal.value.field == field
    assert factories.table_rows(db) == before
    return refusal.value


def test_answers_are_stored_and_the_survey_is_paid_once(db, now, opened):
    answers = factories.answers(db, option=1)
    done = answering.submit(db, participant_id=opened.id, sequence=1, answers=answers, now=now)
    assert (done.sequence, done.amount, done.due_on) == (1, 50_000, date(2020, 9, 4))

    (response,) = db.exec(select(SurveyResponse)).all()
    assert response.participant_id == opened.id
    assert json.loads(response.answers_json) == answers
    payment = db.exec(select(Payment).where(Payment.kind == "survey")).one()
    assert (payment.participant_id, payment.sequence, payment.amount) == (opened.id, 1, 50_000)
    assert (payment.status, payment.due_on) == ("scheduled", date(2020, 9, 4))
    assert payment.idempotency_key == f"survey:{opened.id}:1"
    journal = db.exec(select(CashEntry).where(CashEntry.payment_id == payment.id)).all()
    assert {(e.journal, e.account, e.amount) for e in journal} == {
        (f"owed:survey:{opened.id}:1", "pool", -50_000),
        (f"owed:survey:{opened.id}:1", f"owed:{opened.id}", 50_000),
    }
    assert cash_ledger.balance(db, cash_ledger.owed_account(opened.id)) == 4 * 600_000 + 50_000
    assert cash_ledger.unbalanced(db) == []
    audit = db.exec(select(AuditLog).where(AuditLog.action == "survey.submit")).one()
    assert (audit.actor_user_id, audit.entity_id) == (opened.user_id, str(opened.id))
    assert json.loads(audit.after_json) == {"survey": 1, "payment": 50_000}

    _refused(db, SurveyError.SURVEY_ANSWERED, opened.id, now=now)  # a second submit


def test_the_answers_never_change_the_payment(db, now, opened):
    other = factories.participant(db, now)
    factories.first_incentive_paid(db, other, now)
    for participant, option in ((opened, 0), (other, 2)):
        answering.submit(
            db,
            participant_id=participant.id,
            sequence=1,
            answers=factories.answers(db, option=option),
            now=now,
        )
    amounts = db.exec(select(Payment.amount).where(Payment.kind == "survey")).all()
    assert amounts == [50_000, 50_000]


def test_a_survey_not_open_yet_is_refused_with_its_opening_day(db, now, opened):
    refusal = _refused(db, SurveyError.SURVEY_NOT_OPEN, opened.id, sequence=2, now=now)
    assert refusal.details == {"opens_on": date(2020, 10, 4)}
    unpaid = factories.participant(db, now)
    refusal = _refused(db, SurveyError.SURVEY_NOT_OPEN, unpaid.id, now=now)
    assert refusal.details == {"opens_on": None}


def test_a_closed_survey_is_refused(db, now, opened):
    refusal = _refused(db, SurveyError.SURVEY_CLOSED, opened.id, now=now + timedelta(days=30))
    assert refusal.details == {"closed_on": date(2020, 10, 3)}


def test_someone_elses_open_survey_is_not_theirs_to_answer(db, now, opened):
    intruder = factories.participant(db, now)  # whose first incentive is not paid
    _refused(db, SurveyError.SURVEY_NOT_OPEN, intruder.id, now=now)
    answering.submit(
        db, participant_id=opened.id, sequence=1, answers=factories.answers(db), now=now
    )  # the owner's survey is still theirs


def test_a_revoked_or_unknown_participant_is_refused(db, now, opened):
    _refused(db, SelectionError.NOT_PARTICIPANT, 999_999, now=now)
    opened.revoked_at = now
    db.add(opened)
    db.commit()
    _refused(db, SelectionError.REVOKED, opened.id, now=now)


@pytest.mark.parametrize("sequence", [0, 4, -1, "1", None, 1.0, True])
def test_an_unknown_survey_is_refused(db, now, opened, sequence):
    _refused(db, SurveyError.SURVEY_UNKNOWN, opened.id, sequence=sequence, now=now)


def test_every_answer_is_checked(db, now, opened):
    good = factories.answers(db)
    first, second = list(good)[:2]
    cases = [
        (SurveyError.ANSWERS_INVALID, None, ["kepuasan", "1"]),
        (SurveyError.ANSWERS_INVALID, None, "kepuasan=1"),
        (SurveyError.QUESTION_UNKNOWN, "umur", good | {"umur": "1"}),
        (SurveyError.ANSWER_MISSING, second, {k: v for k, v in good.items() if k != second}),
        (SurveyError.ANSWER_MISSING, first, good | {first: ""}),
        (SurveyError.OPTION_NOT_OFFERED, first, good | {first: "9"}),
        (SurveyError.OPTION_NOT_OFFERED, first, good | {first: 1}),
        (SurveyError.OPTION_NOT_OFFERED, first, good | {first: ["1", "2"]}),  # two answers
    ]
    for code, field, answers in cases:
        _refused(db, code, opened.id, answers=answers, now=now, field=field)


def test_the_questions_of_an_open_survey_and_the_same_refusals(db, now, opened):
    survey = answering.open_survey(db, participant_id=opened.id, sequence=1, now=now)
    assert (survey.title, survey.last_day) == ("Survei Evaluasi Pelatihan", date(2020, 10, 3))
    assert 4 <= len(survey.questions) <= 6
    assert all(len(q.options) >= 3 for q in survey.questions)
    with pytest.raises(DomainError) as refusal:
        answering.open_survey(db, participant_id=opened.id, sequence=3, now=now)
    assert refusal.value.code == SurveyError.SURVEY_NOT_OPEN


def test_two_submits_at_once_store_one_response_and_one_payment(engine, db, now, opened):
    answers = factories.answers(db)
    start, outcomes = threading.Barrier(2), []

    def submit() -> None:
        with Session(engine, expire_on_commit=False) as own:
            start.wait()
            try:
                answering.submit(
                    own, participant_id=opened.id, sequence=1, answers=answers, now=now
                )
                outcomes.append("paid")
            except DomainError as error:
                outcomes.append(error.code)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == sorted(["paid", SurveyError.SURVEY_ANSWERED])
    db.rollback()  # a fresh read
    assert len(db.exec(select(SurveyResponse)).all()) == 1
    assert len(db.exec(select(Payment).where(Payment.kind == "survey")).all()) == 1
    assert cash_ledger.unbalanced(db) == []


def test_the_unique_keys_hold_when_the_check_is_passed_by(db, now, opened, monkeypatch):
    answering.submit(
        db, participant_id=opened.id, sequence=1, answers=factories.answers(db), now=now
    )
    fresh = [
        p if p.sequence != 1 else replace(p, status=SurveyStatus.OPEN)
        for p in schedule.progress(db, opened.id, now)
    ]
    monkeypatch.setattr(schedule, "progress", lambda *_args: fresh)  # as if it had not seen it
    _refused(db, SurveyError.SURVEY_ANSWERED, opened.id, now=now)
