"""Command line for operators: `python -m prakerja_app <command>` from the project root.

Commands:
    seed                      add the demo data (idempotent) and the first admin
    create-admin EMAIL        create an admin with a generated password, printed once
    clock [WHEN]              show the program clock, or move it (ISO time, WIB if no zone)
    send-outbox               send what is due now (SMTP, Kannel; the rest stays "local")
    select-wave N [--here]    queue the draw of wave N for the job workers (after it
                              closed, on the program clock): participants, cards and
                              balances, not yet visible; --here draws it in this process,
                              publishes the results and queues their messages, and prints
                              the counts and the revealed seed
    publish-wave N            publish a drawn wave's results: reveal the seed and queue
                              the result messages
    jobs                      each scheduled job's last run, outcome and next run, and the
                              messages waiting
    check-production          exit 1, saying why, when the environment cannot run several
                              workers (scripts/production.sh runs it first)
    process-deadlines [WHEN]  first-purchase deadlines as of WHEN (ISO time, WIB if no zone;
                              default: the program clock): reminders, then revocations
"""

import argparse
import os
import sys
from datetime import datetime

from sqlmodel import Session, select

from prakerja_app import jobs, settings
from prakerja_app.db import open_session
from prakerja_app.models import Wave, utc_now
from prakerja_app.services.accounts import users
from prakerja_app.services.core import clock
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import WIB, number, rupiah, wib_datetime
from prakerja_app.services.demo import seed
from prakerja_app.services.messaging import configured, delivery, outbox
from prakerja_app.services.operations import schedule
from prakerja_app.services.selection import announcements, deadlines, draw
from prakerja_app.services.selection.errors import SelectionError
from prakerja_app.services.views import messages

DEMO_ADMIN_EMAIL = "admin@prakerja.local"


def _seed(_args: argparse.Namespace) -> int:
    with open_session() as db:
        report = seed.seed_demo(db, utc_now())
        print(
            f"Demo data: +{report.platforms} platforms, +{report.providers} providers, "
            f"+{report.trainings} trainings, +{report.waves} waves."
        )
        password = seed.ensure_admin(db, DEMO_ADMIN_EMAIL, utc_now())
    if password:
        print(
            "\nDemo admin created (the password is shown only this once):\n"
            f"  email:    {DEMO_ADMIN_EMAIL}\n  password: {password}\n"
        )
    else:
        print(
            f"An admin exists already ({DEMO_ADMIN_EMAIL} for the demo). Forgot the password?"
            "\n  python -m prakerja_app create-admin you@example.org"
        )
    return 0


def _create_admin(args: argparse.Namespace) -> int:
    with open_session() as db:
        try:
            password = users.create_admin(db, email=args.email, full_name=args.name, now=utc_now())
        except DomainError as error:
            print(f"Not created: {messages.text(error)}", file=sys.stderr)
            return 1
    print(f"Admin {args.email} created. Password (shown only this once): {password}")
    print("At the first login, the admin sets up an authenticator app (a QR code is shown).")
    return 0


def _when(text: str) -> datetime:
    """An ISO time from the command line; WIB when it names no zone."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=WIB)


def _clock(args: argparse.Namespace) -> int:
    with open_session() as db:
        if args.when:
            clock.set_program_time(db, _when(args.when), utc_now())
            db.commit()
        print("Program clock:", wib_datetime(clock.program_now(db, utc_now())))
    return 0


def _send_outbox(_args: argparse.Namespace) -> int:
    with open_session() as db:
        delivery.reclaim_expired(db, utc_now())
        outbox.redact_expired(db, clock.current(db))  # secrets expire on the program's clock
        sent = delivery.deliver_due(db, configured.senders(), now=utc_now())
    print(f"Sent {sent} message(s).")
    return 0


def _select_wave(args: argparse.Namespace) -> int:
    with open_session() as db:
        now = clock.program_now(db, utc_now())
        try:
            if not args.here:
                draw.check_drawable(db, args.number, now)
                jobs.tasks.queue_draw(args.number)
                print(
                    f"Wave {args.number}: the draw is queued for the job workers."
                    "\n  Its outcome: python -m prakerja_app jobs"
                    f"\n  Then: python -m prakerja_app publish-wave {args.number}"
                )
                return 0
            report = draw.run_selection(db, args.number, now)
            if report.announced_at is None:
                report = _publish(db, args.number, now)
        except DomainError as error:
            print(f"Not drawn: {messages.text(error)}", file=sys.stderr)
            return 1
    _print_report(report)
    return 0


def _publish(db: Session, wave_number: int, now: datetime) -> draw.SelectionReport:
    wave_id = db.exec(select(Wave.id).where(Wave.number == wave_number)).first()
    if wave_id is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN, number=wave_number)
    report = draw.publish_results(db, wave_id=wave_id, now=now, actor_id=None)
    announcements.queue_all(db, wave_number, now)
    return report


def _publish_wave(args: argparse.Namespace) -> int:
    with open_session() as db:
        now = clock.program_now(db, utc_now())
        try:
            report = _publish(db, args.number, now)
        except DomainError as error:
            print(f"Not published: {messages.text(error)}", file=sys.stderr)
            return 1
    _print_report(report)
    return 0


def _print_report(report: draw.SelectionReport) -> None:
    announced = wib_datetime(report.announced_at or report.drawn_at)
    print(
        f"Wave {report.wave_number} announced {announced}:"
        f" {number(report.applicants)} applicants, {number(report.excluded)} excluded,"
        f" {number(report.selected)} selected (quota {number(report.quota)}),"
        f" {number(report.not_selected)} not selected."
        f"\n  seed hash (published at opening): {report.seed_hash}"
        f"\n  seed (revealed now):              {report.seed}"
        "\nMessages wait in the outbox: python -m prakerja_app send-outbox"
    )


def _check_production(_args: argparse.Namespace) -> int:
    problems = settings.production_problems(dict(os.environ))
    for problem in problems:
        print(f"Not starting: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _jobs(_args: argparse.Namespace) -> int:
    with open_session() as db:
        real_now = utc_now()
        statuses = schedule.status(
            db, real_now=real_now, program_now=clock.program_now(db, real_now)
        )
        depth = delivery.queue_depth(db)
    for job in statuses:
        last = (
            f"{job.last_outcome} at {wib_datetime(job.last_started_at)} ({job.last_detail})"
            if job.last_started_at
            else "never run"
        )
        upcoming = wib_datetime(job.next_run_at) if job.next_run_at else "when queued"
        print(f"{job.job:10} last: {last}\n{'':10} next: {upcoming}")
    print("Waiting to be sent: " + ", ".join(f"{n} {c}" for c, n in depth.items()))
    return 0


def _process_deadlines(args: argparse.Namespace) -> int:
    with open_session() as db:
        now = _when(args.when) if args.when else clock.program_now(db, utc_now())
        report = deadlines.process_deadlines(db, now)
    print(
        f"Deadlines as of {wib_datetime(now)}: {number(report.reminded)} reminded,"
        f" {number(report.revoked)} revoked, {rupiah(report.forfeited)} forfeited."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m prakerja_app")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("seed", help="add the demo data and the first admin").set_defaults(
        run=_seed
    )
    admin = commands.add_parser("create-admin", help="create an admin account")
    admin.add_argument("email")
    admin.add_argument("--name", default=seed.ADMIN_NAME)
    admin.set_defaults(run=_create_admin)
    clock_cmd = commands.add_parser("clock", help="show or move the program clock")
    clock_cmd.add_argument("when", nargs="?", help="e.g. 2020-09-04T09:00 (WIB)")
    clock_cmd.set_defaults(run=_clock)
    commands.add_parser("send-outbox", help="send pending email and SMS").set_defaults(
        run=_send_outbox
    )
    select_cmd = commands.add_parser("select-wave", help="draw a closed wave")
    select_cmd.add_argument("number", type=int, help="the wave's number, e.g. 7")
    select_cmd.add_argument("--here", action="store_true", help="draw now, in this process")
    select_cmd.set_defaults(run=_select_wave)
    publish_cmd = commands.add_parser("publish-wave", help="publish a drawn wave's results")
    publish_cmd.add_argument("number", type=int, help="the wave's number, e.g. 7")
    publish_cmd.set_defaults(run=_publish_wave)
    deadlines_cmd = commands.add_parser(
        "process-deadlines", help="first-purchase reminders and revocations"
    )
    deadlines_cmd.add_argument("when", nargs="?", help="e.g. 2020-10-07T00:00 (WIB)")
    deadlines_cmd.set_defaults(run=_process_deadlines)
    commands.add_parser("jobs", help="the scheduled jobs and the outbox queue").set_defaults(
        run=_jobs
    )
    commands.add_parser(
        "check-production", help="refuse a production start that cannot work, saying why"
    ).set_defaults(run=_check_production)
    args = parser.parse_args(argv)
    return args.run(args)
