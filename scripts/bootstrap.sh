#!/usr/bin/env bash
# Prepare everything the app and its tests need, skipping what is already done.
#   scripts/bootstrap.sh          virtualenv, Python deps, bun + Node 22, migrations, demo seed
#   scripts/bootstrap.sh --browser  the same plus what the tests need from Debian: Chromium
#                                   for the browser tests, Kannel for the SMS gateway
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

# 3. For the tests, Debian's Chromium (browser tests) and Kannel (the SMS gateway).
packages=()
if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/sbin/bearerbox ] || [ ! -x /usr/lib/kannel/test/fakesmsc ]; then
    packages+=(kannel kannel-extras)
  fi
  if [ ! -x /usr/bin/chromium ]; then
    packages+=(chromium)
  fi
fi
if [ ${#packages[@]} -gt 0 ]; then
  step "Installing Debian's ${packages[*]} for the tests"
  if [ "$(id -u)" -ne 0 ]; then
    fail "${packages[*]} missing: run 'sudo apt-get install -y ${packages[*]}' and try again."
  fi
  # Kannel's package starts a system Kannel (bearerbox and wapbox, ports 13000 and 13002);
  # the tests start their own. A policy-rc.d answering 101 keeps invoke-rc.d from starting
  # it during the install (Docker images ship one already), update-rc.d keeps it off at boot.
  blocker=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    blocker=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$blocker" && chmod +x "$blocker"
  fi
  installed=yes
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null) \
    || installed=no
  if [ -n "$blocker" ]; then rm -f "$blocker"; fi
  [ "$installed" = yes ] || fail "apt-get could not install ${packages[*]}."
  if [[ " ${packages[*]} " = *" kannel "* ]]; then
    update-rc.d kannel disable >/dev/null 2>&1 || true
  fi
fi
