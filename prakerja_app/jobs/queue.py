"""The queue: Redis in production, a SQLite file by default, memory in unit tests.

- PRAKERJA_JOBS_REDIS_URL (or REFLEX_REDIS_URL): `PriorityRedisHuey`, shared by the job
  workers of every machine; workers wait on the list, so a new task starts at once.
- otherwise `SqliteHuey` in PRAKERJA_JOBS_DB (default ``prakerja-jobs.db``): no server,
  one consumer beside the app (`make run`).
- PRAKERJA_JOBS_MEMORY=1: `MemoryHuey`, nothing runs until a test runs it.
"""

import logging
import os

from huey import Huey, MemoryHuey, PriorityRedisHuey, SqliteHuey

from prakerja_app import settings

logger = logging.getLogger(__name__)

NAME = "prakerja"
# Huey runs the highest priority first; urgent nudges overtake the delivery chains.
NUDGE_PRIORITY = 90
CHAIN_PRIORITY = 50
JOB_PRIORITY = 70


def redis_url() -> str | None:
    """The Redis the job queue uses, if any."""
    return os.environ.get("PRAKERJA_JOBS_REDIS_URL") or os.environ.get("REFLEX_REDIS_URL") or None


def make_huey() -> Huey:
    """The queue the environment asks for (see the module docstring)."""
    if os.environ.get("PRAKERJA_JOBS_MEMORY") == "1":
        return MemoryHuey(NAME, results=False)
    url = redis_url()
    if url:
        return PriorityRedisHuey(NAME, url=url, results=False)
    path = os.environ.get("PRAKERJA_JOBS_DB", str(settings.ROOT / "prakerja-jobs.db"))
    return SqliteHuey(NAME, filename=path, results=False)


huey = make_huey()


def nudge_delivery() -> None:
    """Ask a worker to send what is waiting now (a handler just queued a message).

    Never raises: if the queue cannot be reached, the minute job sends it anyway.
    """
    from prakerja_app.jobs.tasks import deliver  # the tasks import this module

    try:
        for channel in ("email", "sms"):
            deliver(channel, priority=NUDGE_PRIORITY)
    except Exception:
        logger.exception("could not nudge the delivery workers; the minute job will send")
