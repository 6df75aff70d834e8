"""The partner's tests: time-outs that answer after 2 s, a client that waits less and
retries, and a receiver of the notifications."""

from collections.abc import Iterator

import pytest

from prakerja_app.services.money.partner.iris import IrisPartner
from tests.partner_simulator import NotificationReceiver, PartnerSimulator

CLIENT_TIMEOUT = 0.5  # the simulator's time-outs answer after 2 s


@pytest.fixture
def simulator(_simulator_process: PartnerSimulator) -> PartnerSimulator:
    """The running simulator, with no payouts, faults or callback; time-outs take 2 s."""
    _simulator_process.reset()
    _simulator_process.faults(timeout_seconds=2)
    return _simulator_process


@pytest.fixture
def partner(simulator: PartnerSimulator) -> Iterator[IrisPartner]:
    """The HTTP client on the simulator: short time-out, two retries without waiting."""
    with IrisPartner(simulator.settings, timeout=CLIENT_TIMEOUT, backoff=0) as client:
        yield client


@pytest.fixture
def receiver(simulator: PartnerSimulator) -> Iterator[NotificationReceiver]:
    """A server the simulator sends its notifications to."""
    with NotificationReceiver() as server:
        simulator.control("callback", {"url": server.url})
        yield server
