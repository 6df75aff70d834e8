"""The operator's command line: seed, create-admin, clock, select-wave, process-deadlines."""

import pytest
from sqlmodel import select

import prakerja_app.db
from prakerja_app import cli
from prakerja_app.models import User
from prakerja_app.services.core.vocab import Role


@pytest.fixture(autouse=True)
def _test_database(engine, monkeypatch):
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)


def test_seed_prints_the_admin_password_only_the_first_time(capsys, db):
    assert cli.main(["seed"]) == 0
    first = capsys.readouterr().out
    assert "+72 trainings" in first
    assert "password:" in first
    assert cli.main(["seed"]) == 0
    second = capsys.readouterr().out
    assert "+0 trainings" in second
    assert "password" not in second.replace("Forgot the password?", "")
    assert len(db.exec(select(User).where(User.role == Role.ADMIN)).all()) == 1


def test_create_admin_refuses_a_taken_email(capsys):
    assert cli.main(["create-admin", "kepala@prakerja.local"]) == 0
    assert "shown only this once" in capsys.readouterr().out
    assert cli.main(["create-admin", "KEPALA@prakerja.local"]) == 1
    assert "sudah terdaftar" in capsys.readouterr().err


def test_clock_moves_the_demo_time(capsys):
    assert cli.main(["clock", "2020-09-05T10:00"]) == 0
    assert "Sabtu, 5 September 2020 10.00 WIB" in capsys.readouterr().out


def test_select_wave_waits_for_the_close_then_draws_once(capsys, db):
    from prakerja_app.models import Participant, Wave
    from tests import factories

    assert cli.main(["seed"]) == 0
    wave7 = db.exec(select(Wave).where(Wave.number == 7)).one()
    factories.wave_applicants(db, wave7.id, wave7.opens_at, 3)
    capsys.readouterr()
    assert cli.main(["select-wave", "7"]) == 1  # the demo clock: 4 September, still open
    assert "setelah gelombang ditutup" in capsys.readouterr().err
    assert cli.main(["clock", "2020-09-07T10:00"]) == 0
    capsys.readouterr()
    assert cli.main(["select-wave", "7", "--here"]) == 0
    out = capsys.readouterr().out
    db.refresh(wave7)
    assert "3 applicants, 0 excluded, 3 selected (quota 800.000), 0 not selected" in out
    assert wave7.seed_hash in out and wave7.seed in out
    assert len(db.exec(select(Participant)).all()) == 3
    assert cli.main(["select-wave", "7", "--here"]) == 0  # again: the same announcement
    assert capsys.readouterr().out == out
    assert cli.main(["select-wave", "70"]) == 1
    assert "Gelombang 70 tidak ditemukan." in capsys.readouterr().err


def test_process_deadlines_as_of_a_time_in_wib(capsys, db, now):
    from tests import factories

    made = factories.buyer(db, now)  # the deadline: 4 October 2020, 10:00 WIB
    assert cli.main(["process-deadlines", "2020-09-27T10:00"]) == 0
    out = capsys.readouterr().out
    assert "Minggu, 27 September 2020 10.00 WIB: 1 reminded, 0 revoked, Rp 0 forfeited" in out
    assert cli.main(["process-deadlines", "2020-10-04T10:01"]) == 0
    assert "0 reminded, 1 revoked, Rp 1.000.000 forfeited" in capsys.readouterr().out
    db.refresh(made)
    assert made.revoke_reason == "no_purchase"


def test_process_deadlines_defaults_to_the_program_clock(capsys):
    assert cli.main(["clock", "2020-09-05T10:00"]) == 0
    capsys.readouterr()
    assert cli.main(["process-deadlines"]) == 0
    assert "as of Sabtu, 5 September 2020 10.00 WIB: 0 reminded" in capsys.readouterr().out


def test_select_wave_queues_the_draw_for_the_workers(capsys, db):
    from prakerja_app.jobs import huey
    from prakerja_app.models import Participant, Wave
    from tests import factories

    assert cli.main(["seed"]) == 0
    wave7 = db.exec(select(Wave).where(Wave.number == 7)).one()
    factories.wave_applicants(db, wave7.id, wave7.opens_at, 2)
    assert cli.main(["select-wave", "7"]) == 1  # still open: refused at once, nothing queued
    assert list(huey.pending()) == []
    assert cli.main(["clock", "2020-09-07T10:00"]) == 0
    capsys.readouterr()
    assert cli.main(["select-wave", "7"]) == 0
    assert "queued for the job workers" in capsys.readouterr().out
    assert [task.name for task in huey.pending()] == ["draw_wave"]
    assert db.exec(select(Participant)).all() == []  # nothing drawn yet
    huey.execute(huey.dequeue())
    db.commit()  # a fresh read: the worker drew on a session of its own
    assert len(db.exec(select(Participant)).all()) == 2
    assert cli.main(["jobs"]) == 0
    out = capsys.readouterr().out
    assert "draw       last: ok" in out and "Waiting to be sent:" in out


def test_send_outbox_keeps_messages_local_without_gateways(capsys, db, monkeypatch):
    from prakerja_app.models import OutboxMessage, utc_now
    from prakerja_app.services.messaging import outbox

    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)
    monkeypatch.delenv("PRAKERJA_KANNEL_URL", raising=False)
    outbox.queue_sms(db, to="+6281234567890", body="Halo", now=utc_now())
    db.commit()
    assert cli.main(["send-outbox"]) == 0
    assert "Sent 0 message(s)." in capsys.readouterr().out
    assert db.exec(select(OutboxMessage.status)).all() == ["local"]


def test_check_production_says_why_it_refuses(capsys, monkeypatch):
    for name in ("REFLEX_DB_URL", "REFLEX_REDIS_URL", "PRAKERJA_JOBS_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://prakerja.example")
    for name, value in PARTNER.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["check-production"]) == 1
    err = capsys.readouterr().err
    assert "need PostgreSQL" in err and "REFLEX_REDIS_URL" in err
    monkeypatch.setenv("REFLEX_DB_URL", "postgresql+psycopg://app@db/prakerja")
    monkeypatch.setenv("REFLEX_REDIS_URL", "redis://cache:6379/0")
    assert cli.main(["check-production"]) == 0
    monkeypatch.setenv("BACKEND_WORKERS", "1")
    monkeypatch.setenv("JOB_WORKERS", "1")
    monkeypatch.setenv("REFLEX_DB_URL", "sqlite:///prakerja.db")
    monkeypatch.delenv("REFLEX_REDIS_URL")
    assert cli.main(["check-production"]) == 0  # one of each runs on SQLite


PARTNER = {
    "PRAKERJA_PARTNER_URL": "https://app.midtrans.com/iris",
    "PRAKERJA_PARTNER_CREATOR_KEY": "creator",
    "PRAKERJA_PARTNER_APPROVER_KEY": "approver",
    "PRAKERJA_PARTNER_NOTIFICATION_KEY": "notification",
}


def test_check_production_wants_the_partner_with_two_keys(capsys, monkeypatch):
    monkeypatch.setenv("BACKEND_WORKERS", "1")
    monkeypatch.setenv("JOB_WORKERS", "1")
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://prakerja.example")
    for name in PARTNER:
        monkeypatch.delenv(name, raising=False)
    assert cli.main(["check-production"]) == 1
    assert "PRAKERJA_PARTNER_URL" in capsys.readouterr().err
    for name, value in PARTNER.items():
        monkeypatch.setenv(name, value)
    assert cli.main(["check-production"]) == 0
    monkeypatch.setenv("PRAKERJA_PARTNER_APPROVER_KEY", "creator")
    assert cli.main(["check-production"]) == 1
    assert "must differ" in capsys.readouterr().err
