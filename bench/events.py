"""Benchmark: the public pages' events through a running backend, beside a bare event.

The production backend (granian, one worker, tab state in Redis as in production) serves
the demo's catalogue on PostgreSQL; 100 tabs (`bench.clients`) connect over websockets
and send, each as soon as its previous one is answered:

1. `catalogue`: the catalogue page's `load` event, 20 per tab, over the URLs a visitor
   opens most (the pages of the whole catalogue, a platform, a category, two searches,
   sorted by rating), against the bare event (a handler that only counts) sent the same
   way from the same pages;
2. `landing`: the landing page's on_load chain as a navigation to it starts it
   (`on_load_internal`, then the header's session check and `LandingState.load`, then the
   hydrated flag), 20 per tab, against the same chain on a page whose two on_load
   handlers are the bare one.

Each part runs 3 times (BENCH_RUNS), each run on an empty Redis (db 7, flushed); the
medians of the p95 and of the events (or chains) answered a second are printed with their
ratio. The database is one of its own (PRAKERJA_BENCH_DATABASE_URL, default
.../test_events_bench), with the demo's data, dropped at the end.

    .venv/bin/python bench/events.py [catalogue] [landing] [--clients 100] [--events 20]
"""

import argparse
import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_events_bench"
REDIS_URL = "redis://127.0.0.1:6379/7"
ORIGIN = "http://127.0.0.1:3000"
PORT = 8731
os.environ.update(
    REFLEX_DB_URL=os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL),
    REFLEX_REDIS_URL=REDIS_URL,
    PRAKERJA_PUBLIC_URL=ORIGIN,
    PRAKERJA_SECRET_KEY="b" * 40,
)

import redis  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from reflex.state import OnLoadInternalState, State  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

from bench.clients import BARE_PAGE, BareState, Run, Tab, drive, running_backend  # noqa: E402
from bench.report import RUNS, p95, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app.models import utc_now  # noqa: E402
from prakerja_app.pages.public.catalogue import CatalogueState  # noqa: E402
from prakerja_app.services.demo import seed  # noqa: E402

CATALOGUE_URLS = [
    *(f"/pelatihan?page={n}" for n in range(1, 7)),
    "/pelatihan?platform=tokopedia",
    "/pelatihan?category=kuliner",
    "/pelatihan?words=bahasa+inggris",
    "/pelatihan?words=pemasaran",
    "/pelatihan?sort=rating",
]
LOAD = f"{CatalogueState.get_full_name()}.load"
PING = f"{BareState.get_full_name()}.ping"
ON_LOAD = f"{OnLoadInternalState.get_full_name()}.on_load_internal"


def _has(state_cls):
    name = state_cls.get_full_name()
    return lambda update: name in update.get("delta", {})


def _hydrated(update: dict) -> bool:
    return update.get("delta", {}).get(State.get_full_name(), {}).get("is_hydrated_rx_state_")


def _event(name: str, urls: list[str], done):
    """Each tab sends `name` from the pages `urls`, in turn, until `done` says answered."""

    async def send(tab: Tab, client: int, n: int) -> float:
        return await tab.send(name, {}, urls[(client + n) % len(urls)], done)

    return send


def _measure(clients: int, events: int, send) -> Run:
    redis.Redis.from_url(REDIS_URL).flushdb()
    return asyncio.run(drive("127.0.0.1", PORT, ORIGIN, clients, events, send))


def _compare(name: str, unit: str, clients: int, events: int, ours, reference) -> None:
    runs: dict[str, list[Run]] = {"ours": [], "reference": []}
    for _ in range(RUNS):
        runs["ours"].append(_measure(clients, events, ours))
        runs["reference"].append(_measure(clients, events, reference))
    label = f"{name}, {clients} clients x {events}"
    report(
        f"{label}: p95",
        "s",
        [p95(run.seconds) for run in runs["ours"]],
        [p95(run.seconds) for run in runs["reference"]],
    )
    report(
        f"{label}: {unit}",
        unit,
        [run.rate for run in runs["ours"]],
        [run.rate for run in runs["reference"]],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", default=["catalogue", "landing"])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--events", type=int, default=20)
    args = parser.parse_args(argv)
    url = sa.make_url(os.environ["REFLEX_DB_URL"])
    _recreate(url)
    engine = sa.create_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as db:
        seed.seed_demo(db, utc_now())
    engine.dispose()
    try:
        with running_backend(PORT):
            if "catalogue" in args.parts:
                _compare(
                    "catalogue load event vs bare event",
                    "events/s",
                    args.clients,
                    args.events,
                    _event(LOAD, CATALOGUE_URLS, _has(CatalogueState)),
                    _event(PING, CATALOGUE_URLS, _has(BareState)),
                )
            if "landing" in args.parts:
                _compare(
                    "landing on_load chain vs bare on_load chain",
                    "chains/s",
                    args.clients,
                    args.events,
                    _event(ON_LOAD, ["/"], _hydrated),
                    _event(ON_LOAD, [BARE_PAGE], _hydrated),
                )
    finally:
        _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
