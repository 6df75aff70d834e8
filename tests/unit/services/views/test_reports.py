from prakerja_app.services.demo import seed
from prakerja_app.services.views import reports


def test_program_counts_after_the_demo_seed(db, now):
    seed.seed_demo(db, now)
    seed.ensure_admin(db, "admin@prakerja.local", now)
    assert reports.program_counts(db) == reports.ProgramCounts(
        waves=7, platforms=8, trainings=72, accounts=1
    )
