"""One log line per event (at INFO on "prakerja.events"): which handler, in which worker.

With several backend workers this is how an operator sees the load spread, and how the
production test proves that both workers served one applicant. Off unless
PRAKERJA_LOG_LEVEL is INFO or lower.
"""

import logging
import os

from reflex.middleware import Middleware

logger = logging.getLogger("prakerja.events")


class EventLog(Middleware):
    """Logs each event's handler name and the worker's process id; changes nothing."""

    async def preprocess(self, app, state, event):
        """Log the event, and let it through."""
        if logger.isEnabledFor(logging.INFO):
            logger.info("event %s worker %d", event.name, os.getpid())
        return None
