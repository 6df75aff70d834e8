#!/usr/bin/env bash
# Prepare everything the app and its tests need, skipping what is already done.
#   scripts/bootstrap.sh          virtualenv, Python deps, bun + Node 22, migrations, demo seed
#   scripts/bootstrap.sh --browser  the same plus Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { printf '\n\033[31mError:\033[0m %s\n' "$*" >&2; exit 1; }
step() { printf '\033[36m==>\033[0m %s\n' "$*"; }

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || fail "Python 3.11+ is required but '$PYTHON' was not found."
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || fail "Python 3.11 or newer is required (found $("$PYTHON" --version 2>&1))."
command -v npm >/dev/null || fail "npm (Node.js) is required to install bun and Node 22; install Node.js first."

# 1. Python virtualenv and dependencies, reinstalled only when pyproject.toml changes.
if [ ! -x .venv/bin/python ]; then
  step "Creating virtualenv in .venv"
  "$PYTHON" -m venv .venv || fail "Could not create a virtualenv (on Debian: apt-get install python3-venv)."
fi
stamp=.venv/.deps-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  step "Installing Python dependencies"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]' || fail "pip could not install the dependencies."
  rm -f .venv/.deps-* && touch "$stamp"
fi

# 2. bun and Node 22 from the npm registry (Reflex's own bun download cannot run here).
if [ ! -x .tools/node_modules/.bin/bun ] || [ ! -x .tools/node_modules/.bin/node ]; then
  step "Installing bun and Node 22 into .tools"
  npm install --silent --no-fund --no-audit --prefix .tools bun@1.4 node@22 \
    || fail "npm could not install bun and node@22 into .tools."
fi

# 3. Chromium for the browser tests.
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  step "Installing Debian's Chromium for the browser tests"
  if [ "$(id -u)" -ne 0 ]; then
    fail "Chromium is missing: run 'sudo apt-get install -y chromium' and try again."
  fi
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || fail "apt-get could not install chromium."
fi
