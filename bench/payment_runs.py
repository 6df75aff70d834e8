"""Benchmark: payment runs at a wave's scale, and payouts a second through the partner.

800,000 participants (a 2020 wave's quota), each with its first instalment due and a
linked e-wallet, are generated with INSERT ... SELECT generate_series. Then, each run
(BENCH_RUNS, 3):

1. **gather**: `runs.gather` puts every due instalment in the day's run (one INSERT ...
   SELECT of the tries, their keys, and the payments' counters). Reference: the same
   rows selected by the same join into a bare table (CREATE TEMP TABLE AS), the cost of
   reading and writing them with no index or constraint to keep.
2. **gather again**: the next day's job, nothing new (every payment has a live try).
   Reference: the same bare select, counted.
3. **send**: SEND tries (the others' due dates moved out) prepared, approved and sent
   through the partner simulator (`sending.send_run`, batches of 100). Reference: the
   same number of payouts created and approved through the same HTTP client with no
   database. Payouts a second, and the ratio.

The database is its own (PRAKERJA_BENCH_DATABASE_URL, default .../test_payments_bench),
dropped at the end unless --keep.

    .venv/bin/python bench/payment_runs.py [--participants 800000] [--send 2000] [--keep]
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_payments_bench"

import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from bench.report import RUNS, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app.services.money import runs, sending  # noqa: E402
from prakerja_app.services.money.partner.interface import PayoutChannel, PayoutOrder  # noqa: E402
from prakerja_app.services.money.partner.iris import IrisPartner  # noqa: E402
from tests.partner_simulator import PartnerSimulator  # noqa: E402

NOW = datetime(2020, 9, 4, 3, 0, tzinfo=UTC)  # 10:00 WIB; the instalments fell due on 1 Sep
MAKER, CHECKER = -1, -2  # the two finance admins' ids
ACCOUNT = "081234565678"  # the reference's payouts: an ordinary account at the simulator

GENERATE = (
    """
    INSERT INTO wave (id, number, opens_at, closes_at, quota, status)
    VALUES (1, 1, :at, :at, 800000, 'announced')
    """,
    """
    INSERT INTO "user" (id, email, full_name, password_hash, role, is_active, created_at)
    SELECT g, 'peserta' || g || '@contoh.id', 'Peserta Ke-' || g, '!',
           CASE WHEN g < 0 THEN 'admin' ELSE 'applicant' END, true, :at
    FROM generate_series(-2, :n) AS g WHERE g <> 0
    """,
    """
    INSERT INTO participant (id, user_id, nik, wave_id, card_number, selected_at,
                             first_purchase_deadline)
    SELECT g, g, '3174' || lpad(g::text, 12, '0'), 1, '5' || lpad(g::text, 15, '0'), :at, :at
    FROM generate_series(1, :n) AS g
    """,
    """
    INSERT INTO payment (participant_id, kind, sequence, amount, due_on, status,
                         idempotency_key, created_at)
    SELECT g, 'incentive', 1, 600000, DATE '2020-09-01', 'scheduled',
           'incentive:' || g || ':' || 1, :at
    FROM generate_series(1, :n) AS g
    """,
    """
    INSERT INTO payoutaccount (participant_id, provider, account_number, holder_name,
                               verified_at, active, created_at)
    SELECT g, 'ovo', '08' || lpad(g::text, 6, '0') || '5678', 'PESERTA SIMULASI', :at, true,
           :at
    FROM generate_series(1, :n) AS g
    """,
)
# The rows `gather` selects, into a bare table: the reference.
BARE_SELECT = """
    SELECT p.id AS payment_id, coalesce(t.last, 0) + 1 AS number,
           p.idempotency_key || ':' || (coalesce(t.last, 0) + 1) AS idempotency_key, p.amount,
           a.id AS payout_account_id
    FROM payment p
    JOIN payoutaccount a ON a.participant_id = p.participant_id AND a.active
        AND a.verified_at IS NOT NULL
    LEFT JOIN (SELECT payment_id, max(number) AS last FROM payoutattempt GROUP BY payment_id) t
        ON t.payment_id = p.id
    WHERE p.status = 'scheduled' AND p.due_on <= DATE '2020-09-04'
"""
RESET = (
    "DELETE FROM payoutattempt",
    "DELETE FROM paymentrun",
)


def _execute(engine: sa.Engine, statements: tuple[str, ...], **params: object) -> None:
    with engine.begin() as conn:
        for statement in statements:
            wanted = {k: v for k, v in params.items() if f":{k}" in statement}
            conn.execute(sa.text(statement), wanted)


def _vacuum(engine: sa.Engine) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def _bare(engine: sa.Engine, *, write: bool) -> None:
    with engine.begin() as conn:
        if write:
            conn.execute(sa.text(f"CREATE TEMP TABLE due ON COMMIT DROP AS {BARE_SELECT}"))
        else:
            conn.execute(sa.text(f"SELECT count(*) FROM ({BARE_SELECT}) AS due")).one()


def _send_once(engine: sa.Engine, partner: IrisPartner, count: int) -> float:
    """Prepare, approve and send a run of `count` tries; payouts a second."""
    with Session(engine, expire_on_commit=False) as db:
        run_id = runs.gather(db, NOW)
        assert run_id is not None
        held = runs.summary(db, run_id)
        assert held.count == count, held
        runs.prepare(db, run_id, MAKER, held.count, held.total, NOW)
        runs.approve(db, run_id, CHECKER, held.count, held.total, NOW, real_now=NOW)
        seconds = _timed(lambda: sending.send_run(db, run_id, partner, NOW))
        assert runs.summary(db, run_id).by_status == {"sent": count}
    return count / seconds


def _reference_send(partner: IrisPartner, count: int, run: int) -> float:
    """The same payouts created and approved over the same client, with no database."""
    started = time.perf_counter()
    for first in range(0, count, sending.BATCH):
        orders = [
            PayoutOrder(
                f"bench:{run}:{i}", PayoutChannel.OVO, "081234565678", "PESERTA", 600_000, ""
            )
            for i in range(first, min(first + sending.BATCH, count))
        ]
        created = partner.create_payouts(orders)
        partner.approve_payouts([payout.reference_no for payout in created])
    return count / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=800_000)
    parser.add_argument("--send", type=int, default=2_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    url = sa.make_url(os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL))
    _recreate(url)
    engine = sa.create_engine(url)
    try:
        SQLModel.metadata.create_all(engine)
        started = time.perf_counter()
        _execute(engine, GENERATE, n=args.participants, at=NOW.replace(tzinfo=None))
        _vacuum(engine)
        print(
            f"built {args.participants:,} payees in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        gather, again, bare, bare_again = [], [], [], []
        for _ in range(RUNS):
            with Session(engine, expire_on_commit=False) as db:
                gather.append(_timed(lambda db=db: runs.gather(db, NOW)))
                assert runs.summary(db, runs.open_run_id(db)).count == args.participants
                again.append(_timed(lambda db=db: runs.gather(db, NOW)))
            bare.append(_timed(lambda: _bare(engine, write=True)))
            bare_again.append(_timed(lambda: _bare(engine, write=False)))
            print(f"run: gather {gather[-1]:.1f} s, again {again[-1]:.2f} s", flush=True)
            _execute(engine, RESET)
            _vacuum(engine)
        report(f"gather {args.participants:,} due instalments", "s", gather, bare)
        report("gather again, nothing new", "s", again, bare_again)
        _execute(engine, (f"UPDATE payment SET due_on = DATE '2020-10-01' WHERE id > {args.send}",))
        ours, theirs = [], []
        with PartnerSimulator() as simulator, IrisPartner(simulator.settings) as partner:
            for run in range(RUNS):
                ours.append(_send_once(engine, partner, args.send))
                theirs.append(_reference_send(partner, args.send, run))
                _execute(engine, (*RESET, "UPDATE payment SET status = 'scheduled'"))
                simulator.reset()
        report(f"send {args.send:,} payouts", "payouts/s", ours, theirs)
    finally:
        engine.dispose()
        if not args.keep:
            _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
