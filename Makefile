# Thin targets; the logic lives in scripts/.
.PHONY: run production test lint format seed bench bench-outbox

run:    ## set everything up and start the app at http://localhost:3000
	@scripts/run.sh

production: ## start for production: PostgreSQL, Redis, several workers (README, Configuration)
	@scripts/production.sh

test:   ## set everything up (Chromium too) and run lint, unit and browser tests
	@scripts/test.sh

lint:   ## ruff lint and format check, then mypy
	@scripts/bootstrap.sh && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

format: ## apply ruff's fixes and formatting
	@scripts/bootstrap.sh && .venv/bin/ruff check --fix . && .venv/bin/ruff format .

seed:   ## migrate and add the demo data (idempotent)
	@scripts/bootstrap.sh && . scripts/env.sh && reflex db migrate && python -m prakerja_app seed

bench:  ## time the draw of a 1,000,000-applicant wave on PostgreSQL (bench/README.md)
	@scripts/bootstrap.sh && .venv/bin/python bench/select_wave.py

bench-outbox: ## the outbox under load: form events, messages/s, a phone code during a drain
	@scripts/bootstrap.sh --browser && .venv/bin/python bench/outbox.py
