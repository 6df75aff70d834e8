"""Benchmark: the outbox under load, each figure beside its reference from the same run.

1. `event`: an applicant's form event (the identity step's submit, through the app's
   middleware and handler) with 200,000 messages queued, against the same event with an
   empty outbox. Handlers only queue and nudge, so the ratio should stay near 1.
2. `throughput`: messages a second from the outbox to a local SMTP server (aiosmtpd) and
   to Kannel (its fake SMSC), sent by real job workers (`huey_consumer` processes on
   Redis), against the same server fed directly by as many threads without the outbox.
3. `otp`: seconds from an applicant's phone code being committed to Kannel accepting it,
   while the workers drain a 200,000 SMS backlog, against the same with no backlog.

Each part runs 3 times; the medians are printed with the ratio. The database is
PostgreSQL, one of its own (PRAKERJA_BENCH_DATABASE_URL, default .../test_outbox_bench),
dropped at the end; Redis db 6 is flushed.

    .venv/bin/python bench/outbox.py [event] [throughput] [otp] [--backlog 200000]
"""

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REDIS_URL = "redis://127.0.0.1:6379/6"
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_outbox_bench"
os.environ.update(
    PRAKERJA_JOBS_MEMORY="0",
    PRAKERJA_JOBS_REDIS_URL=REDIS_URL,
    REFLEX_DB_URL=os.environ.get("PRAKERJA_BENCH_DATABASE_URL", DEFAULT_URL),
)

import redis  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from sqlmodel import Session, SQLModel, col, select  # noqa: E402

from bench.report import RUNS, p95, report  # noqa: E402
from bench.select_wave import _recreate  # noqa: E402
from prakerja_app.models import OutboxMessage, utc_now  # noqa: E402
from prakerja_app.services.core.vocab import Channel, OutboxStatus, Priority  # noqa: E402
from prakerja_app.services.messaging import outbox  # noqa: E402
from prakerja_app.services.messaging.kannel import KannelSettings, KannelSmsGateway  # noqa: E402
from prakerja_app.services.messaging.reports import report_url  # noqa: E402
from prakerja_app.services.messaging.senders import Outgoing, SmtpEmailSender  # noqa: E402
from prakerja_app.settings import SmtpSettings  # noqa: E402
from tests.e2e.mail_server import MailServer  # noqa: E402
from tests.kannel import Kannel  # noqa: E402

JOB_WORKERS = 2
JOB_THREADS = 4


def bulk_insert(engine: sa.Engine, channel: Channel, count: int, prefix: str) -> None:
    """`count` pending messages of `channel` in one statement (a draw's results)."""
    recipient = f"'{prefix}' || g || '@contoh.id'" if channel == Channel.EMAIL else "'+62811' || g"
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO outboxmessage (channel, recipient, subject, body, status, priority,"
                " attempts, created_at)"
                f" SELECT :channel, {recipient}, 'Hasil seleksi', 'Hasil seleksi gelombang 8',"
                " 'pending', :priority, 0, now() FROM generate_series(1, :count) g"
            ),
            {"channel": str(channel), "priority": int(Priority.BULK), "count": count},
        )
        conn.execute(sa.text("ANALYZE outboxmessage"))


def empty_outbox(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("TRUNCATE outboxmessage"))


# --- 1. the form event ---------------------------------------------------------------


def event_times(engine: sa.Engine, count: int) -> list[float]:
    """Seconds for each of `count` applicants' identity-step submit events."""
    import pytest

    import prakerja_app.db
    from prakerja_app.services.registration.steps import Step
    from tests import factories
    from tests.tabs import Tab

    patch = pytest.MonkeyPatch()
    patch.setattr(prakerja_app.db, "get_engine", lambda: engine)
    factories.cheap_password_hashing(patch)
    from prakerja_app.pages.register.identity_step import IdentityState

    name = f"{IdentityState.get_full_name()}.submit"
    times = []
    with Session(engine, expire_on_commit=False) as db:
        tabs = []
        for _ in range(count):
            user = factories.applicant_at(db, utc_now(), Step.IDENTITY)
            tab = Tab()
            tab.connect(factories.session_token(db, user))
            tabs.append(tab)
    form = {"kk": "3174050101090003", "birth_date": "1990-05-15"}
    for tab in tabs:
        payload = {"form": {**form, "nik": factories.new_nik()}}
        started = time.perf_counter()
        asyncio.run(tab.send(name, payload))
        times.append(time.perf_counter() - started)
    patch.undo()
    return times


def bench_event(engine: sa.Engine, backlog: int) -> None:
    empty, queued = [], []
    for _ in range(RUNS):
        empty_outbox(engine)
        empty.append(p95(event_times(engine, 100)))
        bulk_insert(engine, Channel.EMAIL, backlog, "antre")
        queued.append(p95(event_times(engine, 100)))
    report(f"form event p95, {backlog:,} queued vs empty outbox", "s", queued, empty)


# --- the job workers -----------------------------------------------------------------


@contextmanager
def job_workers(env: dict[str, str]) -> Iterator[None]:
    """JOB_WORKERS huey_consumer processes with JOB_THREADS threads each, on Redis."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "huey.bin.huey_consumer",
                "prakerja_app.jobs.huey",
                *("--workers", str(JOB_THREADS), "--worker-type", "thread", "--quiet"),
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(JOB_WORKERS)
    ]
    try:
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)


def start_chains(channel: Channel, lanes: int = JOB_WORKERS * JOB_THREADS) -> None:
    """What the minute job does: a delivery chain per worker thread."""
    from prakerja_app.jobs import tasks

    for _ in range(lanes):
        tasks.deliver(str(channel))


def wait_until(done: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the workers did not finish in time")
        time.sleep(0.02)


def pending(engine: sa.Engine) -> int:
    with Session(engine) as db:
        return db.exec(
            select(sa.func.count())
            .select_from(OutboxMessage)
            .where(col(OutboxMessage.status) != OutboxStatus.SENT)
        ).one()


# --- 2. throughput -------------------------------------------------------------------


def direct_rate(count: int, send: Callable[[int], None], threads: int) -> float:
    """Messages a second sent by `threads` threads calling `send(i)`, without the outbox."""
    shares = [range(t, count, threads) for t in range(threads)]

    def run(share: range) -> None:
        for i in share:
            send(i)

    workers = [threading.Thread(target=run, args=(share,)) for share in shares]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return count / (time.perf_counter() - started)


def outbox_rate(engine: sa.Engine, channel: Channel, count: int) -> float:
    empty_outbox(engine)
    bulk_insert(engine, channel, count, "laju")
    started = time.perf_counter()
    start_chains(channel)
    wait_until(lambda: pending(engine) == 0, 600)
    return count / (time.perf_counter() - started)


def bench_throughput(
    engine: sa.Engine, env: dict[str, str], mail, kannel, count: int, channels: list[str]
) -> None:
    smtp = SmtpSettings(mail.host, mail.port, None, None, "none", "noreply@prakerja.localhost")
    local = threading.local()

    def smtp_send(i: int) -> None:
        if not hasattr(local, "sender"):
            local.sender = SmtpEmailSender(smtp)
        local.sender.send(Outgoing(i, f"r{i}@contoh.id", "Hasil seleksi", "Hasil", utc_now()))

    def kannel_send(i: int) -> None:
        if not hasattr(local, "gateway"):
            local.gateway = KannelSmsGateway(kannel.settings(), dlr_url=report_url)
        local.gateway.send(Outgoing(i, f"+62811{i}", "", "Hasil seleksi", utc_now()))

    threads = JOB_WORKERS * JOB_THREADS
    for channel, send in ((Channel.EMAIL, smtp_send), (Channel.SMS, kannel_send)):
        if channel not in channels:
            continue
        ours, reference = [], []
        with job_workers(env):
            for _ in range(RUNS):
                ours.append(outbox_rate(engine, channel, count))
                reference.append(direct_rate(count, send, threads))
        report(
            f"{channel} messages/s, {JOB_WORKERS} workers x {JOB_THREADS} threads"
            f" vs {threads} threads sending directly",
            "msg/s",
            ours,
            reference,
        )


# --- 3. a phone code during a drain --------------------------------------------------


def otp_latencies(engine: sa.Engine, samples: int) -> list[float]:
    """Seconds from committing each of `samples` phone codes to Kannel taking it."""
    from prakerja_app.jobs import nudge_delivery

    latencies = []
    with Session(engine, expire_on_commit=False) as db:
        for n in range(samples):
            message = outbox.queue_sms(
                db,
                to=f"+6281299{n:05}",
                body="Kode OTP Kartu Prakerja Anda: [[RAHASIA]]",
                now=utc_now(),
                secret=outbox.Secret("123456", timedelta(minutes=5)),
            )
            db.commit()
            started = time.perf_counter()
            nudge_delivery()

            def sent(message_id: int = message.id) -> bool:
                with Session(engine) as probe:
                    return probe.get(OutboxMessage, message_id).status == OutboxStatus.SENT

            wait_until(sent, 60)
            latencies.append(time.perf_counter() - started)
    return latencies


def bench_otp(engine: sa.Engine, env: dict[str, str], backlog: int) -> None:
    quiet, draining = [], []
    with job_workers(env):
        for _ in range(RUNS):
            empty_outbox(engine)
            quiet.append(p95(otp_latencies(engine, 40)))
            bulk_insert(engine, Channel.SMS, backlog, "antre")
            start_chains(Channel.SMS)
            wait_until(lambda: pending(engine) < backlog, 60)  # the drain is under way
            draining.append(p95(otp_latencies(engine, 40)))
            left = pending(engine)
            print(f"  (a run: {backlog - left:,} of the backlog sent while measuring)")
    report(f"phone code p95 to Kannel, draining {backlog:,} vs no backlog", "s", draining, quiet)


class _Reports(BaseHTTPRequestHandler):
    """Takes Kannel's delivery reports and answers 200, as the backend would."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        """Quiet."""


def main(argv: list[str] | None = None) -> int:
    global JOB_THREADS  # --job-threads; the parts read it
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("parts", nargs="*", default=["event", "throughput", "otp"])
    parser.add_argument("--backlog", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=5_000)
    parser.add_argument("--job-threads", type=int, default=JOB_THREADS)
    parser.add_argument("--channels", default="email,sms")
    args = parser.parse_args(argv)
    JOB_THREADS = args.job_threads
    url = sa.make_url(os.environ["REFLEX_DB_URL"])
    _recreate(url)
    engine = sa.create_engine(url)
    SQLModel.metadata.create_all(engine)
    mail = MailServer()
    mail.start()
    reports_server = ThreadingHTTPServer(("127.0.0.1", 0), _Reports)
    threading.Thread(target=reports_server.serve_forever, daemon=True).start()
    reports_url = f"http://127.0.0.1:{reports_server.server_port}/laporan"
    try:
        with Kannel() as kannel:
            settings: KannelSettings = kannel.settings()
            env = {
                "PRAKERJA_SMTP_HOST": mail.host,
                "PRAKERJA_SMTP_PORT": str(mail.port),
                "PRAKERJA_SMTP_SECURITY": "none",
                "PRAKERJA_KANNEL_URL": settings.sendsms_url,
                "PRAKERJA_KANNEL_USERNAME": settings.username,
                "PRAKERJA_KANNEL_PASSWORD": settings.password,
                "PRAKERJA_SECRET_KEY": "b" * 40,
                "PRAKERJA_SMS_REPORT_URL": reports_url,
            }
            os.environ.update(env)
            if "event" in args.parts:
                bench_event(engine, args.backlog)
            if "throughput" in args.parts:
                channels = args.channels.split(",")
                bench_throughput(engine, env, mail, kannel, args.messages, channels)
            if "otp" in args.parts:
                bench_otp(engine, env, args.backlog)
    finally:
        reports_server.shutdown()
        mail.stop()
        engine.dispose()
        _recreate(url, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
