"""Benchmark: a burst of sign-ins, each figure beside its reference from the same run.

1. `burst`: 200 logins at once through the login page's handler (the app's middleware and
   `LoginState.submit`, gathered on one event loop, as one backend worker sees them):
   logins a second, against argon2id's own rate on as many threads (argon2-cffi's
   `verify` called directly, at the parameters the app uses). Also the same logins with
   a near-free hash: the rate of the app's own work (Reflex, the database) alone.
2. `others`: the dashboard's load (the session check and the overview: three trips to the
   database) sent over and over by 50 signed-in participants, each pausing about half a
   second between loads: its p95 while the burst runs, against the same before it.

`--before` runs both as before this change: passlib's default argon2 parameters (64 MiB,
t=3, p=4) and the whole login on asyncio's default pool. Each part runs 3 times
(BENCH_RUNS); the medians are printed with the ratio. The database is PostgreSQL, one of
its own (PRAKERJA_BENCH_DATABASE_URL, default .../test_logins_bench), dropped at the end.

    .venv/bin/python bench/logins.py [burst] [others] [--before] [--logins 200] [--tabs 50]
"""

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_logins_bench"
os.environ["REFLEX_DB_URL"] = os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL)

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from passlib.context import CryptContext  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import prakerja_app.db  # noqa: E402
from bench.report import RUNS, p95, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app import settings  # noqa: E402
from prakerja_app.models import User, utc_now  # noqa: E402
from prakerja_app.pages.participant.dashboard import DashboardState  # noqa: E402
from prakerja_app.pages.public import login as login_page  # noqa: E402
from prakerja_app.pages.public.login import LoginState  # noqa: E402
from prakerja_app.services.accounts import passwords, sessions  # noqa: E402
from prakerja_app.services.core import clock  # noqa: E402
from prakerja_app.services.registration import steps  # noqa: E402
from tests import factories  # noqa: E402
from tests.tabs import Tab  # noqa: E402

PASSWORD = factories.PASSWORD
LOGIN = f"{LoginState.get_full_name()}.submit"
LOAD = f"{DashboardState.get_full_name()}.load"
PAUSE = 0.5  # seconds a participant waits between two loads of the dashboard
BEFORE_BURST = 2.0  # seconds the others are measured for before the burst
OWASP = PasswordHasher(memory_cost=19456, time_cost=2, parallelism=1)
PASSLIB_DEFAULT = PasswordHasher(memory_cost=65536, time_cost=3, parallelism=4)


def _shared_pool_login(email: str, password: str, client_key: str) -> sessions.SignedIn:
    """The login as it ran before: all of it in one thread of asyncio's default pool."""
    with prakerja_app.db.open_session() as db:
        signed_in = sessions.login(
            db, email=email, password=password, client_key=client_key, now=utc_now()
        )
        steps.record_login(db, signed_in.user.id, clock.current(db))
    return signed_in


async def _before_log_in(email: str, password: str, client_key: str) -> sessions.SignedIn:
    return await asyncio.to_thread(_shared_pool_login, email, password, client_key)


def reference_rate(hasher: PasswordHasher, count: int, threads: int) -> float:
    """argon2id verifies a second on `threads` threads, argon2-cffi called directly."""
    stored = hasher.hash(PASSWORD)
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(lambda _: hasher.verify(stored, PASSWORD), range(threads)))  # warm
        started = time.perf_counter()
        list(pool.map(lambda _: hasher.verify(stored, PASSWORD), range(count)))
    return count / (time.perf_counter() - started)


async def _burst(emails: list[str]) -> float:
    """Seconds for all these logins at once, each from a tab of its own; all must pass."""
    tabs = [Tab() for _ in emails]
    started = time.perf_counter()
    await asyncio.gather(
        *(
            tab.send(LOGIN, {"form": {"email": email, "password": PASSWORD}})
            for tab, email in zip(tabs, emails, strict=True)
        )
    )
    elapsed = time.perf_counter() - started
    refused = [tab(LoginState).error for tab in tabs if tab(LoginState).error]
    if refused:
        raise RuntimeError(f"{len(refused)} logins refused, e.g. {refused[0]!r}")
    return elapsed


async def _loads(tabs: list[Tab], done: Callable[[], bool]) -> list[float]:
    """Seconds of each dashboard load the tabs send, one after another with a pause,
    until `done()`."""
    times: list[float] = []

    async def participant(tab: Tab) -> None:
        await asyncio.sleep(random.uniform(0, PAUSE))  # not all at once
        while not done():
            started = time.perf_counter()
            await tab.send(LOAD, {})
            if tab(DashboardState).overview is None:
                raise RuntimeError(f"the dashboard did not load: {tab(DashboardState).message}")
            times.append(time.perf_counter() - started)
            await asyncio.sleep(random.uniform(0.5, 1.5) * PAUSE)

    await asyncio.gather(*(participant(tab) for tab in tabs))
    return times


async def _others_before_and_during(tabs: list[Tab], emails: list[str]) -> tuple[float, float]:
    """The dashboard's p95 for BEFORE_BURST seconds, then while the burst runs."""
    until = time.perf_counter() + BEFORE_BURST
    quiet = await _loads(tabs, lambda: time.perf_counter() >= until)
    burst = asyncio.ensure_future(_burst(emails))
    during = await _loads(tabs, burst.done)
    await burst
    return p95(quiet), p95(during)


def _applicants(engine: sa.Engine, count: int, stored: str) -> list[str]:
    """The emails of `count` applicants whose password hash is `stored`."""
    with Session(engine, expire_on_commit=False) as db:
        return [factories.user(db, utc_now(), password_hash=stored).email for _ in range(count)]


def _signed_in(engine: sa.Engine, count: int) -> list[Tab]:
    """Tabs of `count` participants, each signed in with a session of its own."""
    tabs = []
    with Session(engine, expire_on_commit=False) as db:
        for _ in range(count):
            user = db.get_one(User, factories.buyer(db, utc_now()).user_id)
            tab = Tab()
            tab.connect(factories.session_token(db, user))
            tabs.append(tab)
    return tabs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", default=["burst", "others"])
    parser.add_argument("--before", action="store_true", help="the former pool and parameters")
    parser.add_argument("--logins", type=int, default=200)
    parser.add_argument("--tabs", type=int, default=50)
    args = parser.parse_args(argv)
    url = sa.make_url(os.environ["REFLEX_DB_URL"])
    _recreate(url)
    engine = sa.create_engine(url)
    SQLModel.metadata.create_all(engine)
    patch = pytest.MonkeyPatch()
    patch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    hasher = PASSLIB_DEFAULT if args.before else OWASP
    if args.before:
        patch.setattr(passwords, "_context", CryptContext(schemes=["argon2"], deprecated="auto"))
        patch.setattr(login_page, "log_in", _before_log_in)
    threads = settings.hash_threads()
    how = "default pool, 64 MiB t=3 p=4" if args.before else f"{threads} hashing threads, OWASP"
    try:
        emails = _applicants(engine, args.logins, passwords.hash_password(PASSWORD))
        with pytest.MonkeyPatch.context() as cheap:  # set-up: not measured
            factories.cheap_password_hashing(cheap)
            tabs = _signed_in(engine, args.tabs)
            cheap_emails = _applicants(engine, args.logins, passwords.hash_password(PASSWORD))
        if "burst" in args.parts:
            ours, own_work, theirs = [], [], []
            for _ in range(RUNS):
                ours.append(args.logins / asyncio.run(_burst(emails)))
                with pytest.MonkeyPatch.context() as cheap:
                    factories.cheap_password_hashing(cheap)
                    own_work.append(args.logins / asyncio.run(_burst(cheap_emails)))
                theirs.append(reference_rate(hasher, args.logins, threads))
            report(
                f"{args.logins} logins at once ({how}) vs argon2 on {threads} threads",
                "logins/s",
                ours,
                theirs,
            )
            report(
                "  the same with a near-free hash (1 MiB, t=1: the app's own work)",
                "logins/s",
                own_work,
                theirs,
            )
        if "others" in args.parts:
            quiet, during = [], []
            for _ in range(RUNS):
                before, burst = asyncio.run(_others_before_and_during(tabs, emails))
                quiet.append(before)
                during.append(burst)
            report(
                f"{args.tabs} participants' dashboard p95 during the burst ({how}) vs before",
                "s",
                during,
                quiet,
            )
    finally:
        patch.undo()
        engine.dispose()
        _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
