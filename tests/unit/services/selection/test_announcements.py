"""The draw's result messages, fanned out in batches after the draw's commit."""

import threading
from collections import Counter

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from prakerja_app.models import OutboxMessage, Wave
from prakerja_app.services.selection import announcements, draw
from tests import factories


def _drawn_wave(db, now, applicants: int, quota: int) -> Wave:
    wave = factories.wave(db, now, number=7, quota=quota)
    factories.wave_applicants(db, wave.id, now, applicants)
    draw.commit_seed(db, wave.id, now)
    db.commit()
    factories.announced(db, wave)
    return wave


def _told(db) -> Counter[tuple[str, str]]:
    db.commit()  # a fresh read: the workers wrote on sessions of their own
    return Counter((m.channel, m.recipient) for m in db.exec(select(OutboxMessage)).all())


def test_batches_tell_everyone_once_and_then_stop(db, now, monkeypatch):
    wave = _drawn_wave(db, now, applicants=7, quota=3)
    monkeypatch.setattr(announcements, "BATCH", 3)
    assert announcements.unfinished(db) == [7]
    assert [announcements.queue_batch(db, 7, now) for _ in range(3)] == [True, True, False]
    assert announcements.queue_batch(db, 7, now) is False  # done: nothing more
    told = _told(db)
    assert sum(1 for channel, _ in told if channel == "email") == 7
    assert sum(1 for channel, _ in told if channel == "sms") == 3
    assert set(told.values()) == {1}
    assert announcements.unfinished(db) == []
    db.refresh(wave)
    assert wave.results_queued_at == now


def test_a_wave_not_announced_tells_no_one(db, now):
    wave = factories.wave(db, now, number=7)
    factories.wave_applicants(db, wave.id, now, 2)
    assert announcements.queue_batch(db, 7, now) is False
    assert _told(db) == Counter()


def test_two_workers_at_once_tell_each_applicant_once(engine, db, now, monkeypatch):
    _drawn_wave(db, now, applicants=12, quota=4)
    monkeypatch.setattr(announcements, "BATCH", 2)
    start = threading.Barrier(2)

    def work() -> None:
        with Session(engine, expire_on_commit=False) as own:
            start.wait()
            more = True
            while more:
                try:
                    more = announcements.queue_batch(own, 7, now)
                except OperationalError:  # SQLite: the other worker wrote first
                    own.rollback()

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    told = _told(db)
    assert sum(told.values()) == 12 + 4 and set(told.values()) == {1}
