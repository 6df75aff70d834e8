#!/usr/bin/env bash
# Set up everything (with Chromium), then lint and run every test: unit and browser.
# Extra arguments replace the default run, e.g. scripts/test.sh tests/unit -k nik
set -euo pipefail
"$(dirname "$0")/bootstrap.sh" --browser
source "$(dirname "$0")/env.sh"

echo "==> ruff"
ruff check .
ruff format --check .
echo "==> mypy"
mypy
if [ -n "${PRAKERJA_TEST_DATABASE_URL:-}" ]; then
  echo "==> tests also run on PostgreSQL: $PRAKERJA_TEST_DATABASE_URL"
fi
if [ "$#" -gt 0 ]; then
  exec python -m pytest "$@"
fi
# Separate processes: the browser tests (tests/e2e, their attacks in tests/e2e/security)
# build and import the app under reflex.testing, which must not share a process with the
# unit tests (tests/unit, and the attacks on page states and the API in tests/security);
# the production test builds the app again, for its own port.
# The unit tests in one process per core (pytest-xdist), each on its own PostgreSQL
# database (tests/conftest.py).
echo "==> unit tests"
python -m pytest -n "$(nproc)" tests/unit tests/security
echo "==> browser tests"
python -m pytest tests/e2e
# Production (scripts/production.sh: two backend and two job workers) needs PostgreSQL;
# Redis, SMTP and Kannel are started or found by the test itself.
if [ -n "${PRAKERJA_TEST_DATABASE_URL:-}" ]; then
  echo "==> production test"
  python -m pytest tests/production
fi
