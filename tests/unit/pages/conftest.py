"""The page states' fixtures: a tab's state tree on the test database (`tests.tabs`)."""

from tests.tabs import *  # noqa: F403  (pytest finds the fixtures here)
