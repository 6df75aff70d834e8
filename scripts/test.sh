#!/usr/bin/env bash
# Set up everything (with Chromium), then lint and run every test: unit and browser.
# Extra arguments go to pytest, e.g. scripts/test.sh tests/unit -k nik
set -euo pipefail
"$(dirname "$0")/bootstrap.sh" --browser
source "$(dirname "$0")/env.sh"

echo "==> ruff"
ruff check .
ruff format --check .
if [ -n "${PRAKERJA_TEST_DATABASE_URL:-}" ]; then
  echo "==> tests also run on PostgreSQL: $PRAKERJA_TEST_DATABASE_URL"
fi
echo "==> pytest"
exec python -m pytest "$@"
