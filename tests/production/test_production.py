"""Production, as `scripts/production.sh` starts it: two backend workers sharing tab
state in Redis, two job workers, PostgreSQL, SMTP and Kannel.

One applicant registers in Chromium, through the email link and the SMS code. Their
events reach both backend workers: each worker logs the events it handles with its
process id, and the browser reloads the wizard until both have served it (the wizard
resumes from the server, so either worker can take the next event). Then 400 emails
are queued while the SMTP server holds every message before its "250"; once both job
workers have clients waiting there, one worker is killed with SIGKILL in the middle of
its batch. Every message must arrive exactly once, counted by Message-ID at the SMTP
server and by recipient at Kannel's fake SMSC.
"""

import os
import re
import secrets
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import redis
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from prakerja_app.models import OutboxMessage, User
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import OutboxStatus
from prakerja_app.services.messaging import outbox
from prakerja_app.services.messaging.templates import Email
from prakerja_app.services.registration import identity, personal_data
from tests.conftest import POSTGRES_URL
from tests.e2e.mail_server import MailServer
from tests.e2e.registrants import PASSWORD, PERSONAL_FORM, jpeg, new_nik, new_phone
from tests.kannel import Kannel
from tests.partner_simulator import PartnerSimulator
from tests.production.conftest import REDIS_URL
from tests.servers import free_port, fresh_postgres_database

ROOT = Path(__file__).resolve().parents[2]
BULK = 400
START_SECONDS = 600
EVENT = re.compile(r"^\S+ \S+ (\d+) prakerja\.events INFO event (\S+) worker \d+", re.M)
LINK = re.compile(r"https?://\S+/konfirmasi-email\?token=\S+")


class Production:
    """scripts/production.sh running, and what it is made of."""

    def __init__(self, process: subprocess.Popen, log: Path, url: str, db_url: str):
        self.process, self.log, self.url, self.db_url = process, log, url, db_url

    def job_workers(self) -> list[psutil.Process]:
        """The Huey consumers the script started."""
        children = psutil.Process(self.process.pid).children(recursive=True)
        return [c for c in children if "huey_consumer" in " ".join(c.cmdline())]

    def events_by_worker(self) -> Counter:
        """How many events each backend worker logged, by process id."""
        return Counter(pid for pid, _ in EVENT.findall(self.log.read_text(errors="replace")))


@pytest.fixture(scope="module")
def mail() -> Iterator[MailServer]:
    server = MailServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def kannel() -> Iterator[Kannel]:
    with Kannel() as gateway:
        yield gateway


@pytest.fixture(scope="module")
def partner() -> Iterator[PartnerSimulator]:
    with PartnerSimulator() as simulator:
        yield simulator


@pytest.fixture(scope="module")
def production(mail, kannel, partner, tmp_path_factory) -> Iterator[Production]:
    redis.Redis.from_url(REDIS_URL).flushdb()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    db_url = fresh_postgres_database(POSTGRES_URL, "production")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PRAKERJA_", "REFLEX_", "PYTEST", "GRANIAN"))
    }
    env.update(
        PORT=str(port),
        BACKEND_WORKERS="2",
        JOB_WORKERS="2",
        JOB_THREADS="2",
        REFLEX_DB_URL=db_url,
        REFLEX_REDIS_URL=REDIS_URL,
        PRAKERJA_PUBLIC_URL=url,
        PRAKERJA_SECRET_KEY=secrets.token_urlsafe(40),
        PRAKERJA_PRIVATE_DIR=str(tmp_path_factory.mktemp("private")),
        PRAKERJA_SMTP_HOST=mail.host,
        PRAKERJA_SMTP_PORT=str(mail.port),
        PRAKERJA_SMTP_SECURITY="none",
        PRAKERJA_KANNEL_URL=kannel.sendsms_url,
        PRAKERJA_KANNEL_USERNAME=kannel.username,
        PRAKERJA_KANNEL_PASSWORD=kannel.password,
        PRAKERJA_PARTNER_URL=partner.settings.base_url,
        PRAKERJA_PARTNER_CREATOR_KEY=partner.settings.creator_key,
        PRAKERJA_PARTNER_APPROVER_KEY=partner.settings.approver_key,
        PRAKERJA_PARTNER_NOTIFICATION_KEY=partner.settings.notification_key,
        PRAKERJA_DELIVERY_LEASE_SECONDS="5",
        PRAKERJA_LOG_LEVEL="INFO",
    )
    os.environ.update(  # this process sets up data in the same database and folders
        {k: env[k] for k in ("PRAKERJA_SECRET_KEY", "PRAKERJA_PRIVATE_DIR", "REFLEX_DB_URL")}
    )
    for command in (
        [sys.executable, "-m", "reflex", "db", "migrate"],
        [sys.executable, "-m", "prakerja_app", "seed"],
    ):
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    log = tmp_path_factory.mktemp("production") / "production.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["scripts/production.sh"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Production(process, log, url, db_url)
    try:
        _wait_healthy(running)
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


def _wait_healthy(running: Production) -> None:
    """Until /healthz says the database and Redis answer and the scheduler ticked."""
    import httpx

    def healthy() -> bool:
        if running.process.poll() is not None:
            raise AssertionError("production.sh stopped:\n" + running.log.read_text()[-3000:])
        try:
            answer = httpx.get(f"{running.url}/healthz", timeout=2)
        except httpx.HTTPError:
            return False
        facts = answer.json() if answer.status_code == 200 else {}
        return facts.get("redis") == "ok" and facts.get("scheduler") == "ok"

    deadline = _Deadline(START_SECONDS)
    while not healthy():
        deadline.check(lambda: "not healthy:\n" + running.log.read_text()[-3000:])


class _Deadline:
    """A bounded wait: `check` raises once the time is up, else pauses briefly."""

    def __init__(self, seconds: float):
        import time

        self._time = time
        self._end = time.monotonic() + seconds

    def check(self, why) -> None:
        if self._time.monotonic() > self._end:
            raise AssertionError(why())
        self._time.sleep(0.2)


@pytest.fixture(scope="module")
def db(production) -> Iterator[Session]:
    engine = sa.create_engine(production.db_url)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


def _fast_forward_identity_and_personal(db: Session, email: str) -> None:
    """Steps 4 and 5 through the services (the browser tests cover them on screen)."""
    user = db.exec(select(User).where(User.email == email)).one()
    now = clock.current(db)
    identity.submit_identity(
        db,
        user_id=user.id,
        nik=new_nik(),
        kk="3174050101090003",
        birth_date="1990-05-15",
        now=now,
    )
    personal_data.save_form(db, user_id=user.id, answers=PERSONAL_FORM, now=now)
    for field in personal_data.PHOTO_FIELDS:
        personal_data.save_photo(db, user_id=user.id, field=field, data=jpeg(), now=now)
    personal_data.submit(db, user_id=user.id, honesty=True, now=now)
    db.commit()


def _reload_until_both_workers_served(page: Page, production: Production, heading: str) -> None:
    deadline = _Deadline(120)
    page.reload()
    expect(page.get_by_text(heading)).to_be_visible()
    while len(production.events_by_worker()) < 2:
        deadline.check(lambda: f"events by worker: {production.events_by_worker()}")
        page.reload()
        expect(page.get_by_text(heading)).to_be_visible()


def test_an_applicant_registers_and_every_message_arrives_once(
    page: Page, production, mail, kannel, db
):
    page.set_viewport_size({"width": 390, "height": 844})
    email = "produksi@contoh.id"
    page.goto(production.url + "/daftar")
    page.get_by_label("Nama lengkap").fill("Rina Produksi")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Daftar", exact=True).last.click()
    expect(page.get_by_text("Langkah 2 dari 8: Konfirmasi email")).to_be_visible()
    link = LINK.search(mail.wait_for(email, "Konfirmasi email").get_content()).group(0)
    page.goto(link)
    expect(page.get_by_role("status")).to_contain_text("Email Anda sudah terkonfirmasi")
    page.goto(production.url + "/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("Langkah 4 dari 8: NIK dan tanggal lahir")).to_be_visible()
    _fast_forward_identity_and_personal(db, email)
    _reload_until_both_workers_served(page, production, "Langkah 6 dari 8: Nomor HP")

    phone = new_phone()
    page.get_by_label("Nomor HP aktif").fill(phone)
    page.get_by_role("button", name="Kirim kode OTP").click()
    (sms,) = kannel.wait_received(1, to=_e164(phone), timeout=30)
    page.get_by_label("Kode OTP").fill(re.search(r"\b(\d{6})\b", sms.text).group(1))
    page.get_by_role("button", name="Verifikasi").click()
    expect(page.get_by_text("Langkah 7 dari 8: Tes motivasi")).to_be_visible()
    assert len(production.events_by_worker()) == 2

    # A bulk batch, and one job worker killed while it waits on the SMTP server.
    mail.hold()
    before = len(mail.message_ids())
    now = clock.current(db)
    for n in range(BULK):
        outbox.queue_email(db, to=f"p{n}@contoh.id", email=Email("Pengumuman", f"No {n}"), now=now)
    db.commit()
    workers = production.job_workers()
    assert len(workers) == 2
    held = mail.wait_held(2, timeout=90)
    victim = _worker_holding(workers, held)
    victim.send_signal(signal.SIGKILL)
    victim.wait(10)
    mail.release()

    _wait_all_sent(db, production)
    ids = Counter(mail.message_ids())
    bulk = {
        m.id for m in db.exec(select(OutboxMessage).where(OutboxMessage.subject == "Pengumuman"))
    }
    assert {f"<outbox.{i}@prakerja.localhost>" for i in bulk} <= set(ids)
    assert max(ids.values()) == 1, [i for i, n in ids.items() if n > 1]
    assert len(mail.message_ids()) == before + BULK
    retried = db.exec(
        select(OutboxMessage.last_error).where(
            OutboxMessage.subject == "Pengumuman", OutboxMessage.attempts > 1
        )
    ).all()
    assert retried and set(retried) == {None}  # the victim's batch: taken back, then sent
    assert [m.receiver for m in kannel.received(to=_e164(phone))] == [_e164(phone)]
    reported = db.exec(
        select(OutboxMessage.report).where(OutboxMessage.recipient == _e164(phone))
    ).all()
    assert reported == ["delivered"]  # Kannel's report reached the backend, signed


def _e164(phone: str) -> str:
    from prakerja_app.services.core.phone_numbers import normalize_phone

    return normalize_phone(phone)


def _worker_holding(workers: list[psutil.Process], held: set[tuple[str, int]]) -> psutil.Process:
    """A job worker that has a connection among those the SMTP server holds."""
    ports = {port for _, port in held}
    for worker in workers:
        if any(c.laddr and c.laddr.port in ports for c in worker.net_connections("tcp")):
            return worker
    raise AssertionError(f"no job worker holds one of {sorted(ports)}")


def _wait_all_sent(db: Session, production: Production) -> None:
    def waiting() -> int:
        db.commit()  # a fresh read each time
        return db.exec(
            select(sa.func.count())
            .select_from(OutboxMessage)
            .where(col(OutboxMessage.status) != OutboxStatus.SENT)
        ).one()

    deadline = _Deadline(180)
    while waiting():
        deadline.check(lambda: f"{waiting()} not sent:\n{production.log.read_text()[-2000:]}")
