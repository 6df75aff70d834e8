"""The development platform (/dev/platform): play a training provider against our own API.

A developer picks a provider, types a voucher code and presses "Cek status", "Redeem" or
"Laporkan selesai"; the server signs the request with that provider's key, exactly as a
provider's system would, sends it over HTTP to the backend's /api/v1 endpoints, and
shows the JSON answer. The key never reaches the browser.

Registered only outside production, like the development mailbox: it can act as any
provider.
"""

import json
import time

import httpx
import reflex as rx
from sqlmodel import Session

from prakerja_app import routes, settings
from prakerja_app.api.answers import STATUS_LABELS
from prakerja_app.components.layout import code_block, development_frame, development_page
from prakerja_app.services.marketplace import redemption
from prakerja_app.services.marketplace.redemption import Operation
from prakerja_app.services.views import dev_platform as provider_console
from prakerja_app.state.forms import query

TIMEOUT_SECONDS = 15.0
BUTTONS = (
    (Operation.STATUS, "Cek status", "search"),
    (Operation.COMMIT, "Redeem", "ticket-check"),
    (Operation.COMPLETE, "Laporkan selesai", "award"),
)


def _clients_and_vouchers(db: Session) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The providers that have API keys, and the newest vouchers."""
    clients = [
        {"name": c.name, "client_code": c.client_code} for c in provider_console.api_clients(db)
    ]
    vouchers = [
        {
            "code": v.code,
            "training": v.training_title,
            "provider": v.provider_name,
            "status": STATUS_LABELS[v.status],
        }
        for v in provider_console.recent_vouchers(db)
    ]
    return clients, vouchers


def _signed_request(
    db: Session, client_code: str, code: str, operation: Operation
) -> tuple[str, bytes, dict[str, str]] | None:
    """The path, body and signed headers a provider would send, or None when the provider
    has no key."""
    key = provider_console.signing_key(db, client_code)
    if not key:
        return None
    path = redemption.PATHS[operation]
    body = redemption.canonical_body(code).encode()
    headers = redemption.signed_headers(
        client_code=client_code, sign_key=key, path=path, body=body, timestamp=int(time.time())
    )
    return path, body, headers


def _backend_url() -> str:
    return rx.config.get_config().api_url.rstrip("/")


class DevPlatformState(rx.State):
    """The chosen provider and voucher, and the last request and answer, as text."""

    clients: list[dict[str, str]] = []
    vouchers: list[dict[str, str]] = []
    client_code: str = ""
    code: str = ""
    sent: str = ""
    answer: str = ""
    answer_status: str = ""
    error: str = ""
    busy: bool = False
    loaded: bool = False

    @rx.event(background=True)
    async def load(self):
        """List the providers with keys and the newest vouchers (nothing in production)."""
        if settings.is_production():
            return
        clients, vouchers = await query(_clients_and_vouchers)
        async with self:
            self.clients, self.vouchers, self.loaded = clients, vouchers, True
            if self.client_code not in {c["client_code"] for c in clients}:
                self.client_code = clients[0]["client_code"] if clients else ""

    @rx.event
    def set_client_code(self, value: str):
        """Choose the provider to act as (by its client code)."""
        self.client_code = str(value)[:64]

    @rx.event
    def set_code(self, value: str):
        """The voucher code to send."""
        self.code = str(value).strip()[:64]

    @rx.event
    def pick(self, code: str, provider_name: str):
        """Fill in a voucher from the list, with the provider whose training it buys."""
        self.code = str(code)[:64]
        match = next((c for c in self.clients if c["name"] == provider_name), None)
        if match is not None:
            self.client_code = match["client_code"]

    @rx.event(background=True)
    async def send(self, operation: str):
        """Sign and send one request to the backend's API, and show the answer."""
        if settings.is_production() or operation not in set(Operation):
            return
        async with self:
            if self.busy:
                return
            if not self.client_code or not self.code:
                self.error = "Pilih lembaga pelatihan dan isi kode voucher."
                return
            self.busy, self.error, self.answer, self.answer_status = True, "", "", ""
            client_code, code = self.client_code, self.code
        request = await query(_signed_request, client_code, code, Operation(operation))
        if request is None:
            async with self:
                self.busy, self.error = False, "Lembaga ini tidak punya kunci API."
            return
        path, body, headers = request
        url = _backend_url() + path
        shown = {name: value for name, value in headers.items() if name != "Content-Type"}
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            async with self:
                self.busy = False
                self.sent = f"POST {url}"
                self.error = f"Backend tidak dapat dihubungi: {type(error).__name__}"
            return
        try:
            answer = json.dumps(response.json(), indent=2, ensure_ascii=False)
        except ValueError:
            answer = response.text[:2000]
        async with self:
            self.busy = False
            self.sent = (
                f"POST {url}\n"
                + "\n".join(f"{name}: {value}" for name, value in shown.items())
                + f"\n\n{body.decode()}"
            )
            self.answer_status = f"HTTP {response.status_code}"
            self.answer = answer
        return DevPlatformState.load


def _voucher(row: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.button(
            row["code"],
            on_click=DevPlatformState.pick(row["code"], row["provider"]),
            variant="soft",
            font_family="var(--code-font-family)",
        ),
        rx.vstack(
            rx.text(row["training"], size="2", weight="medium"),
            rx.text(row["provider"], " · ", row["status"], size="1", color_scheme="gray"),
            spacing="0",
        ),
        align="center",
        spacing="3",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.el.label("Lembaga pelatihan", html_for="provider", font_weight="500"),
            rx.el.select(
                rx.foreach(
                    DevPlatformState.clients,
                    lambda c: rx.el.option(c["name"], value=c["client_code"]),
                ),
                id="provider",
                value=DevPlatformState.client_code,
                on_change=DevPlatformState.set_client_code,
                style={"height": "44px", "width": "100%", "padding": "0 8px"},
            ),
            rx.el.label("Kode voucher", html_for="voucher", font_weight="500"),
            rx.input(
                id="voucher",
                value=DevPlatformState.code,
                on_change=DevPlatformState.set_code,
                placeholder="mis. GHOPNYXUVMT2",
                size="3",
                width="100%",
                font_family="var(--code-font-family)",
            ),
            rx.hstack(
                *[
                    rx.button(
                        rx.icon(icon, size=16),
                        label,
                        on_click=DevPlatformState.send(str(operation)),
                        loading=DevPlatformState.busy,
                        variant="solid" if operation == Operation.STATUS else "outline",
                    )
                    for operation, label, icon in BUTTONS
                ],
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                DevPlatformState.error != "",
                rx.callout(DevPlatformState.error, color_scheme="red", role="alert"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@development_page(
    routes.DEV_PLATFORM, "Platform pengembangan - Kartu Prakerja", DevPlatformState.load
)
def dev_platform() -> rx.Component:
    """The development platform page."""
    return development_frame(
        "Platform pengembangan",
        "Bertindak sebagai lembaga pelatihan: permintaan ditandatangani dengan kunci lembaga"
        " yang dipilih dan dikirim ke API /api/v1 di backend.",
        rx.link("Dokumentasi API (OpenAPI)", href=_backend_url() + "/api/v1/docs", size="2"),
        rx.cond(DevPlatformState.loaded, _form(), rx.spinner()),
        rx.cond(
            DevPlatformState.answer_status != "",
            rx.vstack(
                rx.heading("Permintaan", size="4", as_="h2"),
                code_block(DevPlatformState.sent),
                rx.hstack(
                    rx.heading("Jawaban", size="4", as_="h2"),
                    rx.badge(DevPlatformState.answer_status, variant="soft"),
                    align="center",
                ),
                code_block(DevPlatformState.answer),
                spacing="2",
                width="100%",
            ),
        ),
        rx.heading("Voucher terbaru", size="4", as_="h2"),
        rx.cond(
            DevPlatformState.vouchers.length() > 0,
            rx.vstack(rx.foreach(DevPlatformState.vouchers, _voucher), width="100%"),
            rx.text("Belum ada pembelian pelatihan.", size="2"),
        ),
    )
