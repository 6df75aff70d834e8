from datetime import timedelta

from sqlmodel import func, select

from prakerja_app.models import Platform, Training, TrainingProvider, User, Wave
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import PlatformStatus, Role, WaveStatus
from prakerja_app.services.demo import seed
from prakerja_app.services.selection import waves
from prakerja_app.services.views import catalogue
from tests import factories
from tests.factories import ACTIVE_PLATFORMS


def _count(db, model):
    return db.exec(select(func.count()).select_from(model)).one()


def test_the_demo_is_the_program_on_4_september_2020(db, now):
    seed.seed_demo(db, now)
    active = catalogue.platforms(db, status=PlatformStatus.ACTIVE)
    assert [p.name for p in active] == list(ACTIVE_PLATFORMS)
    assert all(p.trainings >= 7 for p in active)
    [ruangguru] = catalogue.platforms(db, status=PlatformStatus.WITHDRAWN)
    assert ruangguru.name == "Ruangguru"
    assert ruangguru.trainings == 0
    assert db.exec(select(TrainingProvider).where(TrainingProvider.slug == "ruangguru")).one()
    assert _count(db, TrainingProvider) >= 15
    assert _count(db, Training) >= 60
    prices = db.exec(select(func.min(Training.price), func.max(Training.price))).one()
    assert tuple(prices) == (24_000, 1_000_000)


def test_waves_1_to_6_are_announced_and_7_is_open(db, now):
    seed.seed_demo(db, now)
    program_time = clock.program_now(db, now)
    assert program_time == seed.DEMO_START
    open_now = waves.open_wave(db, program_time)
    assert (open_now.number, open_now.quota) == (7, 800_000)
    past = db.exec(select(Wave).where(Wave.number < 7).order_by(Wave.number)).all()
    assert all(w.status == WaveStatus.ANNOUNCED for w in past)
    assert [w.quota for w in past[:3]] == [168_111, 288_154, 224_615]
    assert waves.total_selected(db) == 3_080_880  # "3,08 juta"
    assert waves.open_wave(db, open_now.closes_at + timedelta(seconds=1)) is None


def test_the_draw_seed_of_the_open_wave_is_committed_by_its_hash(db, now):
    import hashlib

    seed.seed_demo(db, now)
    wave7 = db.exec(select(Wave).where(Wave.number == 7)).one()
    assert wave7.seed_hash == hashlib.sha256(wave7.seed.encode()).hexdigest()
    assert wave7.announced_at is None


def test_seeding_twice_changes_nothing(db, now):
    first = seed.seed_demo(db, now)
    assert first.trainings >= 60
    tables = (Platform, TrainingProvider, Training, Wave, User)
    before = {model: _count(db, model) for model in tables}
    sealed = select(TrainingProvider.slug, TrainingProvider.sign_key_sealed)
    keys = dict(db.exec(sealed).all())
    assert all(keys.values())
    second = seed.seed_demo(db, now + timedelta(days=3))
    assert second == seed.SeedReport()
    assert {model: _count(db, model) for model in tables} == before
    assert dict(db.exec(sealed).all()) == keys
    assert clock.program_now(db, now) == seed.DEMO_START  # the clock was not reset


def test_the_first_admin_gets_a_generated_password_once(db, now):
    password = seed.ensure_admin(db, "admin@prakerja.local", now)
    assert password and len(password) >= 16
    assert seed.ensure_admin(db, "admin@prakerja.local", now) is None
    admin = db.exec(select(User).where(User.role == Role.ADMIN)).one()
    assert password not in admin.password_hash


def test_the_program_clock_runs_on_from_where_it_was_set(db, now):
    assert clock.program_now(db, now) == now  # no demo clock: real time
    clock.set_program_time(db, seed.DEMO_START, now)
    db.commit()
    assert clock.program_now(db, now + timedelta(hours=2)) == seed.DEMO_START + timedelta(hours=2)


def test_seeding_commits_the_open_waves_seed_once_and_keeps_it_secret(db, now):
    from prakerja_app.models import AuditLog
    from prakerja_app.services.selection import draw

    seed.seed_demo(db, now)
    wave7 = db.exec(select(Wave).where(Wave.number == 7)).one()
    sealed = (wave7.seed, wave7.seed_hash)
    assert len(wave7.seed) == 64  # 32 random bytes
    assert draw.revealed_seed(wave7) is None  # not announced: the seed stays secret
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "wave.seed_commit")).all()
    assert wave7.seed_hash in entry.after_json
    assert wave7.seed not in entry.after_json
    seed.seed_demo(db, now + timedelta(days=3))
    db.refresh(wave7)
    assert (wave7.seed, wave7.seed_hash) == sealed
    assert len(db.exec(select(AuditLog).where(AuditLog.action == "wave.seed_commit")).all()) == 1


def test_the_demo_ratings_are_its_reviews_summed_up(db, now):
    seed.seed_demo(db, now)
    kept, counted = factories.rating_summaries(db)
    assert kept == counted
