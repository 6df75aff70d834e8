"""Benchmark: the console's applicant search at 1,000,000 applicants, beside an ILIKE scan.

1,000,000 applicants (every third one a participant with a card number) are generated
with INSERT ... SELECT generate_series, each with a valid NIK and an Indonesian mobile
number. Then each kind of search (email, phone, NIK, card number), typed the way people
type them (upper case, dashes, spaces), runs through `views.applicant_search.search`: the
normalised key looked up by equality on its unique index. The reference, in the same run:
the same statement and keys matched with ``ILIKE '%key%'``, which no b-tree index serves
(the scan a console makes when it searches for what was typed anywhere in the column).

Each run times SAMPLES searches of each kind (REFERENCE_SAMPLES for the slow reference);
3 runs (BENCH_RUNS), medians of the p95 and their ratio. The database is one of its own
(PRAKERJA_BENCH_DATABASE_URL, default .../test_applicants_bench), dropped at the end
unless --keep.

    .venv/bin/python bench/applicant_search.py [--applicants 1000000] [--keep]
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_applicants_bench"

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from bench.report import RUNS, p95, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app.models import utc_now  # noqa: E402
from prakerja_app.services.views import applicant_search  # noqa: E402
from prakerja_app.services.views.applicant_search import search  # noqa: E402

SAMPLES = 200
REFERENCE_SAMPLES = 10
BLOCK = 280_000  # NIKs per district: 28 birth days x 10,000 serials

# Applicant g (1..n): NIK 3174 + district (1 + g / BLOCK) + birth day (1 + g % 28) + 0390
# + serial (g % BLOCK / 28), a man born in March 1990 in Jakarta Selatan; phone +62812 + g.
GENERATE = (
    """
    INSERT INTO wave (id, number, opens_at, closes_at, quota, status)
    VALUES (1, 1, :at, :at, 800000, 'announced')
    """,
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
        province_code, regency_code, phone, phone_verified_at, ministry_proposed,
        created_at, updated_at)
    SELECT g,
           '3174' || lpad((1 + g / :block)::text, 2, '0') || lpad((1 + g % 28)::text, 2, '0')
               || '0390' || lpad((g % :block / 28)::text, 4, '0'),
           '3174' || lpad(g::text, 12, '0'), make_date(1990, 3, 1 + g % 28), 'L',
           'Pelamar Ke-' || g, '31', '3174', '+62812' || lpad(g::text, 8, '0'), :at, false,
           :at, :at
    FROM generate_series(1, :n) AS g
    """,
    """
    INSERT INTO participant (user_id, nik, wave_id, card_number, selected_at,
                             first_purchase_deadline)
    SELECT user_id, nik, 1, '5' || lpad(user_id::text, 15, '0'), :at, :at
    FROM applicantprofile WHERE user_id % 3 = 0
    """,
)


def _typed(kind: str, g: int) -> str:
    """Applicant g's key of this kind, as an admin might type it."""
    if kind == "email":
        return f" Pelamar{g}@Contoh.ID "
    if kind == "phone":
        digits = f"0812{g:08d}"
        return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
    if kind == "nik":
        nik = f"3174{1 + g // BLOCK:02d}{1 + g % 28:02d}0390{g % BLOCK // 28:04d}"
        return f"{nik[:6]} {nik[6:12]} {nik[12:]}"
    card = f"5{g:015d}"
    return " ".join(card[i : i + 4] for i in range(0, 16, 4))


def _ilike_search(db: Session, *, kind: str, text: str, page: int = 1) -> None:
    """The same statement, with the normalised key found anywhere in the column (ILIKE)."""
    search_kind, key = applicant_search.normalise(kind, text)
    column = {
        "email": "u.email",
        "phone": "ap.phone",
        "nik": "ap.nik",
        "card": "p.card_number",
    }[search_kind]
    db.connection().execute(
        sa.text(
            f"""
            SELECT u.id, u.full_name, u.email, ap.nik, ap.phone, p.id
            FROM "user" u
            LEFT JOIN applicantprofile ap ON ap.user_id = u.id
            LEFT JOIN participant p ON p.user_id = u.id
            WHERE u.role = 'applicant' AND {column} ILIKE '%' || :key || '%'
            ORDER BY u.id LIMIT 21 OFFSET 0
            """
        ),
        {"key": key},
    ).all()


def _build(engine: sa.Engine, applicants: int) -> None:
    params = {"n": applicants, "block": BLOCK, "at": utc_now().replace(tzinfo=None)}
    with engine.begin() as conn:
        for statement in GENERATE:
            wanted = {k: v for k, v in params.items() if f":{k}" in statement}
            conn.execute(sa.text(statement), wanted)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _p95(db: Session, run: Callable, kind: str, keys: list[int]) -> float:
    seconds = []
    for g in keys:
        started = time.perf_counter()
        run(db, kind=kind, text=_typed(kind, g))
        seconds.append(time.perf_counter() - started)
    return p95(seconds)


def _keys(kind: str, applicants: int, how_many: int, rng: random.Random) -> list[int]:
    """Applicants that have such a key (participants only for cards)."""
    if kind == "card":
        return [3 * rng.randint(1, applicants // 3) for _ in range(how_many)]
    return [rng.randint(1, applicants) for _ in range(how_many)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    url = sa.make_url(os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL))
    _recreate(url)
    engine = sa.create_engine(url)
    rng = random.Random(9)
    try:
        SQLModel.metadata.create_all(engine)
        started = time.perf_counter()
        _build(engine, args.applicants)
        print(
            f"built {args.applicants:,} applicants in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        with Session(engine) as db:
            for kind in ("email", "phone", "nik", "card"):
                ours, reference = [], []
                for _ in range(RUNS):
                    keys = _keys(kind, args.applicants, SAMPLES, rng)
                    found = search(db, kind=kind, text=_typed(kind, keys[0])).rows
                    assert [row.user_id for row in found] == [keys[0]], (kind, found)
                    ours.append(_p95(db, search, kind, keys))
                    reference.append(_p95(db, _ilike_search, kind, keys[:REFERENCE_SAMPLES]))
                report(f"search p95, {kind}", "s", ours, reference)
    finally:
        engine.dispose()
        if not args.keep:
            _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
