"""One partner simulator process per test module of the money services, reset before
each test, and the HTTP client on it."""

from collections.abc import Iterator

import pytest

from prakerja_app.services.money.partner.iris import IrisPartner
from tests.partner_simulator import PartnerSimulator


@pytest.fixture(scope="module")
def _simulator_process() -> Iterator[PartnerSimulator]:
    with PartnerSimulator() as simulator:
        yield simulator


@pytest.fixture
def simulator(_simulator_process: PartnerSimulator) -> PartnerSimulator:
    """The simulator, forgetting earlier tests' accounts, payouts, faults and callback."""
    _simulator_process.reset()
    return _simulator_process


@pytest.fixture
def partner(simulator: PartnerSimulator) -> Iterator[IrisPartner]:
    """The HTTP client on the simulator, without retries."""
    with IrisPartner(simulator.settings, timeout=2, retries=0, backoff=0) as client:
        yield client
