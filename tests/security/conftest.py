"""The attacks on page states and the API, in the unit tests' process: page states are
driven as a browser's events would drive them (`tests.tabs`). The attacks on the running
app are in `tests/e2e/security/`."""

from tests.tabs import *  # noqa: F403  (pytest finds the fixtures here)
