"""Benchmark: the catalogue's search at a wave's scale, beside the search as it was.

The demo's 72 trainings are copied into 5,600 (each copy a new batch, "angkatan N", of the
same course), and 200,000 participants write 1,000,000 reviews, most of them of the
first few hundred trainings, with INSERT ... SELECT generate_series; the rating summaries
are built from the reviews as the migration does. Then each representative search (the
whole catalogue, two words, one platform, sorted by rating) runs through
`views.catalogue.search`, against the reference: the same statements with the ratings
aggregated from every review on each search, as the catalogue did before the summaries.

Each run times every search 100 times; 3 runs (BENCH_RUNS), medians of the p95 and their
ratio. The database is one of its own (PRAKERJA_BENCH_DATABASE_URL, default
.../test_catalogue_bench), dropped at the end unless --keep.

    .venv/bin/python bench/catalogue.py [--trainings 5600] [--reviews 1000000] [--keep]
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_catalogue_bench"

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from bench.report import RUNS, p95, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app.models import utc_now  # noqa: E402
from prakerja_app.services.demo import seed  # noqa: E402
from prakerja_app.services.views.catalogue import CatalogueQuery, search  # noqa: E402

REVIEWERS_EACH = 5  # reviews per participant
SAMPLES = 100

GENERATE = (
    # Copies of the demo's trainings, up to :trainings in all.
    """
    INSERT INTO training (code, title, provider_id, platform_id, category, format, price,
                          duration_minutes, description, published_on, active)
    SELECT 'B' || g || '-' || t.code, t.title || ' (angkatan ' || g || ')', t.provider_id,
           t.platform_id, t.category, t.format, t.price, t.duration_minutes, t.description,
           t.published_on - g::int, t.active
    FROM training t,
         generate_series(1, :trainings / (SELECT count(*) FROM training) + 1) AS g
    ORDER BY g, t.id
    LIMIT :trainings - (SELECT count(*) FROM training)
    """,
    """
    INSERT INTO "user" (email, full_name, password_hash, role, is_active, created_at)
    SELECT 'pengulas' || g || '@contoh.id', 'Pengulas Ke-' || g, '!', 'applicant', true, :at
    FROM generate_series(1, :reviews / :each) AS g
    """,
    """
    INSERT INTO participant (user_id, nik, wave_id, card_number, selected_at,
                             first_purchase_deadline)
    SELECT u.id, '3275' || lpad(u.id::text, 12, '0'), (SELECT min(id) FROM wave),
           '5' || lpad(u.id::text, 15, '0'), :at, :at
    FROM "user" u WHERE u.email LIKE 'pengulas%'
    """,
    # Each participant's purchases; the trainings reviewed skew to the first few hundred
    # (the square of a uniform fraction).
    """
    INSERT INTO purchase (participant_id, training_id, price, voucher_code, idempotency_key,
                          status, bought_at, completed_at)
    SELECT p.id, ids[1 + floor(array_length(ids, 1)
                               * power(((p.id * :each + k) * 0.6180339887) % 1, 2))::int],
           100000, 'U' || lpad((p.id * :each + k)::text, 11, '0'),
           'bench-' || (p.id * :each + k), 'completed', :at, :at
    FROM participant p CROSS JOIN generate_series(1, :each) AS k
         CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM training) AS t
    WHERE p.card_number LIKE '5%'
    """,
    """
    INSERT INTO review (purchase_id, training_id, stars, text, created_at)
    SELECT id, training_id,
           CASE WHEN (id * 7 + training_id) % 10 < 5 THEN 5
                WHEN (id * 7 + training_id) % 10 < 8 THEN 4
                ELSE 1 + (id + training_id) % 3 END,
           'Materinya jelas dan langsung bisa dipraktikkan.', :at
    FROM purchase WHERE voucher_code LIKE 'U%'
    """,
    # The rating summaries, as the migration builds them.
    """
    INSERT INTO trainingrating (training_id, reviews, stars)
    SELECT training_id, count(*), sum(stars) FROM review GROUP BY training_id
    """,
)

QUERIES = {
    "whole catalogue": CatalogueQuery(),
    "words 'bahasa inggris'": CatalogueQuery(words="bahasa inggris"),
    "platform": CatalogueQuery(platform="tokopedia"),
    "sorted by rating": CatalogueQuery(sort="rating"),
}

# The reference: the search as the catalogue ran it before the rating summaries.
NAIVE_FROM = """
    FROM training t
    JOIN trainingprovider tp ON tp.id = t.provider_id
    JOIN platform p ON p.id = t.platform_id
"""
NAIVE_PAGE = f"""
    SELECT t.code, t.title, tp.name, p.name, p.slug, t.category, t.format, t.price,
           t.duration_minutes, r.average, coalesce(r.reviews, 0)
    {NAIVE_FROM}
    LEFT JOIN (SELECT training_id, avg(stars) AS average, count(*) AS reviews
               FROM review GROUP BY training_id) AS r ON r.training_id = t.id
"""
NEWEST = "t.published_on DESC, t.code"
BY_RATING = "r.average DESC NULLS LAST, coalesce(r.reviews, 0) DESC, t.code"


def naive_search(db: Session, query: CatalogueQuery) -> None:
    """The count and the first page, with every review aggregated for the ratings."""
    where, params = ["t.active", "p.status = 'active'"], {}
    for n, word in enumerate(query.words.split()):
        where.append(f"(t.title ILIKE :w{n} OR t.description ILIKE :w{n} OR tp.name ILIKE :w{n})")
        params[f"w{n}"] = f"%{word}%"
    if query.platform:
        where.append("p.slug = :platform")
        params["platform"] = query.platform
    condition = " AND ".join(where)
    order = BY_RATING if query.sort == "rating" else NEWEST
    db.exec(sa.text(f"SELECT count(*) {NAIVE_FROM} WHERE {condition}"), params=params).one()
    page = f"{NAIVE_PAGE} WHERE {condition} ORDER BY {order} LIMIT 12"
    db.exec(sa.text(page), params=params).all()


def _build(engine: sa.Engine, trainings: int, reviews: int) -> None:
    with Session(engine) as db:
        seed.seed_demo(db, utc_now())
    params = {"trainings": trainings, "reviews": reviews, "each": REVIEWERS_EACH}
    params["at"] = utc_now().replace(tzinfo=None)  # the columns hold naive UTC
    with engine.begin() as conn:
        for statement in GENERATE:
            wanted = {k: v for k, v in params.items() if f":{k}" in statement}
            conn.execute(sa.text(statement), wanted)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _p95(db: Session, run: Callable[[Session, CatalogueQuery], object], query) -> float:
    seconds = []
    for _ in range(SAMPLES):
        started = time.perf_counter()
        run(db, query)
        seconds.append(time.perf_counter() - started)
    return p95(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trainings", type=int, default=5_600)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    url = sa.make_url(os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL))
    _recreate(url)
    engine = sa.create_engine(url)
    try:
        SQLModel.metadata.create_all(engine)
        started = time.perf_counter()
        _build(engine, args.trainings, args.reviews)
        print(
            f"built {args.trainings:,} trainings and {args.reviews:,} reviews"
            f" in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        with Session(engine) as db:
            for name, query in QUERIES.items():
                ours, reference = [], []
                for _ in range(RUNS):
                    ours.append(_p95(db, search, query))
                    reference.append(_p95(db, naive_search, query))
                report(f"search p95, {name}", "s", ours, reference)
    finally:
        engine.dispose()
        if not args.keep:
            _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
