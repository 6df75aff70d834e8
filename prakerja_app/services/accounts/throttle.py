"""How long a login must wait after failures: slow for an attacker, never a lock-out.

Failures are counted over `WINDOW`. The wait grows with the failures of one account from
one client (an attacker's), so the owner, on another client, is not held up by them;
many failures on one account from any client add a short wait for everyone; a client
failing on many accounts gets a softer limit, since one IP may be a whole office or a
mobile operator's gateway. Nothing is ever refused for good: waiting out the delay, the
right password works.
"""

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from prakerja_app.models import LoginAttempt

WINDOW = timedelta(minutes=15)
FREE_FAILURES = 3  # per account and client, before any wait
MAX_WAIT_SECONDS = 60
ACCOUNT_FAILURES = 20  # per account, any client: then ACCOUNT_WAIT between tries
ACCOUNT_WAIT_SECONDS = 5
CLIENT_FAILURES = 100  # per client, any account: then CLIENT_WAIT between tries
CLIENT_WAIT_SECONDS = 10


def _failures(
    db: Session, now: datetime, *conditions: ColumnElement[bool]
) -> tuple[int, datetime | None]:
    count, last = db.exec(
        select(func.count(), func.max(LoginAttempt.created_at)).where(
            col(LoginAttempt.succeeded).is_(False),
            LoginAttempt.created_at > now - WINDOW,
            *conditions,
        )
    ).one()
    return int(count), last


def _left(last: datetime | None, wait_seconds: float, now: datetime) -> int:
    if last is None or wait_seconds <= 0:
        return 0
    return max(0, int((last + timedelta(seconds=wait_seconds) - now).total_seconds() + 0.999))


def seconds_to_wait(db: Session, *, email: str, client_key: str, now: datetime) -> int:
    """Seconds before this client may try this account's password again (0: now)."""
    mine, my_last = _failures(
        db, now, col(LoginAttempt.email) == email, col(LoginAttempt.client_key) == client_key
    )
    backoff = 0 if mine < FREE_FAILURES else min(2 ** (mine - FREE_FAILURES), MAX_WAIT_SECONDS)
    account, account_last = _failures(db, now, col(LoginAttempt.email) == email)
    client, client_last = _failures(db, now, col(LoginAttempt.client_key) == client_key)
    return max(
        _left(my_last, backoff, now),
        _left(account_last, ACCOUNT_WAIT_SECONDS if account >= ACCOUNT_FAILURES else 0, now),
        _left(client_last, CLIENT_WAIT_SECONDS if client >= CLIENT_FAILURES else 0, now),
    )
