"""What the draw decided for an application, written or derived.

The draw writes only what cannot be derived: the excluded and the KK-capped on their
applications, the selected as their `Participant` rows. An application still "pending" in
an announced wave was not selected for the quota. Until the wave is announced every
application reads "pending", whatever the draw wrote. These expressions are the one place
that reads the two together, for one applicant (the dashboard) or for a whole wave (the
report, the result messages).
"""

from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, func

from prakerja_app.models import Participant, Wave, WaveApplication
from prakerja_app.services.core.sql import table_of, text_literal
from prakerja_app.services.core.vocab import ApplicationResult, SelectionReason, WaveStatus

_applications = table_of(WaveApplication)
_participants = table_of(Participant)
_waves = table_of(Wave)


class Counts(NamedTuple):
    """A wave's applications by outcome."""

    applicants: int
    excluded: int
    selected: int
    not_selected: int


def with_participants(applications: sa.FromClause = _applications) -> sa.Join:
    """The applications with their participant row, if the draw selected them."""
    return applications.outerjoin(
        _participants,
        sa.and_(
            _participants.c.user_id == applications.c.user_id,
            _participants.c.wave_id == applications.c.wave_id,
        ),
    )


def result_expression(announced: sa.ColumnElement[bool]) -> sa.ColumnElement[str]:
    """SQL for an application's result over `with_participants`, given whether its wave
    is announced (a column or a literal)."""
    return sa.case(
        (~announced, text_literal(ApplicationResult.PENDING)),
        (_applications.c.result != ApplicationResult.PENDING, _applications.c.result),
        (_participants.c.id.is_not(None), text_literal(ApplicationResult.SELECTED)),
        else_=text_literal(ApplicationResult.NOT_SELECTED),
    )


def reason_expression(announced: sa.ColumnElement[bool]) -> sa.ColumnElement:
    """SQL for the reason of an application's result (None while pending or selected)."""
    return sa.case(
        (~announced, sa.null()),
        (_applications.c.result != ApplicationResult.PENDING, _applications.c.reason_code),
        (_participants.c.id.is_not(None), sa.null()),
        else_=text_literal(SelectionReason.QUOTA),
    )


def is_announced() -> sa.ColumnElement[bool]:
    """SQL: the application's wave (joined as `Wave`) has announced its results."""
    return _waves.c.status == WaveStatus.ANNOUNCED


def counts(db: Session, wave: Wave) -> Counts:
    """How the drawn or announced wave's applications ended (the "pending" were not
    selected)."""
    count = sa.select(func.count())
    applicants = db.scalar(count.where(_applications.c.wave_id == wave.id)) or 0
    excluded = (
        db.scalar(
            count.where(
                _applications.c.wave_id == wave.id,
                _applications.c.result == ApplicationResult.EXCLUDED,
            )
        )
        or 0
    )
    selected = db.scalar(count.where(_participants.c.wave_id == wave.id)) or 0
    return Counts(applicants, excluded, selected, applicants - excluded - selected)
