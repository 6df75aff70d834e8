#!/usr/bin/env bash
# Production start: Reflex's production build on one port with several backend workers
# (tab state shared in Redis), on PostgreSQL, plus the job workers with the scheduler.
# It refuses, saying why, when the environment cannot run that (python -m prakerja_app
# check-production). Settings: README, "Configuration"; those read here:
#   PORT             the one port for pages, events and the API (default 8000)
#   BACKEND_WORKERS  Reflex backend processes (default 2)
#   JOB_WORKERS      Huey consumer processes (default 2), each with JOB_THREADS threads (4)
# A job worker that dies is started again; the web part stopping, Ctrl-C or SIGTERM
# stops everything.
set -euo pipefail
"$(dirname "$0")/bootstrap.sh"
source "$(dirname "$0")/env.sh"
export BACKEND_WORKERS="${BACKEND_WORKERS:-2}" JOB_WORKERS="${JOB_WORKERS:-2}"
JOB_THREADS="${JOB_THREADS:-4}"
PORT="${PORT:-8000}"

python -m prakerja_app check-production
echo "==> Migrating the database"
reflex db migrate

children=()
stop() { trap - EXIT INT TERM; kill -TERM "${children[@]}" 2>/dev/null || true; wait || true; }
trap stop EXIT INT TERM

# One job worker, restarted when it dies (a killed worker's batch goes back to the
# others once its lease runs out).
job_worker() {
  local pid
  trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit 0' TERM
  while :; do
    huey_consumer prakerja_app.jobs.huey --workers "$JOB_THREADS" --worker-type thread &
    pid=$!
    wait "$pid" || echo "==> A job worker stopped ($?); starting it again" >&2
    sleep 1
  done
}

echo "==> Starting $JOB_WORKERS job workers ($JOB_THREADS threads each) and the scheduler"
for _ in $(seq "$JOB_WORKERS"); do
  job_worker &
  children+=($!)
done

echo "==> Starting Reflex (production build) with $BACKEND_WORKERS backend workers on :$PORT"
GRANIAN_WORKERS="$BACKEND_WORKERS" reflex run --env prod --single-port \
  --backend-port "$PORT" --loglevel info &
web=$!
children+=("$web")

wait "$web"  # the web part stopping ends the whole service (a supervisor restarts it)
exit 1
