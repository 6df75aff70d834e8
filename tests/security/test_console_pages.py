"""Every console page is in the handler matrix's table of areas, so its handlers are
checked for each admin role."""

import pytest

import prakerja_app.prakerja_app  # noqa: F401  (registers every state)
from tests.security.console import AREAS, console_pages

pytestmark = pytest.mark.security


def test_every_console_page_names_its_area():
    assert console_pages() == set(AREAS)
