"""The payment partner the app under test talks to: the partner simulator, started once
per test session (`tests.partner_simulator`) before the app, whose settings
(`settings.partner_settings`) then point at it through PRAKERJA_PARTNER_*.

The fixture is autouse and session-scoped, so it runs before the session's `app`
(`tests.harness`), which reads these variables whenever it asks the partner.
"""

import os
from collections.abc import Iterator

import pytest
from reflex.config import get_config

from prakerja_app.api.partner_notifications import NOTIFICATION_PATH
from tests.partner_simulator import PartnerSimulator

_VARIABLES = (
    "PRAKERJA_PARTNER_URL",
    "PRAKERJA_PARTNER_CREATOR_KEY",
    "PRAKERJA_PARTNER_APPROVER_KEY",
    "PRAKERJA_PARTNER_NOTIFICATION_KEY",
)


@pytest.fixture(scope="session", autouse=True)
def partner_simulator() -> Iterator[PartnerSimulator]:
    """The running simulator, the app's partner for the whole session."""
    saved = {name: os.environ.get(name) for name in _VARIABLES}
    with PartnerSimulator() as simulator:
        settings = simulator.settings
        values = (
            settings.base_url,
            settings.creator_key,
            settings.approver_key,
            settings.notification_key,
        )
        os.environ.update(dict(zip(_VARIABLES, values, strict=True)))
        try:
            yield simulator
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


@pytest.fixture
def partner_notifies_app(app, partner_simulator: PartnerSimulator) -> Iterator[PartnerSimulator]:
    """The simulator, sending its payout notifications to the app's backend (as Iris
    would), for the test; none afterwards."""
    backend = get_config().api_url  # the app under test's, set by its harness
    partner_simulator.control("callback", {"url": backend + NOTIFICATION_PATH})
    yield partner_simulator
    partner_simulator.control("callback", {"url": None})
