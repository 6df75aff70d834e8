"""The messages and jobs pages' handlers, called as a browser could: operators act,
auditors read, forged arguments change nothing, and no secret reaches the page."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.jobs import huey
from prakerja_app.models import AuditLog, JobRun
from prakerja_app.pages.admin.jobs import JobsState
from prakerja_app.pages.admin.messages import MessagesState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole, JobOutcome, OutboxStatus
from prakerja_app.services.messaging.outbox import SECRET_MARK, Secret, queue_sms
from prakerja_app.services.operations import schedule
from tests import factories
from tests.factories.messaging import stored

pytestmark = pytest.mark.anyio

PHONE = "+6281234567890"


@pytest.fixture(autouse=True)
def _program_clock(db, now):
    from prakerja_app.models import utc_now

    clock.set_program_time(db, now, utc_now())
    db.commit()


def _failed(db, now, secret: Secret | None = None):
    body = f"Kode Anda {SECRET_MARK}" if secret else "Hasil seleksi diumumkan."
    message = queue_sms(db, to=PHONE, body=body, now=now, secret=secret)
    message.status, message.last_error = OutboxStatus.FAILED, "undeliverable: number unknown"
    db.commit()
    return message


async def _page(states, db, now, state, *roles: AdminRole):
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    page = states(state)
    await state.load.fn(page)
    return page


async def test_an_operator_finds_a_failure_and_resends_it(states, db, now):
    message = _failed(db, now)
    page = await _page(states, db, now, MessagesState, AdminRole.OPERATOR)
    assert [row.recipient for row in page.failures] == ["+62 812****7890"]
    await MessagesState.search.fn(page, {"recipient": "0812 3456 7890", "status": "failed"})
    assert [(row.recipient, row.reason) for row in page.rows] == [
        (PHONE, "undeliverable: number unknown")
    ]
    await MessagesState.resend.fn(page, message.id)
    assert page.message == "" and page.notice
    assert stored(db, message.id).status == OutboxStatus.PENDING
    assert page.rows == [] and page.failures == []


async def test_no_secret_reaches_the_page(states, db, now):
    _failed(db, now, Secret("987654", timedelta(minutes=5)))
    page = await _page(states, db, now, MessagesState, AdminRole.AUDITOR)
    await MessagesState.search.fn(page, {"recipient": PHONE, "status": ""})
    assert "987654" not in repr(page.rows) + repr(page.failures)
    assert page.rows[0].resendable is True


async def test_an_auditor_reads_but_cannot_resend(states, db, now):
    message = _failed(db, now)
    page = await _page(states, db, now, MessagesState, AdminRole.AUDITOR)
    assert (page.allowed, page.can_act) == (True, False)
    await MessagesState.resend.fn(page, message.id)
    assert page.message == "Anda tidak berhak membuka halaman ini."
    assert stored(db, message.id).status == OutboxStatus.FAILED


@pytest.mark.parametrize("forged", ["1", None, True, [1], 10**30])
async def test_forged_resend_arguments_change_nothing(states, db, now, forged):
    message = _failed(db, now)
    page = await _page(states, db, now, MessagesState, AdminRole.OPERATOR)
    await MessagesState.resend.fn(page, forged)
    assert page.message
    assert stored(db, message.id).status == OutboxStatus.FAILED


@pytest.mark.parametrize(
    "form", [{"recipient": "budi@"}, {"recipient": "x", "status": 3}, "not a form"]
)
async def test_a_malformed_search_is_refused_by_its_field(states, db, now, form):
    page = await _page(states, db, now, MessagesState, AdminRole.OPERATOR)
    await MessagesState.search.fn(page, form)
    if isinstance(form, dict):
        assert "recipient" in page.errors
    assert page.rows == []


async def test_paging_takes_only_numbers(states, db, now):
    page = await _page(states, db, now, MessagesState, AdminRole.OPERATOR)
    await MessagesState.search.fn(page, {"recipient": "", "status": ""})
    for forged in ("2", None, -1, 10**12):
        await MessagesState.go_to_page.fn(page, forged)
        assert page.page == 1


async def test_an_applicant_is_refused_the_messages(states, db, now):
    _failed(db, now)
    states.connect(factories.session_token(db, factories.user(db, now)))
    page = states(MessagesState)
    await MessagesState.load.fn(page)
    await MessagesState.search.fn(page, {"recipient": PHONE})
    assert (page.allowed, page.rows, page.failures) == (False, [], [])


def _work() -> None:
    for task in iter(huey.dequeue, None):
        if task.name == "run_by_hand":
            huey.execute(task)


async def test_an_operator_starts_the_deadlines_once(states, db, now):
    page = await _page(states, db, now, JobsState, AdminRole.OPERATOR)
    assert [row.job for row in page.rows if row.startable] == [schedule.MINUTE, schedule.DEADLINES]
    await JobsState.start.fn(page, schedule.DEADLINES)
    assert page.notice
    await JobsState.start.fn(page, schedule.DEADLINES)
    assert "sedang berjalan" in page.message
    _work()
    db.commit()
    run = db.exec(select(JobRun).where(JobRun.job == schedule.DEADLINES)).one()
    assert run.outcome == JobOutcome.OK
    assert db.exec(select(AuditLog).where(AuditLog.action == "job.start")).one()
    await JobsState.refresh.fn(page)
    deadlines = next(row for row in page.rows if row.job == schedule.DEADLINES)
    assert (deadlines.outcome, deadlines.running) == ("Berhasil", False)
    assert deadlines.detail == "0 diingatkan, 0 dicabut, 0 diberi tahu survei dibuka"


@pytest.mark.parametrize("role", [AdminRole.AUDITOR, AdminRole.VERIFIER])
async def test_others_cannot_start_jobs(states, db, now, role):
    page = await _page(states, db, now, JobsState, role)
    await JobsState.start.fn(page, schedule.MINUTE)
    assert page.message
    assert db.exec(select(JobRun)).all() == []


@pytest.mark.parametrize("forged", [schedule.DRAW, None, 7, {"job": "minute"}])
async def test_forged_jobs_start_nothing(states, db, now, forged):
    page = await _page(states, db, now, JobsState, AdminRole.OPERATOR)
    await JobsState.start.fn(page, forged)
    assert page.message
    assert db.exec(select(JobRun)).all() == []
