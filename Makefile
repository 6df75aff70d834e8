# Thin targets; the logic lives in scripts/.
.PHONY: run production test lint format seed bench bench-outbox bench-logins bench-events bench-catalogue bench-applicants bench-lists bench-payments

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

bench:  ## the draw of a 5,000,000-applicant wave beside a naive SQL draw (bench/README.md)
	@scripts/bootstrap.sh && .venv/bin/python bench/select_wave.py

bench-outbox: ## the outbox under load: form events, messages/s, a phone code during a drain
	@scripts/bootstrap.sh --browser && .venv/bin/python bench/outbox.py

bench-logins: ## 200 logins at once beside the argon2 limit, and the others' p95 meanwhile
	@scripts/bootstrap.sh && .venv/bin/python bench/logins.py

bench-events: ## catalogue and landing events for 100 clients beside a bare Reflex event
	@scripts/bootstrap.sh && .venv/bin/python bench/events.py

bench-catalogue: ## catalogue search on 5,600 trainings and 1,000,000 reviews
	@scripts/bootstrap.sh && .venv/bin/python bench/catalogue.py

bench-applicants: ## the console's applicant search on 1,000,000 applicants beside an ILIKE scan
	@scripts/bootstrap.sh && .venv/bin/python bench/applicant_search.py

bench-lists: ## a 1,000,000-line exclusion list: dry run and apply beside a bare COPY of the file
	@scripts/bootstrap.sh && .venv/bin/python bench/list_upload.py

bench-payments: ## payment runs of 800,000 instalments beside a bare select, payouts/s beside bare HTTP
	@scripts/bootstrap.sh && .venv/bin/python bench/payment_runs.py
