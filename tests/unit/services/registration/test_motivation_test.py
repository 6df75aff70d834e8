"""Step 7: the motivation test, timed by the server and taken once."""

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, TestAnswer
from prakerja_app.services.demo import dataset
from prakerja_app.services.registration import motivation_test
from prakerja_app.services.registration.motivation_test import NETWORK_ALLOWANCE, Progress
from prakerja_app.services.registration.steps import Step, current_step
from prakerja_app.services.views.messages import text
from tests import factories

DONE_SUBJECT = "Tes motivasi Kartu Prakerja selesai"
ALREADY_DONE = "Langkah ini sudah selesai."
WRONG_QUESTION = "Jawab pertanyaan yang sedang ditampilkan."


pytestmark = pytest.mark.usefixtures("registration_env", "motivation_setting")


@pytest.fixture
def applicant(db, now):
    """An applicant who has proven their phone: the test is next."""
    return factories.applicant_at(db, now, Step.TEST, via_services=True)


def _answer(db, user, question, choice, at):
    return motivation_test.answer(db, user_id=user.id, question=question, choice=choice, now=at)


def _answers(db, user) -> list[tuple[int, int]]:
    rows = db.exec(select(TestAnswer).where(TestAnswer.user_id == user.id).order_by(TestAnswer.id))
    return [(a.question, a.choice) for a in rows]


def _done_mails(db, user) -> int:
    return sum(m.subject == DONE_SUBJECT for m in factories.outbox(db, user.email))


def test_the_setting_is_the_seeds_one_minute_test(db):
    config = motivation_test.load_config(db)
    assert config.duration == timedelta(minutes=1)
    assert [q.text for q in config.questions] == [
        q["text"] for q in dataset.motivation_test()["questions"]
    ]
    assert config.questions[1].options == (
        "Kurang dari 2 jam",
        "2 sampai 5 jam",
        "Lebih dari 5 jam",
    )
    assert config.questions[1].scores == (1, 2, 3)


def test_before_the_start_nothing_runs(db, now, applicant):
    assert motivation_test.progress(db, user_id=applicant.id, now=now) == Progress(
        started=False, finished=False, deadline=None, answered=0, total=3, seconds_left=60
    )


def test_start_starts_the_clock_once(db, now, applicant):
    progress = motivation_test.start(db, user_id=applicant.id, now=now)
    assert progress == Progress(
        started=True,
        finished=False,
        deadline=now + timedelta(minutes=1),
        answered=0,
        total=3,
        seconds_left=60,
    )
    assert factories.profile_of(db, applicant.id).test_started_at == now
    again = motivation_test.start(db, user_id=applicant.id, now=now + timedelta(seconds=30))
    assert again.deadline == now + timedelta(minutes=1)  # a reload does not buy time


def test_the_duration_is_a_program_setting(db, now, applicant):
    factories.motivation_setting(db, duration_seconds=15 * 60)
    progress = motivation_test.start(db, user_id=applicant.id, now=now)
    assert progress.deadline == now + timedelta(minutes=15)


def test_one_question_at_a_time_then_the_score_and_an_email(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    first = _answer(db, applicant, 0, 3, now + timedelta(seconds=10))  # "insentif saja": 0
    assert (first.answered, first.finished) == (1, False)
    second = _answer(db, applicant, 1, 0, now + timedelta(seconds=20))  # "< 2 jam": 1
    assert (second.answered, second.finished) == (2, False)
    assert current_step(db, applicant.id) == Step.TEST
    end = now + timedelta(seconds=30)
    last = _answer(db, applicant, 2, 2, end)  # "pelatihan lanjutan": 2
    assert (last.answered, last.finished) == (3, True)

    profile = factories.profile_of(db, applicant.id)
    assert (profile.test_score, profile.test_finished_at) == (0 + 1 + 2, end)
    assert current_step(db, applicant.id) == Step.WAVE
    assert _answers(db, applicant) == [(0, 3), (1, 0), (2, 2)]
    [mail] = [m for m in factories.outbox(db, applicant.email) if m.subject == DONE_SUBJECT]
    assert "gabung ke gelombang yang sedang dibuka" in mail.body
    assert mail.created_at == end
    audit = db.exec(select(AuditLog).where(AuditLog.action == "registration.test")).one()
    assert json.loads(audit.after_json) == {"score": 3}


def test_answers_are_timed_by_the_server(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    _answer(db, applicant, 0, 1, now + timedelta(seconds=7))
    assert db.exec(select(TestAnswer.answered_at)).one() == now + timedelta(seconds=7)


def test_no_answer_before_the_start(db, now, applicant):
    refused = factories.refused(
        db, motivation_test.answer, user_id=applicant.id, question=0, choice=0, now=now
    )
    assert (refused.code, text(refused)) == ("test_not_started", "Mulai tes terlebih dahulu.")


def test_a_question_is_answered_once(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    _answer(db, applicant, 0, 0, now)
    refused = factories.refused(
        db, motivation_test.answer, user_id=applicant.id, question=0, choice=3, now=now
    )
    assert (refused.code, text(refused)) == ("test_question", WRONG_QUESTION)
    assert _answers(db, applicant) == [(0, 0)]


@pytest.mark.parametrize("question", [1, 2, -1, 3, 99])
def test_questions_are_answered_in_order(db, now, applicant, question):
    motivation_test.start(db, user_id=applicant.id, now=now)
    refused = factories.refused(
        db, motivation_test.answer, user_id=applicant.id, question=question, choice=0, now=now
    )
    assert (refused.code, text(refused)) == ("test_question", WRONG_QUESTION)


@pytest.mark.parametrize(("question", "choice"), [(0, 4), (0, -1), (1, 3), (0, 10**6)])
def test_the_choice_must_be_one_of_the_options(db, now, applicant, question, choice):
    motivation_test.start(db, user_id=applicant.id, now=now)
    if question == 1:
        _answer(db, applicant, 0, 0, now)
    refused = factories.refused(
        db, motivation_test.answer, user_id=applicant.id, question=question, choice=choice, now=now
    )
    assert (refused.code, refused.field, text(refused)) == (
        "test_choice",
        "choice",
        "Pilih salah satu jawaban.",
    )


@pytest.mark.parametrize(
    ("question", "choice", "code"),
    [
        ("0", 0, "test_question"),
        (0.0, 0, "test_question"),
        (False, 0, "test_question"),  # a bool is not a question number
        (None, 0, "test_question"),
        (0, "1", "test_choice"),
        (0, 1.0, "test_choice"),
        (0, True, "test_choice"),
        (0, None, "test_choice"),
    ],
)
def test_only_whole_numbers_are_answers(db, now, applicant, question, choice, code):
    motivation_test.start(db, user_id=applicant.id, now=now)
    refused = factories.refused(
        db, motivation_test.answer, user_id=applicant.id, question=question, choice=choice, now=now
    )
    assert refused.code == code


# --- the time limit ---------------------------------------------------------------------


def test_an_answer_within_the_network_allowance_counts(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    deadline = now + timedelta(minutes=1)
    progress = _answer(db, applicant, 0, 0, deadline + NETWORK_ALLOWANCE)
    assert (progress.answered, progress.finished) == (1, False)
    assert _answers(db, applicant) == [(0, 0)]


def test_a_late_answer_is_not_counted_and_the_test_ends(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    _answer(db, applicant, 0, 0, now + timedelta(seconds=20))  # 3 points
    _answer(db, applicant, 1, 2, now + timedelta(seconds=40))  # 3 points
    deadline = now + timedelta(minutes=1)
    late = deadline + NETWORK_ALLOWANCE + timedelta(seconds=1)
    progress = _answer(db, applicant, 2, 0, late)
    assert (progress.answered, progress.finished) == (2, True)
    assert _answers(db, applicant) == [(0, 0), (1, 2)]
    profile = factories.profile_of(db, applicant.id)
    assert (profile.test_score, profile.test_finished_at) == (6, deadline)
    assert current_step(db, applicant.id) == Step.WAVE
    assert _done_mails(db, applicant) == 1


def test_when_time_is_up_the_test_ends_without_any_answer(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    deadline = now + timedelta(minutes=1)
    waiting = motivation_test.progress(db, user_id=applicant.id, now=deadline + NETWORK_ALLOWANCE)
    assert not waiting.finished  # the last answer may still be on its way
    over = deadline + NETWORK_ALLOWANCE + timedelta(seconds=1)
    progress = motivation_test.progress(db, user_id=applicant.id, now=over)
    assert (progress.finished, progress.answered) == (True, 0)
    profile = factories.profile_of(db, applicant.id)
    assert (profile.test_score, profile.test_finished_at) == (0, deadline)
    assert current_step(db, applicant.id) == Step.WAVE
    motivation_test.progress(db, user_id=applicant.id, now=over + timedelta(hours=1))
    assert _done_mails(db, applicant) == 1


def test_coming_back_after_the_time_finds_the_test_over(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    progress = motivation_test.start(db, user_id=applicant.id, now=now + timedelta(hours=1))
    assert progress.finished
    assert factories.profile_of(db, applicant.id).test_finished_at == now + timedelta(minutes=1)


def test_the_test_is_taken_once(db, now, applicant):
    motivation_test.start(db, user_id=applicant.id, now=now)
    for question in range(3):
        _answer(db, applicant, question, 0, now)
    later = now + timedelta(days=1)
    refused = factories.refused(db, motivation_test.start, user_id=applicant.id, now=later)
    assert (refused.code, text(refused)) == ("step_order", ALREADY_DONE)
    refused = factories.refused(
        db, motivation_test.answer, user_id=applicant.id, question=3, choice=0, now=later
    )
    assert (refused.code, text(refused)) == ("step_order", ALREADY_DONE)
    assert factories.profile_of(db, applicant.id).test_started_at == now
