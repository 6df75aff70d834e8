"""Delivery reports from the SMS gateway: only the one we asked for changes anything."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import OutboxMessage
from prakerja_app.services.messaging import outbox, reports
from prakerja_app.services.messaging.reports import ReportOutcome


@pytest.fixture
def sms(db, now) -> OutboxMessage:
    message = outbox.queue_sms(db, to="+6281234567890", body="Halo", now=now)
    db.commit()
    return message


def report(db, now, message_id, kind, sig=None, answer="") -> ReportOutcome:
    return reports.record_report(
        db,
        message_id=str(message_id),
        sig=reports.signature(int(message_id)) if sig is None else sig,
        kind=str(kind),
        answer=answer,
        now=now,
    )


def fields(db, message_id):
    row = db.exec(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .execution_options(populate_existing=True)
    ).one()
    return row.report, row.report_detail, row.reported_at


def test_the_url_carries_the_id_its_signature_and_kannels_placeholders(sms):
    url = reports.report_url(sms.id)
    assert url.startswith("http://")
    assert f"id={sms.id}&sig={reports.signature(sms.id)}&type=%d&answer=%A" in url


def test_delivered_then_an_interim_report_in_any_order(db, now, sms):
    assert report(db, now, sms.id, 8) == ReportOutcome.NOTED  # the SMSC took it
    assert report(db, now, sms.id, 1, answer="id:1 stat:DELIVRD") == ReportOutcome.RECORDED
    assert report(db, now + timedelta(seconds=1), sms.id, 8) == ReportOutcome.NOTED
    assert fields(db, sms.id) == ("delivered", "id:1 stat:DELIVRD", now)


def test_undelivered_keeps_the_operators_reason(db, now, sms):
    assert report(db, now, sms.id, 2, answer="stat:UNDELIV err:001") == ReportOutcome.RECORDED
    assert fields(db, sms.id) == ("undelivered", "stat:UNDELIV err:001", now)
    assert report(db, now, sms.id, 1) == ReportOutcome.NOTED  # the first final report stays
    assert fields(db, sms.id)[0] == "undelivered"


def test_a_rejection_by_the_smsc_is_undelivered(db, now, sms):
    assert report(db, now, sms.id, 16, answer="NACK/0x0000000b") == ReportOutcome.RECORDED
    assert fields(db, sms.id)[0] == "undelivered"


@pytest.mark.parametrize(
    ("message_id", "sig", "kind"),
    [
        ("{id}", "0" * 32, "1"),  # wrong secret
        ("{id}", "", "1"),
        ("99999", None, "1"),  # unknown id, signed: nothing to change
        ("{id}", None, "3"),  # not a report type
        ("{id}", None, "1; DROP"),
        ("-1", "", "1"),
        ("١٢", "", "1"),  # non-ASCII digits
        ("1" * 40, "", "1"),
    ],
)
def test_a_forged_or_unknown_report_changes_nothing(db, now, sms, message_id, sig, kind):
    target = message_id.format(id=sms.id)
    signature = reports.signature(int(target)) if sig is None else sig
    outcome = reports.record_report(
        db, message_id=target, sig=signature, kind=kind, answer="x", now=now
    )
    assert outcome in (ReportOutcome.REFUSED, ReportOutcome.NOTED)
    if sig is not None or not target.isdigit() or kind != "1":
        assert outcome == ReportOutcome.REFUSED
    assert fields(db, sms.id) == (None, None, None)


def test_a_report_cannot_name_an_email(db, now):
    from prakerja_app.services.messaging.templates import Email

    mail = outbox.queue_email(db, to="a@example.org", email=Email("x", "y"), now=now)
    db.commit()
    assert report(db, now, mail.id, 1) == ReportOutcome.NOTED
    assert fields(db, mail.id) == (None, None, None)


def test_the_answer_is_cut_and_stripped_of_control_characters(db, now, sms):
    report(db, now, sms.id, 2, answer="a\r\nb\x00" + "c" * 400)
    detail = fields(db, sms.id)[1]
    assert detail.startswith("abc") and len(detail) == reports.MAX_DETAIL_LENGTH
