"""A training's page (/pelatihan/<code>): what it is, its reviews, and buying it.

Buying takes two steps: the participant asks for a code (sent by SMS), then confirms
with it. The confirmation carries a key made when the code was requested, so a double
click or a retried request buys once.
"""

import secrets

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import form_message, text_field
from prakerja_app.components.layout import page_frame
from prakerja_app.pages.public.not_found import ways_back
from prakerja_app.services.core.formatting import rupiah
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.marketplace import purchases
from prakerja_app.services.selection import participants
from prakerja_app.services.views import catalogue
from prakerja_app.services.views.catalogue import TrainingDetail
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import ServiceForm, form_text, query

CODE_SENT, BOUGHT = "code", "bought"


class TrainingState(ServiceForm, rx.State):
    """The training shown, the viewer's balance, and where the purchase stands."""

    found: bool = True
    detail: TrainingDetail | None = None
    balance: str = ""
    phase: str = ""
    sent_to: str = ""
    voucher: str = ""
    owned_voucher: str = ""  # the viewer bought this training already: its voucher
    _buy_key: str = ""

    @rx.event
    async def load(self):
        """Load the training from the URL, and the balance of a logged-in participant."""
        code = self.router.page.params.get("code", "")
        code = code if isinstance(code, str) and len(code) <= 16 else ""
        self.detail = await query(catalogue.training_detail, code)
        self.found = self.detail is not None
        self.phase, self.sent_to, self.voucher, self.errors, self.message = "", "", "", {}, ""
        user = await (await self.get_state(AuthState))._current_user()
        balance = (
            await query(participants.balance_of, user.id)
            if user is not None and user.role == Role.APPLICANT
            else None
        )
        self.balance = "" if balance is None else rupiah(balance)
        owned = None
        if balance is not None and user is not None and self.detail is not None:
            owned = await query(purchases.voucher_of, user.id, self.detail.code)
        self.owned_voucher = owned or ""

    @rx.event
    async def request_code(self):
        """Send the purchase code by SMS (participants only)."""
        if self.detail is None:
            return
        code = self.detail.code
        ok, sent_to = await self._call(purchases.request_code, training_code=code)
        if ok:
            self._buy_key = secrets.token_urlsafe(24)
            self.phase, self.sent_to = CODE_SENT, sent_to

    @rx.event
    async def confirm(self, form: dict):
        """Buy with the code; the same confirmation never buys twice."""
        if self.detail is None or not self._buy_key:
            return
        otp = form_text(form, limit=20).get("otp", "")
        ok, receipt = await self._call(
            purchases.buy,
            training_code=self.detail.code,
            code=otp,
            idempotency_key=self._buy_key,
        )
        if ok:
            self.phase, self.voucher = BOUGHT, receipt.voucher_code
            self.balance = rupiah(receipt.balance_after)


def _facts() -> rx.Component:
    detail = TrainingState.detail
    return rx.el.dl(
        *[
            rx.box(
                rx.el.dt(label, font_size="13px", color="var(--gray-11)"),
                rx.el.dd(value, margin="0", font_weight="500"),
            )
            for label, value in (
                ("Harga", detail.price_label),
                ("Platform", detail.platform),
                ("Lembaga pelatihan", detail.provider),
                ("Format", detail.format_label),
                ("Durasi", detail.duration_label),
                ("Rating", detail.rating_label),
            )
        ],
        display="grid",
        grid_template_columns="repeat(auto-fill, minmax(150px, 1fr))",
        gap="12px",
        margin="0",
    )


def _buy_panel() -> rx.Component:
    detail = TrainingState.detail
    return rx.card(
        rx.vstack(
            rx.heading("Beli pelatihan", size="4", as_="h2"),
            rx.cond(
                ~detail.buyable,
                rx.callout(detail.not_buyable_reason, icon="info", role="status"),
                rx.cond(
                    TrainingState.balance == "",
                    rx.text(
                        "Pelatihan dibeli dengan saldo pelatihan Kartu Prakerja. ",
                        rx.link("Masuk", href=routes.LOGIN),
                        " sebagai peserta untuk membeli.",
                    ),
                    rx.cond(
                        (TrainingState.owned_voucher != "") & (TrainingState.phase != BOUGHT),
                        _already_bought(),
                        _buying(),
                    ),
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _already_bought() -> rx.Component:
    """The viewer's purchase of this training stands: no second "Beli"."""
    return rx.callout.root(
        rx.callout.icon(rx.icon("circle_check")),
        rx.callout.text(
            "Anda sudah membeli pelatihan ini. Kode voucher Anda: ",
            rx.text.strong(TrainingState.owned_voucher, class_name="voucher"),
            ". Kode ini juga ada di ",
            rx.link("dasbor", href=routes.DASHBOARD),
            ".",
        ),
        color_scheme="green",
        role="status",
    )


def _buying() -> rx.Component:
    """The purchase: "Beli", the SMS code, then the voucher."""
    return rx.match(
        TrainingState.phase,
        (
            BOUGHT,
            rx.vstack(
                rx.callout.root(
                    rx.callout.icon(rx.icon("circle_check")),
                    rx.callout.text(
                        "Pembelian berhasil. Kode voucher Anda: ",
                        rx.text.strong(TrainingState.voucher, class_name="voucher"),
                        ". Tukarkan kode ini di platform untuk memulai pelatihan.",
                    ),
                    color_scheme="green",
                    role="status",
                ),
                rx.text("Sisa saldo: ", rx.text.strong(TrainingState.balance)),
                rx.link(rx.button("Ke dasbor", size="3"), href=routes.DASHBOARD),
                width="100%",
            ),
        ),
        (
            CODE_SENT,
            rx.form(
                rx.vstack(
                    rx.text(
                        "Kode OTP dikirim lewat SMS ke ",
                        rx.text.strong(TrainingState.sent_to),
                        ".",
                    ),
                    text_field(
                        "Kode OTP",
                        "otp",
                        TrainingState.errors,
                        input_mode="numeric",
                        auto_complete="one-time-code",
                        max_length=6,
                    ),
                    form_message(TrainingState.message),
                    rx.button(
                        "Bayar " + TrainingState.detail.price_label,
                        type="submit",
                        size="3",
                        width="100%",
                    ),
                    width="100%",
                ),
                on_submit=TrainingState.confirm,
                no_validate=True,
                width="100%",
            ),
        ),
        rx.vstack(
            rx.text("Saldo pelatihan Anda: ", rx.text.strong(TrainingState.balance)),
            form_message(TrainingState.message),
            rx.button(
                "Beli dengan saldo pelatihan",
                on_click=TrainingState.request_code,
                size="3",
                width="100%",
            ),
            width="100%",
        ),
    )


def _review(review) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(review.stars_label, aria_label=review.stars_text),
            rx.text(review.reviewer, weight="medium", size="2"),
            rx.text(review.date_label, size="1", color="gray"),
            wrap="wrap",
            align="center",
        ),
        rx.text(review.text, size="2"),
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
    )


@rx.page(
    route=routes.TRAINING,
    title="Pelatihan - Kartu Prakerja",
    on_load=[AuthState.refresh, TrainingState.load],
)
def training_page() -> rx.Component:
    """One training and how to buy it."""
    detail = TrainingState.detail
    return page_frame(
        rx.cond(
            TrainingState.found & (detail != None),  # noqa: E711 (a Var comparison)
            rx.vstack(
                rx.link("← Katalog pelatihan", href=routes.CATALOGUE, size="2"),
                rx.heading(detail.title, size="7", as_="h1"),
                rx.text(detail.category_label, color="gray"),
                rx.grid(
                    rx.vstack(
                        _facts(),
                        rx.heading("Tentang pelatihan", size="4", as_="h2"),
                        rx.text(detail.description),
                        rx.heading("Ulasan peserta", size="4", as_="h2"),
                        rx.cond(
                            detail.latest_reviews.length() > 0,
                            rx.box(rx.foreach(detail.latest_reviews, _review), width="100%"),
                            rx.text("Belum ada ulasan.", color="gray"),
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    _buy_panel(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="5",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                TrainingState.found,
                rx.spinner(size="3"),
                rx.vstack(
                    rx.callout(
                        "Pelatihan tidak ditemukan: mungkin alamatnya salah, atau pelatihan ini"
                        " sudah tidak ditawarkan.",
                        icon="info",
                        role="status",
                    ),
                    ways_back(),
                    spacing="3",
                ),
            ),
        )
    )
