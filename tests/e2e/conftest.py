"""The browser tests' fixtures: the production build and its browser (`tests.harness`)."""

from tests.harness import *  # noqa: F403  (pytest finds the fixtures here)
