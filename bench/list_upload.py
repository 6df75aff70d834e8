"""Benchmark: a 1,000,000-line exclusion list uploaded, checked and applied, beside a
bare COPY of the same file.

The file (written once, about 23 MB): 1,000,000 lines of valid NIKs with reasons, plus
one invalid line in a thousand and one duplicate in a thousand. The list before each run:
600,000 entries, of which 500,000 are in the file (so the upload adds 500,000, keeps
500,000 and removes 100,000), and 1,000 blacklisted by revocations, which it keeps.

Each run (BENCH_RUNS, 3) resets the list (not timed), then times, through the services:

1. the dry run, `uploads.check`: read and check every line in Python, stage them with
   COPY in batches, mark duplicates and count the diff in SQL;
2. the application, `uploads.apply`, in one transaction;

and, as the reference in the same run, on the same file: a bare ``COPY ... FROM STDIN
CSV HEADER`` into a temporary table (no checks), and a naive replacement (that COPY,
then DELETE the list and INSERT it back from the temporary table), rolled back. Medians
and their ratio; the peak memory of the process. The database is one of its own
(PRAKERJA_BENCH_DATABASE_URL, default .../test_lists_bench), dropped at the end unless
--keep.

    .venv/bin/python bench/list_upload.py [--lines 1000000] [--keep]
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_lists_bench"
os.environ.setdefault("PRAKERJA_PRIVATE_DIR", tempfile.mkdtemp(prefix="lists-bench-"))

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from bench.report import RUNS, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app.models import User, utc_now  # noqa: E402
from prakerja_app.services.lists import storage, uploads  # noqa: E402

BLOCK = 280_000  # NIKs per district: 28 birth days x 10,000 serials
REASONS = ("asn", "tni", "polri", "pejabat_negara", "dprd", "perangkat_desa", "direksi_bumn")


def nik(g: int) -> str:
    """The g-th valid NIK: 3174, district, birth day in March 1990, serial."""
    return f"3174{1 + g // BLOCK:02d}{1 + g % 28:02d}0390{g % BLOCK // 28:04d}"


def write_file(path: Path, lines: int) -> None:
    """The upload: NIK g with reason g % 7, an invalid and a duplicate line per 1,000."""
    with path.open("w") as out:
        out.write("nik,reason\n")
        for g in range(lines):
            if g % 1000 == 1:
                out.write(f"{nik(g)[:15]},asn\n")
            elif g % 1000 == 2:
                out.write(f"{nik(g - 2)},{REASONS[(g - 2) % 7]}\n")
            else:
                out.write(f"{nik(g)},{REASONS[g % 7]}\n")


def reset_list(engine: sa.Engine, lines: int) -> None:
    """The list before a run: half the file's NIKs, 100,000 others, 1,000 blacklisted."""
    with engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE exclusionentry, listuploadline, listupload"))
        rows = [
            {"nik": nik(g), "reason": REASONS[g % 7]}
            for g in range(0, lines, 2)
            if g % 1000 not in (1, 2)
        ]
        rows += [{"nik": nik(lines + g), "reason": "asn"} for g in range(100_000)]
        rows += [{"nik": nik(lines + 100_000 + g), "reason": "blacklist"} for g in range(1_000)]
        raw = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with raw.copy("COPY exclusionentry (nik, reason, source, created_at) FROM STDIN") as copy:
            now = utc_now().replace(tzinfo=None)
            for row in rows:
                copy.write_row((row["nik"], row["reason"], "bench", now))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE exclusionentry"))


def bare_copy(engine: sa.Engine, path: Path, replace: bool) -> float:
    """The reference: COPY the file into a temporary table (and with `replace`, put it in
    place of the list), rolled back; seconds."""
    started = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(sa.text("CREATE TEMPORARY TABLE bare (nik varchar(32), reason varchar(32))"))
        raw = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with (
            raw.copy("COPY bare FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            path.open("rb") as source,
        ):
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        if replace:
            conn.execute(sa.text("DELETE FROM exclusionentry WHERE reason <> 'blacklist'"))
            conn.execute(
                sa.text(
                    "INSERT INTO exclusionentry (nik, reason, source, created_at)"
                    " SELECT DISTINCT nik, reason, 'bare', now() FROM bare"
                )
            )
        elapsed = time.perf_counter() - started
        conn.rollback()
    return elapsed


def one_run(engine: sa.Engine, path: Path, admin_id: int, lines: int) -> tuple[float, float]:
    """The dry run's and the application's seconds, through the services."""
    reset_list(engine, lines)
    key = storage.new_key()
    storage.path_of(key).write_bytes(path.read_bytes())
    now = utc_now()
    with Session(engine, expire_on_commit=False) as db:
        upload_id = uploads.receive(
            db, now=now, actor_id=admin_id, kind="exclusion", filename="bench.csv", key=key
        )
        started = time.perf_counter()
        assert uploads.check(db, upload_id, now)
        checked = time.perf_counter() - started
        uploads.request_apply(db, now=now, actor_id=admin_id, upload_id=upload_id)
        started = time.perf_counter()
        assert uploads.apply(db, upload_id, actor_id=admin_id, now=now)
        applied = time.perf_counter() - started
        done = uploads._get(db, upload_id)
        print(
            f"  run: dry run {checked:.1f} s, apply {applied:.1f} s; added {done.added},"
            f" removed {done.removed}, unchanged {done.unchanged}, invalid {done.invalid}",
            flush=True,
        )
    return checked, applied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    url = sa.make_url(os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL))
    if url.database in ("test", "postgres") or str(url.database).startswith("template"):
        raise SystemExit(f"refusing to use the database {url.database}")
    _recreate(url)
    engine = sa.create_engine(url)
    path = Path(os.environ["PRAKERJA_PRIVATE_DIR"]) / "bench-source.csv"
    try:
        SQLModel.metadata.create_all(engine)
        write_file(path, args.lines)
        print(f"{args.lines} lines, {path.stat().st_size / 2**20:.1f} MB", flush=True)
        with Session(engine) as db:
            admin = User(email="bench@prakerja.local", full_name="Bench", password_hash="!")
            db.add(admin)
            db.commit()
            admin_id = admin.id or 0
        checks, applies, copies, replaces = [], [], [], []
        for _ in range(RUNS):
            checked, applied = one_run(engine, path, admin_id, args.lines)
            checks.append(checked)
            applies.append(checked + applied)
            reset_list(engine, args.lines)
            copies.append(bare_copy(engine, path, replace=False))
            replaces.append(bare_copy(engine, path, replace=True))
        report("dry run (vs bare COPY of the file)", "s", checks, copies)
        report("dry run + apply (vs COPY + naive replace)", "s", applies, replaces)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the process: {peak:.0f} MB", flush=True)
    finally:
        engine.dispose()
        if not args.keep:
            _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
