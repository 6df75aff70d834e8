"""The ASGI guards in front of Reflex (`api.guards`), each request as an attacker sends it.

Uploads are refused before a byte of their body is read; every response carries the
security headers; the websocket's session comes only from the HttpOnly cookie. The same
guards are attacked through the running app in `tests/e2e/security`.
"""

import pytest
from starlette.types import Message

from prakerja_app import settings
from prakerja_app.api import create_app, guards, redeem
from prakerja_app.api.session import COOKIE
from prakerja_app.services.accounts.tokens import token_hash
from tests.testclient import TestClient

pytestmark = [pytest.mark.security, pytest.mark.anyio]

HANDLER = "state.personal_state.upload_ktp_photo"
GOOD_TICKET, CLIENT_TOKEN = "tiket-yang-benar", "token-tab-ini"


class Backend:
    """What the guards wrap: records whether it was reached and how much body it read."""

    def __init__(self) -> None:
        self.reached, self.read = False, 0
        self.scope: dict = {}

    async def __call__(self, scope, receive, send) -> None:
        self.reached, self.scope = True, scope
        if scope["type"] == "http":
            while True:
                message = await receive()
                self.read += len(message.get("body", b""))
                if not message.get("more_body"):
                    break
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})


async def _ticket_ok(ticket: str, client_token: str) -> bool:
    return (ticket, client_token) == (GOOD_TICKET, CLIENT_TOKEN)


async def _request(app, headers: dict[str, str], body: bytes = b"", path: str = "/_upload"):
    """Send one HTTP request through `app`; return (status, response headers, body chunks
    the app asked for)."""
    chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)] or [b""]
    asked = 0
    sent: list[Message] = []

    async def receive() -> Message:
        nonlocal asked
        asked += 1
        chunk = chunks[min(asked, len(chunks)) - 1]
        return {"type": "http.request", "body": chunk, "more_body": asked < len(chunks)}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], dict(start["headers"]), asked


def _upload_headers(**changes: str) -> dict[str, str]:
    headers = {
        "reflex-event-handler": HANDLER,
        "reflex-client-token": CLIENT_TOKEN,
        guards.UPLOAD_TICKET_HEADER: GOOD_TICKET,
        "content-length": "1000",
    }
    return {k: v for k, v in (headers | changes).items() if v}


@pytest.fixture
def backend() -> Backend:
    return Backend()


@pytest.fixture
def upload_guard(backend):
    return guards.upload_guard(lambda: [HANDLER], _ticket_ok)(backend)


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"reflex-event-handler": "state.login_state.submit"}, 400),  # not an upload handler
        ({"reflex-event-handler": ""}, 400),
        ({"content-length": ""}, 411),  # chunked: no size declared
        ({"content-length": "-1"}, 411),
        ({"content-length": str(50 * 1024 * 1024)}, 413),  # refused unread
        ({guards.UPLOAD_TICKET_HEADER: ""}, 403),
        ({guards.UPLOAD_TICKET_HEADER: "tiket-tab-lain"}, 403),
        ({"reflex-client-token": "token-tab-lain"}, 403),  # someone else's tab
    ],
)
async def test_an_upload_is_refused_before_its_body_is_read(upload_guard, backend, changes, status):
    answer, _, asked = await _request(upload_guard, _upload_headers(**changes), b"x" * 1000)
    assert (answer, asked, backend.reached) == (status, 0, False)


async def test_a_proper_upload_reaches_reflex(upload_guard, backend):
    answer, _, _ = await _request(upload_guard, _upload_headers(), b"x" * 1000)
    assert (answer, backend.reached, backend.read) == (200, True, 1000)


async def test_a_body_longer_than_declared_is_cut_off(upload_guard, backend):
    with pytest.raises(ValueError, match="longer than it declared"):
        await _request(upload_guard, _upload_headers(), b"x" * 200_000)
    assert backend.read <= 1000 + 65536


async def test_other_requests_pass_the_upload_guard(upload_guard, backend):
    answer, _, _ = await _request(upload_guard, {}, path="/ping")
    assert (answer, backend.reached) == (200, True)


# --- headers ------------------------------------------------------------------------


@pytest.mark.parametrize("public_url", ["http://127.0.0.1:3000", "https://prakerja.example"])
async def test_every_response_carries_the_security_headers(backend, monkeypatch, public_url):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", public_url)
    app = guards.security_headers(lambda: "https://api.prakerja.example")(backend)
    _, headers, _ = await _request(app, {}, path="/")
    policy = headers[b"content-security-policy"].decode()
    assert "frame-ancestors 'none'" in policy
    assert "connect-src 'self' https://api.prakerja.example wss://api.prakerja.example" in policy
    assert "default-src 'self'" in policy
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"x-frame-options"] == b"DENY"
    assert headers[b"referrer-policy"] == b"strict-origin-when-cross-origin"
    hsts = headers.get(b"strict-transport-security")
    assert (hsts is not None) == settings.cookies_secure() == public_url.startswith("https")


# --- the websocket's session --------------------------------------------------------


async def _handshake(headers: list[tuple[bytes, bytes]]) -> dict[bytes, bytes]:
    backend = Backend()
    await guards.session_handshake(backend)({"type": "websocket", "headers": headers}, None, None)
    return dict(backend.scope["headers"])


async def test_the_session_cookie_reaches_reflex_only_as_its_digest():
    headers = await _handshake([(b"cookie", f"theme=dark; {COOKIE}=rahasia-sesi".encode())])
    assert (
        headers[b"authorization"]
        == f"{guards.SESSION_SCHEME} {token_hash('rahasia-sesi')}".encode()
    )
    assert headers[b"cookie"] == b"theme=dark"  # the token itself is not kept in state


async def test_an_authorization_header_from_the_client_is_dropped():
    forged = f"{guards.SESSION_SCHEME} {token_hash('sesi-orang-lain')}".encode()
    assert b"authorization" not in await _handshake([(b"authorization", forged)])


@pytest.mark.parametrize(("mode", "docs"), [("prod", 404), ("dev", 200)])
def test_swagger_ui_with_its_cdn_scripts_is_served_only_outside_production(monkeypatch, mode, docs):
    monkeypatch.setenv("REFLEX_ENV_MODE", mode)
    client = TestClient(create_app())
    assert client.get(redeem.DOCS_URL).status_code == docs
    assert client.get(redeem.OPENAPI_URL).json()["paths"]
