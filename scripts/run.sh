#!/usr/bin/env bash
# Set up, migrate, seed the demo, and start the app at http://localhost:3000.
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
# Reload the backend only when the code changes: the SQLite files next to the project
# (prakerja.db-wal, -shm) change on every write and would restart it mid-request.
export REFLEX_HOT_RELOAD_OVERRIDE_PATHS="$ROOT/prakerja_app"
exec reflex run --loglevel warning "$@"
