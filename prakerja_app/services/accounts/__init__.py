"""Accounts: who may act, proven how.

Use cases:
- create an account, applicant or admin (`users`);
- choose and check a password; argon2id hashing (`passwords`);
- log in and out with server-side sessions, throttled against guessing (`sessions`);
- single-use links sent by email, stored hashed (`email_links`);
- one-time codes sent by SMS, bound to a purpose and a target (`one_time_codes`).

Refusals are `errors.AccountError` codes.
"""
