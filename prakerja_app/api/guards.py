"""ASGI wrappers around the whole backend: the session on the websocket, the uploads'
limits and proof of origin, and the security headers of every response.

They are Reflex ``api_transformer`` callables (`prakerja_app.prakerja_app`), so they see
each request before Reflex does.
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping
from http.cookies import CookieError, SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from prakerja_app import settings
from prakerja_app.api.session import COOKIE
from prakerja_app.services.accounts.tokens import token_hash
from prakerja_app.services.registration import photos

SESSION_SCHEME = "PrakerjaSession"
UPLOAD_TICKET_HEADER = "x-prakerja-upload"
MAX_UPLOAD_BYTES = photos.MAX_PHOTO_BYTES + 64 * 1024  # one photo, and the form around it


def content_security_policy(backend_url: str) -> str:
    """The pages' CSP. Reflex pages need inline scripts (React Router) and eval
    (``rx.call_script``); the backend may sit on another origin than the page."""
    websocket = backend_url.replace("http", "ws", 1)
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            f"connect-src 'self' {backend_url} {websocket}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
            "form-action 'self'",
        )
    )


def _session_cookie(header: bytes) -> tuple[str | None, bytes]:
    """The session cookie's value, and the Cookie header without it."""
    text = header.decode("latin-1")
    try:
        jar = SimpleCookie(text)
    except CookieError:
        return None, header
    token = jar[COOKIE].value if COOKIE in jar else None
    rest = "; ".join(
        part.strip()
        for part in text.split(";")
        if part.strip() and not part.strip().startswith(f"{COOKIE}=")
    )
    return token, rest.encode("latin-1")


def session_handshake(app: ASGIApp) -> ASGIApp:
    """On the websocket's handshake, replace the session cookie by its digest, as
    ``Authorization: PrakerjaSession <digest>``.

    Reflex keeps the handshake's headers in every tab's state (and in Redis): this way
    the store never holds a live session token. An Authorization header the client sent
    itself is dropped, so the digest can only come from the cookie.
    """

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            headers, token = [], None
            for name, value in scope["headers"]:
                if name == b"cookie":
                    found, rest = _session_cookie(value)
                    token = token or found
                    if rest:
                        headers.append((name, rest))
                elif name != b"authorization":
                    headers.append((name, value))
            if token:
                digest = token_hash(token).encode()
                headers.append((b"authorization", SESSION_SCHEME.encode() + b" " + digest))
            scope = {**scope, "headers": headers}
        await app(scope, receive, send)

    return wrapped


def security_headers(backend_url: Callable[[], str]) -> Callable[[ASGIApp], ASGIApp]:
    """Add the security headers to every HTTP response (pages included, in production,
    where the backend serves them). `backend_url` is read at the first response, once
    the server knows where it listens."""
    fixed = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(self), geolocation=(), microphone=()",
    }
    if settings.cookies_secure():
        fixed["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return

            async def with_headers(message: Message) -> None:
                if "Content-Security-Policy" not in fixed:
                    fixed["Content-Security-Policy"] = content_security_policy(backend_url())
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    for name, value in fixed.items():
                        headers.setdefault(name, value)
                await send(message)

            await app(scope, receive, with_headers)

        return wrapped

    return wrap


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


UploadCheck = Callable[[str, str], Awaitable[bool]]


def upload_guard(
    upload_handlers: Callable[[], Iterable[str]],
    ticket_ok: UploadCheck,
    larger: Callable[[], Mapping[str, int]] = dict,
) -> Callable[[ASGIApp], ASGIApp]:
    """Check an upload before Reflex reads a byte of it.

    `larger` names the upload handlers that take more than a photo, with their limits
    in bytes (a list's CSV file).

    An upload request carries no cookie when the page and the backend are on different
    origins (development), and Reflex would run it as whoever last used its client
    token. So it must name one of our upload handlers (else 400), declare its size and
    stay under `MAX_UPLOAD_BYTES` (else 411 or 413), and present the upload ticket that
    the signed-in tab got over its websocket (`ticket_ok(ticket, client_token)`, else
    403).
    """

    def wrap(app: ASGIApp) -> ASGIApp:
        async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"].rstrip("/") != "/_upload":
                await app(scope, receive, send)
                return
            if scope["method"] == "OPTIONS":  # the CORS preflight
                await app(scope, receive, send)
                return
            headers = {
                k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]
            }
            handler = headers.get("reflex-event-handler", "")
            limit = larger().get(handler)
            if limit is None and handler not in set(upload_handlers()):
                await _refuse(send, 400, "Unggahan tidak dikenal.")
                return
            length = headers.get("content-length", "")
            if not length.isdigit():
                await _refuse(send, 411, "Ukuran unggahan harus disebutkan.")
                return
            if limit is not None and int(length) > limit:
                await _refuse(send, 413, f"Ukuran berkas paling besar {limit // 2**20} MB.")
                return
            if limit is None and int(length) > MAX_UPLOAD_BYTES:
                await _refuse(send, 413, f"Ukuran foto paling besar {photos.MAX_PHOTO_MB} MB.")
                return
            ticket = headers.get(UPLOAD_TICKET_HEADER, "")
            token = headers.get("reflex-client-token", "")
            if not await ticket_ok(ticket, token):
                await _refuse(send, 403, "Muat ulang halaman, lalu unggah lagi.")
                return
            received = 0

            async def counted() -> Message:
                nonlocal received
                message = await receive()
                received += len(message.get("body", b""))
                if received > int(length):
                    raise ValueError("the upload is longer than it declared")
                return message

            await app(scope, counted, send)

        return wrapped

    return wrap
