#!/usr/bin/env bash
# Set up, migrate, seed the demo, and start the app at http://localhost:3000 with its job
# worker beside it.
set -euo pipefail
"$(dirname "$0")/bootstrap.sh"
source "$(dirname "$0")/env.sh"

echo "==> Migrating the database (${REFLEX_DB_URL:-sqlite:///prakerja.db})"
reflex db migrate
echo "==> Seeding the demo data"
python -m prakerja_app seed
cat <<MSG

  Kartu Prakerja starts now. Open http://localhost:3000 when the build is done.
  Admin: log in at http://localhost:3000/masuk with the account printed above
  (a new admin: python -m prakerja_app create-admin you@example.org).

MSG
# The job worker beside the app: it sends the outbox and runs the schedule, on a queue in
# a SQLite file (prakerja-jobs.db); it polls every half second at most when idle.
huey_consumer prakerja_app.jobs.huey --workers 2 --worker-type thread \
  --delay 0.05 --max-delay 0.5 --quiet &
worker=$!
# The payment partner's simulator (docs/payment-partner.md), which the dashboard asks
# when a participant links a payout account and the payment runs pay through, sending
# its notifications to the backend; unless another partner is configured.
helpers="$worker"
if [ -z "${PRAKERJA_PARTNER_URL:-}" ]; then
  python -m prakerja_app.partner_simulator --port 8070 \
    --callback-url "http://127.0.0.1:${BACKEND_PORT:-8000}/api/partner/iris/notifications" \
    > partner-simulator.log 2>&1 &
  helpers="$helpers $!"
fi
trap 'kill -TERM $helpers 2>/dev/null || true; wait $helpers 2>/dev/null || true' EXIT
# Reload the backend only when the code changes: the SQLite files next to the project
# (prakerja.db-wal, -shm) change on every write and would restart it mid-request.
export REFLEX_HOT_RELOAD_OVERRIDE_PATHS="$ROOT/prakerja_app"
reflex run --loglevel warning "$@"
