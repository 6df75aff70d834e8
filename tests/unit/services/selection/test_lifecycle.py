"""A wave's steps in the console: open, close, ask for the draw, publish the results."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, JobRun, Participant, Wave
from prakerja_app.services.core import program
from prakerja_app.services.core.vocab import AdminRole, JobOutcome, WaveStatus
from prakerja_app.services.operations import schedule
from prakerja_app.services.selection import announcements, draw, lifecycle, participants, waves
from prakerja_app.services.views.messages import text
from tests import factories


@pytest.fixture
def operator(db, now):
    return factories.admin(db, now, AdminRole.OPERATOR)


def _scheduled(db, now, **changes) -> Wave:
    return factories.wave(db, now, number=12, status=WaveStatus.SCHEDULED, **changes)


def _actions(db) -> list[str]:
    return list(db.exec(select(AuditLog.action).order_by(AuditLog.id)).all())


def _open(db, now, operator) -> Wave:
    wave = _scheduled(db, now)
    lifecycle.open_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    return db.get(Wave, wave.id, populate_existing=True)


def _closed_with_applicants(db, now, operator, applicants=3, quota=2) -> Wave:
    wave = _scheduled(db, now, quota=quota)
    lifecycle.open_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    factories.wave_applicants(db, wave.id, now, applicants)
    lifecycle.close_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    return db.get(Wave, wave.id, populate_existing=True)


def test_opening_publishes_the_seeds_hash_and_is_audited(db, now, operator):
    wave = _scheduled(db, now)
    digest = lifecycle.open_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    db.refresh(wave)
    assert (wave.status, wave.seed_hash) == (WaveStatus.OPEN, digest)
    assert draw.seed_hash_of(wave.seed) == digest
    entry = db.exec(select(AuditLog).where(AuditLog.action == "wave.open")).one()
    assert entry.actor_user_id == operator.id and digest in entry.after_json
    assert wave.seed not in entry.after_json
    assert waves.open_wave(db, now).id == wave.id


def test_a_wave_opened_ahead_of_time_takes_applications_from_its_opening(db, now, operator):
    wave = _scheduled(db, now, opens_at=now + timedelta(hours=2))
    lifecycle.open_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    assert waves.open_wave(db, now) is None
    assert waves.open_wave(db, now + timedelta(hours=2)).id == wave.id


def test_opening_twice_or_after_the_closing_time_is_refused(db, now, operator):
    wave = _open(db, now, operator)
    error = factories.refused(
        db, lifecycle.open_wave, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert text(error) == "Gelombang 12 sudah dibuka."
    late = factories.wave(db, now, number=13, status=WaveStatus.SCHEDULED)
    error = factories.refused(
        db, lifecycle.open_wave, now=late.closes_at, actor_id=operator.id, wave_id=late.id
    )
    assert error.code == "closing_passed" and "sudah lewat" in text(error)


def test_closing_early_ends_applications_now(db, now, operator):
    wave = _open(db, now, operator)
    lifecycle.close_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    db.refresh(wave)
    assert (wave.status, wave.closes_at) == (WaveStatus.CLOSED, now)
    assert waves.open_wave(db, now) is None
    assert _actions(db)[-1] == "wave.close"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"status": WaveStatus.SCHEDULED}, "not_open"),
        ({"status": WaveStatus.CLOSED}, "not_open"),
        ({"opens_at_in": timedelta(hours=1)}, "not_started"),
    ],
    ids=["scheduled", "closed", "not_started"],
)
def test_only_an_open_wave_that_has_started_can_be_closed(db, now, operator, changes, code):
    if "opens_at_in" in changes:  # a copy: the parameters serve every database
        changes = {"opens_at": now + changes["opens_at_in"]}
    wave = factories.wave(db, now, number=12, **changes)
    error = factories.refused(
        db, lifecycle.close_wave, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert error.code == code and text(error).startswith("Gelombang 12")


def test_the_draw_is_refused_while_the_wave_is_open(db, now, operator):
    wave = _open(db, now, operator)
    error = factories.refused(
        db, lifecycle.request_draw, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert error.code == "wave_not_closed"
    assert text(error).startswith("Seleksi Gelombang 12 baru dapat dijalankan setelah")


def test_asking_for_the_draw_records_one_request(db, now, operator):
    wave = _closed_with_applicants(db, now, operator)
    asked = lifecycle.request_draw(db, now=now, actor_id=operator.id, wave_id=wave.id)
    db.refresh(wave)
    assert (asked.wave_number, asked.request) == (12, wave.draw_request)
    assert lifecycle.draw_pending(db, wave, now)
    error = factories.refused(
        db, lifecycle.request_draw, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert text(error) == "Undian Gelombang 12 sedang berjalan. Tunggu sampai selesai."
    assert _actions(db)[-1] == "wave.draw_start"


def test_a_failed_or_lost_request_may_be_asked_again(db, now, operator):
    wave = _closed_with_applicants(db, now, operator)
    asked = lifecycle.request_draw(db, now=now, actor_id=operator.id, wave_id=wave.id)
    run_id = schedule.start(db, schedule.DRAW, schedule.draw_tick(12, asked.request), now)
    schedule.finish(db, run_id, JobOutcome.FAILED, "OperationalError", now)
    again = lifecycle.request_draw(db, now=now, actor_id=operator.id, wave_id=wave.id)
    assert again.request != asked.request
    lost = now + lifecycle.REQUEST_LOST_AFTER  # no worker ever started it
    assert lifecycle.request_draw(db, now=lost, actor_id=operator.id, wave_id=wave.id)


def test_a_drawn_wave_is_not_drawn_again(db, now, operator):
    wave = _closed_with_applicants(db, now, operator)
    draw.run_selection(db, 12, now)
    error = factories.refused(
        db, lifecycle.request_draw, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert text(error) == "Undian Gelombang 12 sudah dijalankan dan tidak dapat diulang."


def test_the_drawn_results_stay_hidden_until_published(db, now, operator):
    wave = _closed_with_applicants(db, now, operator, applicants=3, quota=2)
    report = draw.run_selection(db, 12, now)
    assert (report.selected, report.seed, report.announced_at) == (2, "", None)
    db.refresh(wave)
    assert wave.status == WaveStatus.DRAWN and draw.revealed_seed(wave) is None
    selected = db.exec(select(Participant).where(Participant.wave_id == wave.id)).all()
    assert len(selected) == 2
    assert participants.participant_of(db, selected[0].user_id) is None
    assert waves.latest_application(db, selected[0].user_id).result == "pending"
    assert factories.raised(draw.published_draw, db, 12).code == "not_announced"
    assert waves.total_selected(db) == 0


def test_publishing_reveals_the_seed_and_starts_the_participants_days(db, now, operator):
    wave = _closed_with_applicants(db, now, operator, applicants=3, quota=2)
    draw.run_selection(db, 12, now)
    later = now + timedelta(days=2)
    report = draw.publish_results(db, wave_id=wave.id, now=later, actor_id=operator.id)
    db.refresh(wave)
    assert (report.seed, report.announced_at, wave.status) == (wave.seed, later, "announced")
    announcements.queue_all(db, 12, later + timedelta(minutes=5))  # the fan-out job
    chosen = db.exec(select(Participant).where(Participant.wave_id == wave.id)).all()
    deadline = later + timedelta(days=program.FIRST_PURCHASE_DAYS)
    assert {(p.selected_at, p.first_purchase_deadline) for p in chosen} == {(later, deadline)}
    assert participants.participant_of(db, chosen[0].user_id).id == chosen[0].id
    entry = db.exec(select(AuditLog).where(AuditLog.action == "wave.publish")).one()
    assert entry.actor_user_id == operator.id and wave.seed in entry.after_json


def test_results_are_published_once_and_only_after_the_draw(db, now, operator):
    wave = _closed_with_applicants(db, now, operator)
    error = factories.refused(
        db, draw.publish_results, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert text(error).startswith("Undian Gelombang 12 belum dijalankan")
    draw.run_selection(db, 12, now)
    draw.publish_results(db, wave_id=wave.id, now=now, actor_id=operator.id)
    error = factories.refused(
        db, draw.publish_results, now=now, actor_id=operator.id, wave_id=wave.id
    )
    assert text(error) == "Hasil seleksi Gelombang 12 sudah diumumkan."


def test_unknown_waves_are_refused(db, now, operator):
    for service in (lifecycle.open_wave, lifecycle.close_wave, lifecycle.request_draw):
        error = factories.refused(db, service, now=now, actor_id=operator.id, wave_id=999)
        assert error.code == "wave_unknown"
    assert db.exec(select(JobRun)).all() == []
