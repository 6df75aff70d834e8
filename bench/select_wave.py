"""Benchmark: draw one wave of many applicants on PostgreSQL, beside a naive SQL draw.

Builds a database of its own (PRAKERJA_BENCH_DATABASE_URL, default
postgresql+psycopg://postgres@127.0.0.1:5432/test_bench): drops and creates it, creates
the tables, generates the applicants with set-based SQL (INSERT ... SELECT
generate_series). Then, `BENCH_RUNS` times (3): the reference, a naive set-based draw
(every application updated with its result, the participants and their ledger grants
inserted, in one transaction, rolled back instead of committed), and `run_selection`
(committed, then undone). Prints the medians, their ratio and the counts, and drops the
database again.

    .venv/bin/python bench/select_wave.py [--applicants 5000000] [--quota 800000]
                                          [--kk-cap 2] [--statements] [--keep]
"""

import argparse
import os
import resource
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from bench.report import RUNS, report
from prakerja_app import models
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.selection import draw

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_bench"
PROTECTED = {"test", "postgres", "template0", "template1"}
WAVE = 8
OPENS = wib_to_utc(2020, 9, 12, 12)
CLOSES = wib_to_utc(2020, 9, 16, 23, 59)


def _database_url() -> sa.URL:
    url = sa.make_url(os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL))
    if url.get_backend_name() != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL only.")
    if not url.database or url.database in PROTECTED:
        sys.exit(f"Refusing to drop database {url.database!r}: name a database of its own.")
    return url


def _recreate(url: sa.URL, *, drop_only: bool = False) -> None:
    """Drop (and unless `drop_only`, create) the benchmark database, from `postgres`."""
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        if not drop_only:
            conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


# Families: every applicant's KK is one of ~70% as many family cards, so about 30% share.
# 20% laid off and 2% proposed by the ministry (priority group 1); 1% on an exclusion
# list; 0.5% already participants from an earlier wave.
GENERATE = (
    """
    INSERT INTO "user" (id, email, full_name, password_hash, role, is_active,
                        email_verified_at, created_at)
    SELECT g, 'pelamar' || g || '@contoh.id', 'Pelamar Ke-' || g, '!', 'applicant', true,
           :at, :at
    FROM generate_series(1, :n) AS g
    """,
    "SELECT setval(pg_get_serial_sequence('user', 'id'), :n)",
    """
    INSERT INTO applicantprofile (user_id, nik, kk_number, birth_date, sex, full_name_ktp,
        province_code, regency_code, employment_status, in_formal_education,
        excluded_occupation, data_submitted_at, phone, phone_verified_at, test_finished_at,
        test_score, ministry_proposed, created_at, updated_at)
    SELECT g, '3174' || lpad(g::text, 12, '0'),
           '3175' || lpad((g % greatest(1, (:n * 7) / 10))::text, 12, '0'),
           DATE '1990-03-15', 'L', 'Pelamar Ke-' || g, '31', '3174',
           CASE WHEN g % 5 = 0 THEN 'korban_phk' ELSE 'mencari_kerja' END, false, false,
           :at, '+62811' || lpad(g::text, 9, '0'), :at, :at, 9, g % 50 = 1, :at, :at
    FROM generate_series(1, :n) AS g
    """,
    """
    INSERT INTO wave (number, opens_at, closes_at, quota, kk_cap, status)
    VALUES (:previous, :earlier, :earlier, 1, NULL, 'announced'),
           (:number, :opens, :closes, :quota, :kk_cap, 'open')
    """,
    """
    INSERT INTO participant (user_id, nik, wave_id, card_number, selected_at,
                             first_purchase_deadline)
    SELECT g, '3174' || lpad(g::text, 12, '0'),
           (SELECT id FROM wave WHERE number = :previous),
           '4' || lpad(g::text, 15, '0'), :earlier, :earlier
    FROM generate_series(1, :n) AS g WHERE g % 200 = 3
    """,
    """
    INSERT INTO exclusionentry (nik, reason, source, created_at)
    SELECT '3174' || lpad(g::text, 12, '0'), 'asn', 'Daftar ASN (BKN)', :at
    FROM generate_series(1, :n) AS g WHERE g % 100 = 7
    """,
    """
    INSERT INTO waveapplication (wave_id, user_id, applied_at, result)
    SELECT (SELECT id FROM wave WHERE number = :number), g, :opens, 'pending'
    FROM generate_series(1, :n) AS g
    """,
)


def _build(engine: sa.Engine, applicants: int, quota: int, kk_cap: int | None) -> None:
    naive = {  # the columns hold naive UTC (models.UTCDateTime)
        "at": OPENS.replace(tzinfo=None),
        "opens": OPENS.replace(tzinfo=None),
        "closes": CLOSES.replace(tzinfo=None),
        "earlier": (OPENS - timedelta(days=30)).replace(tzinfo=None),
    }
    params = {"n": applicants, "quota": quota, "kk_cap": kk_cap, "number": WAVE}
    params |= {"previous": WAVE - 1, **naive}
    with engine.begin() as conn:
        for statement in GENERATE:
            text = sa.text(statement)
            wanted = {k: v for k, v in params.items() if f":{k}" in statement}
            conn.execute(text, wanted)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


# The reference: what a straightforward set-based draw does, without this project's care.
NAIVE = (
    """
    UPDATE waveapplication a
    SET result = CASE WHEN r.rank <= :quota THEN 'selected' ELSE 'not_selected' END,
        reason_code = CASE WHEN r.rank <= :quota THEN NULL ELSE 'quota' END, decided_at = :at
    FROM (
        SELECT a.id, row_number() OVER (ORDER BY
            CASE WHEN p.employment_status = 'korban_phk' OR p.ministry_proposed THEN 1 ELSE 2 END,
            encode(sha256(convert_to(:seed || ':' || a.id, 'UTF8')), 'hex') COLLATE "C", a.id
        ) AS rank
        FROM waveapplication a JOIN applicantprofile p ON p.user_id = a.user_id
        WHERE a.wave_id = :wave
          AND NOT EXISTS (SELECT 1 FROM participant x WHERE x.user_id = a.user_id)
          AND NOT EXISTS (SELECT 1 FROM participant x WHERE x.nik = p.nik)
          AND NOT EXISTS (SELECT 1 FROM exclusionentry x WHERE x.nik = p.nik)
    ) r
    WHERE a.id = r.id
    """,
    """
    INSERT INTO participant (user_id, nik, wave_id, card_number, selected_at,
                             first_purchase_deadline)
    SELECT a.user_id, p.nik, a.wave_id, '5008' || lpad(a.id::text, 12, '0'), :at, :at
    FROM waveapplication a JOIN applicantprofile p ON p.user_id = a.user_id
    WHERE a.wave_id = :wave AND a.result = 'selected'
    """,
    """
    INSERT INTO ledgerentry (participant_id, amount, kind, idempotency_key, created_at)
    SELECT id, 1000000, 'grant', 'grant:' || id, :at FROM participant WHERE wave_id = :wave
    """,
)


def _naive_draw(engine: sa.Engine, wave_id: int, seed: str, quota: int) -> float:
    """Seconds for the reference draw; rolled back (so it is spared its commit)."""
    params = {"wave": wave_id, "seed": seed, "quota": quota, "at": CLOSES.replace(tzinfo=None)}
    with engine.connect() as conn:
        started = time.perf_counter()
        for statement in NAIVE:
            text = sa.text(statement)
            conn.execute(text, {k: v for k, v in params.items() if f":{k}" in statement})
        seconds = time.perf_counter() - started
        conn.rollback()
    return seconds


def _undo_draw(engine: sa.Engine, wave_id: int) -> None:
    """Put the wave back as it was before `run_selection`, and tidy the tables."""
    with engine.begin() as conn:
        participants = "SELECT id FROM participant WHERE wave_id = :wave"
        conn.execute(
            sa.text(f"DELETE FROM ledgerentry WHERE participant_id IN ({participants})"),
            {"wave": wave_id},
        )
        conn.execute(sa.text("DELETE FROM participant WHERE wave_id = :wave"), {"wave": wave_id})
        conn.execute(
            sa.text(
                "UPDATE waveapplication SET result = 'pending', reason_code = NULL,"
                " decided_at = NULL WHERE wave_id = :wave AND result <> 'pending'"
            ),
            {"wave": wave_id},
        )
        conn.execute(
            sa.text(
                "UPDATE wave SET status = 'open', announced_at = NULL, selected_count = NULL"
                " WHERE id = :wave"
            ),
            {"wave": wave_id},
        )
        conn.execute(sa.text("DELETE FROM auditlog WHERE action = 'wave.select'"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _time_statements(engine: sa.Engine) -> list[tuple[float, str]]:
    """Record how long each statement on `engine` takes, with its first words."""
    timings: list[tuple[float, str]] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _start(conn, cursor, statement, parameters, context, executemany):
        conn.info["started"] = time.perf_counter()

    @sa.event.listens_for(engine, "after_cursor_execute")
    def _stop(conn, cursor, statement, parameters, context, executemany):
        words = " ".join(statement.split())[:90]
        timings.append((time.perf_counter() - conn.info.pop("started"), words))

    return timings


def main(argv: list[str] | None = None) -> int:
    """Build the data, time both draws, print the result; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=5_000_000)
    parser.add_argument("--quota", type=int, default=800_000)
    parser.add_argument("--kk-cap", type=int, default=None)
    parser.add_argument("--statements", action="store_true", help="time each SQL statement")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    url = _database_url()

    print(f"Database {url.database}: recreating, {args.applicants:,} applicants ...")
    _recreate(url)
    engine = sa.create_engine(url)
    try:
        SQLModel.metadata.create_all(engine)
        started = time.perf_counter()
        _build(engine, args.applicants, args.quota, args.kk_cap)
        print(f"  generated in {time.perf_counter() - started:.1f} s")
        with Session(engine, expire_on_commit=False) as db:
            wave_id = db.exec(select(models.Wave.id).where(models.Wave.number == WAVE)).one()
            draw.commit_seed(db, wave_id, OPENS)
            db.commit()
            seed = db.get_one(models.Wave, wave_id).seed or ""
        ours: list[float] = []
        naive: list[float] = []
        timings = _time_statements(engine) if args.statements else []
        for run in range(RUNS):
            naive.append(_naive_draw(engine, wave_id, seed, args.quota))
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(sa.text("VACUUM ANALYZE"))
            timings.clear()
            with Session(engine, expire_on_commit=False) as db:
                tracemalloc.start()
                started = time.perf_counter()
                drawn = draw.run_selection(db, WAVE, CLOSES)
                ours.append(time.perf_counter() - started)
                _, python_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            print(f"  run {run + 1}: naive {naive[-1]:.1f} s, run_selection {ours[-1]:.1f} s")
            for seconds_taken, words in timings:
                if seconds_taken >= 0.05:
                    print(f"    {seconds_taken:6.2f} s  {words}")
            if run < RUNS - 1:
                _undo_draw(engine, wave_id)
        rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"Wave {WAVE}: quota {drawn.quota:,}, kk cap {args.kk_cap}:"
            f" {drawn.applicants:,} applicants, {drawn.excluded:,} excluded,"
            f" {drawn.selected:,} selected, {drawn.not_selected:,} not selected"
        )
        report("run_selection (reference: the naive SQL draw)", "s", ours, naive)
        print(f"Peak memory: Python allocations {python_peak / 2**20:.1f} MiB during the draw,")
        print(f"             process max RSS {rss_mib:.0f} MiB (the database works server-side)")
        eligible = drawn.applicants - drawn.excluded
        ok = drawn.applicants == args.applicants and drawn.selected <= args.quota
        ok = ok and (args.kk_cap is not None or drawn.selected == min(args.quota, eligible))
        if not ok:
            print("Unexpected counts.", file=sys.stderr)
            return 1
    finally:
        engine.dispose()
        if not args.keep:
            _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
