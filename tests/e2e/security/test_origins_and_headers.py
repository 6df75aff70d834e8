"""Only the site's own pages may talk to the backend, and every answer carries the
security headers: against the running production build."""

import httpx
import pytest
import socketio
from reflex.config import get_config

from tests.e2e.security.sockets import RawTab, own_origin

pytestmark = pytest.mark.security

FOREIGN = ["https://evil.example", "null", "http://127.0.0.1:1"]


@pytest.mark.parametrize("origin", FOREIGN)
def test_the_websocket_refuses_a_foreign_origin(app, origin):
    with pytest.raises(socketio.exceptions.ConnectionError):
        RawTab(origin=origin)


def test_the_websocket_opens_for_the_sites_own_pages(app):
    with RawTab() as tab:
        assert tab.client.connected


@pytest.mark.parametrize("path", ["/api/session", "/_upload", "/ping"])
@pytest.mark.parametrize("origin", FOREIGN)
def test_cors_grants_nothing_to_a_foreign_origin(app, path, origin):
    backend = get_config().api_url
    asked = httpx.options(
        backend + path,
        headers={"Origin": origin, "Access-Control-Request-Method": "POST"},
    )
    sent = httpx.get(backend + "/ping", headers={"Origin": origin})
    assert asked.status_code == 400  # "Disallowed CORS origin"
    for answer in (asked, sent):
        assert "access-control-allow-origin" not in answer.headers


def test_cors_lets_the_sites_own_pages_call_with_credentials(app):
    asked = httpx.options(
        get_config().api_url + "/api/session",
        headers={"Origin": own_origin(), "Access-Control-Request-Method": "POST"},
    )
    assert asked.headers["access-control-allow-origin"] == own_origin()
    assert asked.headers["access-control-allow-credentials"] == "true"


@pytest.mark.parametrize("where", ["page", "backend"])
def test_every_answer_carries_the_security_headers(app, where):
    url = app.frontend_url if where == "page" else get_config().api_url + "/ping"
    headers = httpx.get(url).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers  # plain http here; HTTPS adds it
