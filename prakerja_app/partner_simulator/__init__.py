"""The payment partner simulator: a separate process speaking our Iris protocol, for
development and tests (``python -m prakerja_app.partner_simulator --port 8070``).

It keeps everything in memory, checks the creator's and approver's keys and the
idempotency keys, and sends signed notifications to the callback URL. Faults on demand:
by account number (see `accounts`) and through ``POST /_sim/faults`` (see `faults`).
docs/payment-partner.md describes it all. Never for production: ``/_sim`` has no auth.
"""
