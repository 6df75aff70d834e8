"""The surveys: their rows with the package's questions, and what opens them."""

from datetime import datetime

from sqlmodel import Session, select

from prakerja_app.models import Participant, Payment, Survey
from prakerja_app.services.core.formatting import jakarta_today
from prakerja_app.services.core.vocab import PaymentStatus
from prakerja_app.services.money import incentives
from prakerja_app.services.surveys import questions


def surveys(db: Session) -> None:
    """The three surveys' rows, with their questions (as the seed installs them)."""
    questions.install(db)
    db.commit()


def first_incentive_paid(db: Session, participant: Participant, paid_at: datetime) -> Payment:
    """The participant's four incentives scheduled, the first one paid at `paid_at`."""
    first = incentives.schedule(db, participant.id, jakarta_today(paid_at), paid_at)[0]
    first.status, first.paid_at = PaymentStatus.PAID, paid_at
    db.commit()
    return first


def answers(db: Session, sequence: int = 1, option: int = 0) -> dict[str, str]:
    """An answer to every question of a survey: each question's option number `option`."""
    row = db.exec(select(Survey).where(Survey.sequence == sequence)).one()
    return {q.id: q.options[option].id for q in questions.parse(row.questions_json)}
