"""The simulator's fault settings and name check, without the process."""

import pytest

from prakerja_app.partner_simulator.accounts import same_name
from prakerja_app.partner_simulator.faults import Fault, Faults


def test_time_outs_then_server_errors_are_used_up():
    faults = Faults()
    faults.update({"timeouts": 1, "server_errors": 1})
    assert [faults.take() for _ in range(3)] == [Fault.TIMEOUT, Fault.SERVER_ERROR, None]


@pytest.mark.parametrize(
    "changes",
    [
        {"typo": 1},
        {"timeouts": -1},
        {"timeouts": True},
        {"duplicate_notifications": 1},
        {"notification_delay": "1"},
        {"timeouts": 2, "server_errors": -1},
    ],
)
def test_a_bad_fault_is_refused(changes):
    faults = Faults()
    with pytest.raises(ValueError):
        faults.update(changes)
    assert faults == Faults()


def test_names_match_ignoring_case_and_spacing():
    assert same_name("SITI  AMINAH", "Siti Aminah")
    assert not same_name("Siti Aminah", "Siti Rahma")
    assert not same_name("", "")
