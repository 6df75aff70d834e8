"""The browser tests' fixtures: the production build and its browser (`tests.harness`),
and the payment partner's simulator it talks to (`tests.e2e.partner`)."""

from tests.e2e.partner import partner_notifies_app, partner_simulator  # noqa: F401  (fixtures)
from tests.harness import *  # noqa: F403  (pytest finds the fixtures here)
