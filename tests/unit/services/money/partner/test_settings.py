"""The partner's settings: the simulator by default, everything required in production."""

import pytest

from prakerja_app.settings import (
    SIMULATOR_PARTNER_URL,
    ConfigurationError,
    PartnerSettings,
    partner_settings,
)

NAMES = ("URL", "CREATOR_KEY", "APPROVER_KEY", "NOTIFICATION_KEY")


@pytest.fixture(autouse=True)
def _no_partner_environment(monkeypatch):
    for name in NAMES:
        monkeypatch.delenv(f"PRAKERJA_PARTNER_{name}", raising=False)
    monkeypatch.delenv("REFLEX_ENV_MODE", raising=False)


def _set(monkeypatch, **values):
    for name, value in values.items():
        monkeypatch.setenv(f"PRAKERJA_PARTNER_{name.upper()}", value)


def test_development_points_at_the_simulator_with_two_keys():
    settings = partner_settings()
    assert settings.base_url == SIMULATOR_PARTNER_URL
    assert settings.creator_key != settings.approver_key


def test_the_environment_wins(monkeypatch):
    _set(
        monkeypatch,
        url="https://app.sandbox.midtrans.com/iris/",
        creator_key="c",
        approver_key="a",
        notification_key="n",
    )
    assert partner_settings() == PartnerSettings(
        "https://app.sandbox.midtrans.com/iris", "c", "a", "n"
    )


def test_production_needs_every_setting(monkeypatch):
    monkeypatch.setenv("REFLEX_ENV_MODE", "prod")
    _set(monkeypatch, url="https://app.midtrans.com/iris", creator_key="c", approver_key="a")
    with pytest.raises(ConfigurationError):
        partner_settings()
    _set(monkeypatch, notification_key="n")
    assert partner_settings().notification_key == "n"


def test_production_needs_two_different_keys(monkeypatch):
    monkeypatch.setenv("REFLEX_ENV_MODE", "prod")
    _set(
        monkeypatch,
        url="https://app.midtrans.com/iris",
        creator_key="same",
        approver_key="same",
        notification_key="n",
    )
    with pytest.raises(ConfigurationError):
        partner_settings()
