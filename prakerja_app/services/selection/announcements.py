"""The draw's result messages: an email and SMS to each selected applicant, and an email
with the reason to everyone else, queued in SQL in the draw's own transaction."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from prakerja_app import routes, settings
from prakerja_app.models import ApplicantProfile, Participant, User, Wave, WaveApplication
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import rupiah, wib_datetime
from prakerja_app.services.core.labels import SELECTION_REASON_LABELS, UNKNOWN_SELECTION_REASON
from prakerja_app.services.core.sql import table_of, text_literal
from prakerja_app.services.core.vocab import ApplicationResult, Channel
from prakerja_app.services.messaging import templates
from prakerja_app.services.messaging.bulk import grouped_card, queue_many, sql_template

_applications = table_of(WaveApplication)
_profiles = table_of(ApplicantProfile)
_participants = table_of(Participant)
_users = table_of(User)


def queue_results(db: Session, wave: Wave, now: datetime) -> None:
    """Tell everyone in the wave its outcome; the caller commits with the draw."""
    deadline = wib_datetime(now + timedelta(days=program.FIRST_PURCHASE_DAYS))
    dashboard = settings.public_url() + routes.DASHBOARD
    number = str(wave.number)
    card = grouped_card(_participants.c.card_number)
    new_participants = _participants.c.wave_id == wave.id
    selected = templates.SELECTED
    queue_many(
        db,
        Channel.EMAIL,
        sa.select(_users.c.email)
        .join_from(_participants, _users, _users.c.id == _participants.c.user_id)
        .where(new_participants),
        subject=selected.subject.format(wave=number),
        body=sql_template(
            selected.signed_body,
            name=_users.c.full_name,
            wave=number,
            card=card,
            balance=rupiah(program.TRAINING_BALANCE),
            deadline=deadline,
            dashboard=dashboard,
        ),
        now=now,
    )
    queue_many(
        db,
        Channel.SMS,
        sa.select(_profiles.c.phone)
        .join_from(_participants, _profiles, _profiles.c.user_id == _participants.c.user_id)
        .where(new_participants, _profiles.c.phone.is_not(None)),
        subject="",
        body=sql_template(templates.SELECTED_SMS, wave=number, card=card, deadline=deadline),
        now=now,
    )
    reason = sa.case(
        {code: text_literal(label) for code, label in SELECTION_REASON_LABELS.items()},
        value=_applications.c.reason_code,
        else_=text_literal(UNKNOWN_SELECTION_REASON),
    )
    for result, template in (
        (ApplicationResult.NOT_SELECTED, templates.NOT_SELECTED),
        (ApplicationResult.EXCLUDED, templates.EXCLUDED),
    ):
        queue_many(
            db,
            Channel.EMAIL,
            sa.select(_users.c.email)
            .join_from(_applications, _users, _users.c.id == _applications.c.user_id)
            .where(_applications.c.wave_id == wave.id, _applications.c.result == result),
            subject=template.subject.format(wave=number),
            body=sql_template(
                template.signed_body,
                name=_users.c.full_name,
                wave=number,
                reason=reason,
                dashboard=dashboard,
            ),
            now=now,
        )
