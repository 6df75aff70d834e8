"""Background jobs on Huey: delivery of the outbox, the schedule, the draw.

`huey` is the queue every process shares; importing this package registers the tasks,
so the consumer is started as ``huey_consumer prakerja_app.jobs.huey`` (`scripts/run.sh`
and `scripts/production.sh` do it). The rules live in the services; a task only opens a
session, calls them and starts whatever comes next.
"""

from prakerja_app.jobs import tasks
from prakerja_app.jobs.queue import huey, nudge_delivery

__all__ = ["huey", "nudge_delivery", "tasks"]
