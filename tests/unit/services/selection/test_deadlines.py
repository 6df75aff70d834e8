"""The first-purchase deadline: one reminder 7 days before, revocation after 30 days."""

from datetime import timedelta

from sqlmodel import select

from prakerja_app.models import AuditLog, ExclusionEntry, Participant, User
from prakerja_app.services.core.formatting import card_number_text as format_card_number
from prakerja_app.services.core.formatting import wib_datetime
from prakerja_app.services.money import ledger
from prakerja_app.services.selection import deadlines
from prakerja_app.services.selection.deadlines import DeadlineReport
from prakerja_app.services.selection.participants import require_participant
from tests import factories

SECOND = timedelta(seconds=1)
WEEK = timedelta(days=7)


def _reload(db, participant) -> Participant:
    return db.get(Participant, participant.id, populate_existing=True)


def _email(db, participant) -> str:
    return db.get(User, participant.user_id).email


def _messages(db, participant) -> list:
    return factories.outbox(db, _email(db, participant)) + factories.outbox(
        db, factories.phone_of(db, participant)
    )


# --- the reminder ------------------------------------------------------------------------


def test_no_reminder_earlier_than_seven_days_before_the_deadline(db, now):
    made = factories.buyer(db, now)
    deadline = made.first_purchase_deadline
    assert deadline == now + timedelta(days=30)
    report = deadlines.process_deadlines(db, deadline - WEEK - SECOND)
    assert report == DeadlineReport()
    assert _messages(db, made) == []
    assert _reload(db, made).deadline_reminder_at is None


def test_one_reminder_seven_days_before_the_deadline(db, now):
    made = factories.buyer(db, now)
    deadline = made.first_purchase_deadline
    at = deadline - WEEK
    assert deadlines.process_deadlines(db, at) == DeadlineReport(reminded=1)
    assert _reload(db, made).deadline_reminder_at == at
    [email] = factories.outbox(db, _email(db, made), "email")
    assert email.subject == "Pengingat: segera beli pelatihan pertama Kartu Prakerja Anda"
    assert format_card_number(made.card_number) in email.body
    assert f"Batas waktu membeli pelatihan pertama adalah {wib_datetime(deadline)}" in (email.body)
    [sms] = factories.outbox(db, factories.phone_of(db, made), "sms")
    assert wib_datetime(deadline) in sms.body
    # Never twice: not the same day, not later in the week.
    for later in (at, at + timedelta(hours=1), deadline - timedelta(days=1), deadline):
        assert deadlines.process_deadlines(db, later) == DeadlineReport()
    assert len(_messages(db, made)) == 2


def test_no_reminder_after_a_purchase(db, now):
    made = factories.buyer(db, now)
    factories.purchase(db, made, factories.training(db), now + timedelta(days=2))
    deadline = made.first_purchase_deadline
    assert deadlines.process_deadlines(db, deadline - WEEK) == DeadlineReport()
    assert deadlines.process_deadlines(db, deadline + timedelta(days=60)) == DeadlineReport()
    assert _messages(db, made) == []
    assert _reload(db, made).revoked_at is None
    assert ledger.balance(db, made.id) == 1_000_000


def test_many_participants_are_reminded_in_batches(db, now, monkeypatch):
    monkeypatch.setattr(deadlines, "BATCH_SIZE", 2)
    made = [factories.buyer(db, now) for _ in range(5)]
    assert deadlines.process_deadlines(db, now + timedelta(days=25)).reminded == 5
    assert all(_reload(db, p).deadline_reminder_at is not None for p in made)


# --- revocation --------------------------------------------------------------------------


def test_no_purchase_by_the_deadline_revokes_forfeits_and_blacklists(db, now):
    made = factories.buyer(db, now)
    deadline = made.first_purchase_deadline
    at = deadline + SECOND
    report = deadlines.process_deadlines(db, at)
    assert report == DeadlineReport(revoked=1, forfeited=1_000_000)
    revoked = _reload(db, made)
    assert (revoked.revoked_at, revoked.revoke_reason) == (at, "no_purchase")
    assert ledger.balance(db, made.id) == 0
    forfeit = ledger.history(db, made.id)[-1]
    assert (forfeit.kind, forfeit.amount, forfeit.idempotency_key) == (
        "forfeit",
        -1_000_000,
        f"forfeit:{made.id}",
    )
    listed = db.exec(select(ExclusionEntry).where(ExclusionEntry.nik == made.nik)).one()
    assert listed.reason == "blacklist"
    refused = factories.raised(require_participant, db, made.user_id)
    assert refused.code == "revoked"
    [email] = factories.outbox(db, _email(db, made), "email")
    assert email.subject == "Kepesertaan Kartu Prakerja Anda dicabut"
    assert "Sisa saldo pelatihan (Rp 1.000.000) dikembalikan ke negara" in email.body
    assert "Tidak membeli pelatihan pertama dalam 30 hari" in email.body
    [sms] = factories.outbox(db, factories.phone_of(db, made), "sms")
    assert "dicabut" in sms.body
    audit = db.exec(select(AuditLog).where(AuditLog.action == "participant.revoke")).one()
    assert audit.entity_id == str(made.id)


def test_buying_is_allowed_up_to_the_deadline_itself(db, now):
    made = factories.buyer(db, now)
    deadline = made.first_purchase_deadline
    assert deadlines.process_deadlines(db, deadline).revoked == 0
    assert _reload(db, made).revoked_at is None


def test_a_purchase_keeps_the_participation(db, now):
    made = factories.buyer(db, now)
    factories.purchase(
        db, made, factories.training(db), now + timedelta(days=29), status="refunded"
    )
    report = deadlines.process_deadlines(db, made.first_purchase_deadline + timedelta(days=1))
    assert report == DeadlineReport()
    assert _reload(db, made).revoked_at is None
    assert db.exec(select(ExclusionEntry)).all() == []


def test_processing_again_changes_nothing(db, now):
    made = factories.buyer(db, now)
    at = made.first_purchase_deadline + timedelta(days=2)
    deadlines.process_deadlines(db, made.first_purchase_deadline - WEEK)
    deadlines.process_deadlines(db, at)
    before = factories.table_rows(db)
    assert deadlines.process_deadlines(db, at) == DeadlineReport()
    assert deadlines.process_deadlines(db, at + timedelta(days=30)) == DeadlineReport()
    assert factories.table_rows(db) == before


def test_a_late_run_revokes_without_reminding(db, now):
    made = factories.buyer(db, now)
    report = deadlines.process_deadlines(db, made.first_purchase_deadline + timedelta(days=3))
    assert (report.reminded, report.revoked) == (0, 1)
    assert _reload(db, made).deadline_reminder_at is None
    assert [m.subject for m in factories.outbox(db, _email(db, made))] == [
        "Kepesertaan Kartu Prakerja Anda dicabut"
    ]


def test_an_already_blacklisted_nik_is_listed_once(db, now):
    made = factories.buyer(db, now)
    db.add(ExclusionEntry(nik=made.nik, reason="blacklist", source="Manual"))
    db.commit()
    assert deadlines.process_deadlines(db, made.first_purchase_deadline + SECOND).revoked == 1
    assert len(db.exec(select(ExclusionEntry).where(ExclusionEntry.nik == made.nik)).all()) == 1


def test_only_the_overdue_are_revoked(db, now, monkeypatch):
    monkeypatch.setattr(deadlines, "BATCH_SIZE", 2)
    overdue = [factories.buyer(db, now - timedelta(days=40)) for _ in range(3)]
    buying = factories.buyer(db, now - timedelta(days=40))
    factories.purchase(db, buying, factories.training(db), now - timedelta(days=35))
    fresh = factories.buyer(db, now)
    report = deadlines.process_deadlines(db, now)
    assert report == DeadlineReport(revoked=3, forfeited=3_000_000)
    assert all(_reload(db, p).revoked_at == now for p in overdue)
    assert _reload(db, buying).revoked_at is None
    assert _reload(db, fresh).revoked_at is None
