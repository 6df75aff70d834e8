"""Step 7 of registration: the timed motivation test, taken once.

The questions and the time limit are a program setting (``motivation_test``). The server
starts the clock and times every answer: an answer that arrives after the limit (plus a
short allowance for the network) is not counted. The test ends when every question is
answered or the time is up, whichever comes first.
"""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from prakerja_app.models import ProgramSetting, TestAnswer, User
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.profiles import profile_of
from prakerja_app.services.registration.steps import Step, complete_step, require_step

SETTING_KEY = "motivation_test"
NETWORK_ALLOWANCE = timedelta(seconds=2)


@dataclass(frozen=True)
class Question:
    """A multiple-choice question; each option has a score."""

    text: str
    options: tuple[str, ...]
    scores: tuple[int, ...]


@dataclass(frozen=True)
class MotivationTestConfig:
    """The test as the program office set it."""

    duration: timedelta
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Progress:
    """Where the applicant is in the test."""

    started: bool
    finished: bool
    deadline: datetime | None
    answered: int
    total: int
    seconds_left: float  # until the deadline, as of the call (the whole duration before start)


def load_config(db: Session) -> MotivationTestConfig:
    """The test's duration and questions from the program settings."""
    value = json.loads(db.get_one(ProgramSetting, SETTING_KEY).value_json)
    questions = tuple(
        Question(q["text"], tuple(q["options"]), tuple(q["scores"])) for q in value["questions"]
    )
    return MotivationTestConfig(timedelta(seconds=value["duration_seconds"]), questions)


def _answered(db: Session, user_id: int) -> int:
    return db.exec(select(func.count()).where(TestAnswer.user_id == user_id)).one()


def progress(db: Session, *, user_id: int, now: datetime) -> Progress:
    """The applicant's progress; a test whose time is over is finished (and committed) here."""
    config = load_config(db)
    profile = profile_of(db, user_id)
    answered = _answered(db, user_id)
    started = profile.test_started_at is not None
    deadline = profile.test_started_at + config.duration if profile.test_started_at else None
    if deadline and profile.test_finished_at is None and now > deadline + NETWORK_ALLOWANCE:
        _finish(db, user_id, config, min(now, deadline))
    left = (deadline - now) if deadline is not None else config.duration
    return Progress(
        started=started,
        finished=profile.test_finished_at is not None,
        deadline=deadline,
        answered=answered,
        total=len(config.questions),
        seconds_left=max(0.0, left.total_seconds()),
    )


def start(db: Session, *, user_id: int, now: datetime) -> Progress:
    """Start the clock (only the first call does); commit.

    Raises:
        DomainError: ``step_order`` when the test is not the current step.
    """
    require_step(db, user_id, Step.TEST)
    profile = profile_of(db, user_id)
    if profile.test_started_at is None:
        profile.test_started_at = now
        db.commit()
    return progress(db, user_id=user_id, now=now)


def answer(db: Session, *, user_id: int, question: int, choice: int, now: datetime) -> Progress:
    """Record the answer to the current question; commit. Late answers are not counted.

    Raises:
        DomainError: the test is not started or not the current step, the question is not
            the one being asked, or the choice is not one of its options.
    """
    require_step(db, user_id, Step.TEST)
    current = progress(db, user_id=user_id, now=now)
    if not current.started:
        raise DomainError(RegistrationError.TEST_NOT_STARTED)
    if current.finished:
        return current
    config = load_config(db)
    if type(question) is not int or question != current.answered:
        raise DomainError(RegistrationError.TEST_QUESTION)
    if type(choice) is not int or not 0 <= choice < len(config.questions[question].options):
        raise DomainError(RegistrationError.TEST_CHOICE, "choice")
    db.add(TestAnswer(user_id=user_id, question=question, choice=choice, answered_at=now))
    try:
        db.commit()
    except IntegrityError:  # the same answer sent twice at once: the first one counts
        db.rollback()
        return progress(db, user_id=user_id, now=now)
    if current.answered + 1 == current.total:
        _finish(db, user_id, config, now)
    return progress(db, user_id=user_id, now=now)


def _finish(db: Session, user_id: int, config: MotivationTestConfig, finished_at: datetime) -> None:
    answers = db.exec(select(TestAnswer).where(TestAnswer.user_id == user_id)).all()
    profile = profile_of(db, user_id)
    profile.test_finished_at = finished_at
    profile.test_score = sum(config.questions[a.question].scores[a.choice] for a in answers)
    complete_step(db, user_id, Step.TEST, finished_at)
    user = db.get_one(User, user_id)
    email = templates.TEST_DONE.render(name=user.full_name)
    outbox.queue_email(db, to=user.email, email=email, now=finished_at)
    audit.record(
        db,
        actor_id=user_id,
        action="registration.test",
        entity="user",
        entity_id=user_id,
        after={"score": profile.test_score},
    )
    db.commit()
