"""The production configuration, started by its own script: PostgreSQL, Redis, two
backend workers, two job workers, a real SMTP server and a real Kannel.

Runs in a pytest process of its own (scripts/test.sh), after the browser tests: it
builds the frontend again for its own port. This process reaches the job queue in Redis
too, so it must say so before anything imports `prakerja_app.jobs`.
"""

import os

REDIS_URL = "redis://127.0.0.1:6379/5"
os.environ["PRAKERJA_JOBS_MEMORY"] = "0"
os.environ["PRAKERJA_JOBS_REDIS_URL"] = REDIS_URL

from tests.chromium import browser_type_launch_args  # noqa: E402, F401  (a fixture)
