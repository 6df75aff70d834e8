"""The attacks as tests. Those here drive page states directly (`tests.tabs`); those in
`live/` attack the running production build (`tests.harness`)."""

from tests.tabs import *  # noqa: F403  (pytest finds the fixtures here)
