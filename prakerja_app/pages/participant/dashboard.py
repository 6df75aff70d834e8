"""The dashboard (/dasbor): the applicant's status, or the participant's card, balance,
trainings, certificates, incentives and surveys, with the next step always on top."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import field_error, form_message, labelled
from prakerja_app.components.layout import page_frame
from prakerja_app.pages.participant.payout_account import PayoutAccountState, payout_account_card
from prakerja_app.services.core.errors import AccessDenied
from prakerja_app.services.marketplace import reviews
from prakerja_app.services.money import payout_accounts
from prakerja_app.services.money.partner.configured import InquiryPartner
from prakerja_app.services.selection import waves
from prakerja_app.services.views import dashboard as dashboard_view
from prakerja_app.services.views import messages
from prakerja_app.services.views.dashboard import Overview
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import ServiceForm, call, form_text, small_number

STARS = [(str(n), f"{n} bintang") for n in range(5, 0, -1)]


def _recheck_via_partner(db, **kwargs) -> int:
    """`payout_accounts.recheck_account` with the configured partner's inquiry."""
    with InquiryPartner() as partner:
        return payout_accounts.recheck_account(db, partner=partner, **kwargs)


class DashboardState(ServiceForm, rx.State):
    """The overview of the logged-in applicant (owner only, loaded from their session)."""

    overview: Overview | None = None
    reviewing: int = 0
    payment_notice: str = ""

    @rx.event
    async def load(self):
        """Load the overview; visitors without a session go to the login page."""
        self.overview, self.errors, self.message = None, {}, ""
        auth = await self.get_state(AuthState)
        try:
            user = await auth._require_applicant()
        except AccessDenied as error:
            self.message = messages.text(error)
            return None if auth.is_logged_in else rx.redirect(routes.LOGIN)
        self.overview = await call(dashboard_view.overview, user_id=user.id)
        return None

    @rx.event
    async def rejoin(self):
        """Join the next open wave after not being selected (one click, no new data)."""
        if self.overview is None or not self.overview.next_wave_id:
            return
        if await self._run(waves.rejoin, wave_id=self.overview.next_wave_id):
            await self.load()

    @rx.event
    async def recheck_account(self):
        """ "Saya sudah memperbaikinya": the partner checks the payout account again, and
        the failed payments wait for the next run."""
        self.payment_notice = ""
        ok, retried = await self._call(_recheck_via_partner)
        if ok:
            await self.load()
            self.payment_notice = (
                f"Akun Anda sudah dapat menerima pembayaran. {retried} pembayaran yang gagal"
                " akan dikirim lagi pada putaran pembayaran berikutnya."
            )

    @rx.event
    def open_review(self, purchase_id: int):
        """Show the review form of one training."""
        self.reviewing = purchase_id if isinstance(purchase_id, int) else 0
        self.errors, self.message = {}, ""

    @rx.event
    async def submit_review(self, form: dict):
        """Rate and review a completed training; the first one starts the incentives."""
        fields = form_text(form, limit=2100)
        purchase_id = small_number(fields.get("purchase_id", ""))
        if purchase_id is None:
            self.message = "Pilih pelatihan yang akan diulas."
            return
        if await self._run(
            reviews.submit_review,
            purchase_id=purchase_id,
            stars=small_number(fields.get("stars", "")),
            text=fields.get("text", ""),
        ):
            self.reviewing = 0
            await self.load()


def _section(title: str, *children, **props) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(title, size="4", as_="h2"), *children, spacing="3", width="100%"),
        width="100%",
        **props,
    )


def _banner() -> rx.Component:
    banner = DashboardState.overview.banner
    return rx.callout.root(
        rx.callout.icon(rx.icon("bell")),
        rx.vstack(
            rx.heading(banner.title, size="4", as_="h2", class_name="next-step"),
            rx.text(banner.text, size="2"),
            rx.cond(banner.href != "", rx.link(banner.link_label, href=banner.href)),
            spacing="1",
        ),
        role="status",
        width="100%",
    )


def _card() -> rx.Component:
    view = DashboardState.overview.participant
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text("Kartu Prakerja", weight="bold"),
                rx.text(
                    view.card_number,
                    size="4",
                    weight="bold",
                    class_name="card-number",
                    font_family="monospace",
                    white_space="nowrap",
                ),
                rx.text(view.holder),
                rx.text(view.wave_label, size="2"),
                spacing="1",
                min_width="0",
            ),
            rx.spacer(),
            rx.image(
                src=view.card_qr,
                alt="Kode QR nomor kartu",
                width="88px",
                height="88px",
                background="white",
                border_radius="6px",
                flex_shrink="0",
            ),
            width="100%",
            align="center",
        ),
        background="linear-gradient(135deg, #0b4f8a, #1f7ac4)",
        color="white",
        border_radius="var(--radius-4)",
        padding="16px",
        width="100%",
    )


def _balance() -> rx.Component:
    view = DashboardState.overview.participant
    return _section(
        "Saldo pelatihan",
        rx.text(view.balance_label, size="7", weight="bold", class_name="balance"),
        rx.cond(
            view.trainings.length() == 0,
            rx.text(
                "Beli pelatihan pertama paling lambat ",
                rx.text.strong(view.deadline_label),
                " (",
                view.days_left,
                " hari lagi).",
                size="2",
            ),
        ),
        rx.el.details(
            rx.el.summary("Riwayat saldo", cursor="pointer"),
            rx.foreach(
                view.ledger,
                lambda row: rx.hstack(
                    rx.text(row.date_label, size="2", color="gray", min_width="120px"),
                    rx.text(row.label, size="2"),
                    rx.spacer(),
                    rx.text(row.amount_label, size="2", weight="medium"),
                    width="100%",
                    wrap="wrap",
                ),
            ),
        ),
    )


def _review_form(row) -> rx.Component:
    errors = DashboardState.errors
    return rx.form(
        rx.vstack(
            rx.el.input(type="hidden", name="purchase_id", value=row.purchase_id.to_string()),
            rx.el.fieldset(
                rx.el.legend("Rating", font_weight="500"),
                rx.flex(
                    *[
                        rx.el.label(
                            rx.el.input(
                                type="radio", name="stars", value=value, class_name="choice-input"
                            ),
                            label,
                            class_name="choice",
                        )
                        for value, label in STARS
                    ],
                    wrap="wrap",
                    gap="2",
                ),
                field_error("stars", errors),
                class_name="choice-group",
            ),
            labelled(
                "Ulasan",
                "text",
                rx.text_area(id="text", name="text", rows="4", width="100%"),
                errors,
                hint="Ceritakan pengalaman Anda, minimal 20 karakter.",
            ),
            form_message(DashboardState.message),
            rx.button("Kirim ulasan", type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=DashboardState.submit_review,
        no_validate=True,
        width="100%",
    )


def _training(row) -> rx.Component:
    return rx.box(
        rx.vstack(
            rx.hstack(
                rx.text(row.title, weight="bold"),
                rx.badge(row.status_label, class_name="purchase-status"),
                wrap="wrap",
                align="center",
            ),
            rx.text(
                row.platform, " · ", row.provider, " · ", row.price_label, size="2", color="gray"
            ),
            rx.text(
                "Kode voucher: ", rx.text.strong(row.voucher_code, class_name="voucher"), size="2"
            ),
            rx.text(row.next_action, size="2"),
            rx.cond(
                row.certificate_number != "",
                rx.hstack(
                    rx.image(
                        src=row.certificate_qr,
                        alt="Kode QR verifikasi sertifikat",
                        width="96px",
                        height="96px",
                    ),
                    rx.vstack(
                        rx.text("Sertifikat ", rx.text.strong(row.certificate_number), size="2"),
                        rx.link(
                            "Buka halaman verifikasi",
                            href=row.certificate_url,
                            size="2",
                            is_external=True,
                        ),
                        spacing="1",
                    ),
                    align="center",
                ),
            ),
            rx.cond(
                row.can_review,
                rx.cond(
                    DashboardState.reviewing == row.purchase_id,
                    _review_form(row),
                    rx.button(
                        "Beri ulasan",
                        on_click=DashboardState.open_review(row.purchase_id),
                        size="3",
                    ),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        padding_y="10px",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


STATUS_COLORS = {"paid": "green", "processing": "blue", "failed": "red"}


def _incentive(p) -> rx.Component:
    """One instalment: amount, due date and status; then the payment's date and reference,
    or a failure's reason, what to do, and the button that has the account checked again."""
    return rx.vstack(
        rx.hstack(
            rx.text(p.kind_label, size="2", weight="medium"),
            rx.text(p.amount_label, size="2"),
            rx.text(p.due_label, size="2", color="gray"),
            rx.badge(
                p.status_label,
                color_scheme=rx.match(p.status, *STATUS_COLORS.items(), "gray"),
            ),
            wrap="wrap",
            align="center",
            width="100%",
        ),
        rx.cond(p.detail != "", rx.text(p.detail, size="2", color="gray")),
        rx.cond(p.todo != "", rx.text(p.todo, size="2")),
        rx.cond(
            p.can_recheck,
            rx.vstack(
                rx.button(
                    "Saya sudah memperbaikinya",
                    on_click=DashboardState.recheck_account,
                    size="3",
                    variant="soft",
                ),
                field_error("account_number", DashboardState.errors),
                form_message(DashboardState.message),
                spacing="1",
            ),
        ),
        spacing="1",
        class_name="incentive",
        padding_y="8px",
        border_bottom="1px solid var(--gray-a4)",
        width="100%",
    )


def _payments() -> rx.Component:
    view = DashboardState.overview.participant
    return rx.grid(
        _section(
            "Insentif (4 x Rp 600.000)",
            rx.cond(
                view.incentives.length() == 0,
                rx.text(
                    "Dijadwalkan setelah pelatihan pertama selesai dan diulas.",
                    size="2",
                    color="gray",
                ),
                rx.box(rx.foreach(view.incentives, _incentive), width="100%"),
            ),
            rx.cond(
                DashboardState.payment_notice != "",
                rx.callout(
                    DashboardState.payment_notice, icon="circle_check", color_scheme="green"
                ),
            ),
        ),
        _section(
            "Survei evaluasi (3 x Rp 50.000)",
            rx.foreach(
                view.surveys,
                lambda s: rx.vstack(
                    rx.hstack(
                        rx.text(s.title, size="2", weight="medium"),
                        rx.spacer(),
                        rx.badge(
                            s.status_label,
                            color_scheme=rx.cond(s.href != "", "green", "gray"),
                            class_name="survey-status",
                        ),
                        width="100%",
                        wrap="wrap",
                    ),
                    rx.text(s.dates_label, size="2", color="gray"),
                    rx.cond(
                        s.payment_label != "",
                        rx.text(
                            "Insentif survei ",
                            s.payment_label,
                            size="2",
                            class_name="survey-payment",
                        ),
                    ),
                    rx.cond(
                        s.href != "",
                        rx.link(rx.button("Isi survei", size="3"), href=s.href),
                    ),
                    spacing="1",
                    width="100%",
                    class_name="survey",
                    padding_y="6px",
                ),
            ),
        ),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


def _participant() -> rx.Component:
    view = DashboardState.overview.participant
    return rx.vstack(
        rx.grid(
            _card(),
            _balance(),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        _section(
            "Pelatihan saya",
            rx.cond(
                view.trainings.length() == 0,
                rx.link(rx.button("Cari pelatihan", size="3"), href=routes.CATALOGUE),
                rx.box(rx.foreach(view.trainings, _training), width="100%"),
            ),
        ),
        payout_account_card(),
        _payments(),
        spacing="4",
        width="100%",
    )


def _applicant() -> rx.Component:
    overview = DashboardState.overview
    return rx.cond(
        overview.next_wave_id != 0,
        rx.card(
            rx.vstack(
                rx.text(
                    "Anda dapat mendaftar lagi di ",
                    rx.text.strong(overview.next_wave_label),
                    " tanpa mengisi ulang data.",
                ),
                form_message(DashboardState.message),
                rx.button(
                    "Gabung ", overview.next_wave_label, on_click=DashboardState.rejoin, size="3"
                ),
                spacing="3",
            ),
            width="100%",
        ),
    )


@rx.page(
    route=routes.DASHBOARD,
    title="Dasbor - Kartu Prakerja",
    on_load=[DashboardState.load, PayoutAccountState.load],
)
def dashboard() -> rx.Component:
    """The dashboard page."""
    overview = DashboardState.overview
    return page_frame(
        rx.vstack(
            rx.heading("Dasbor", size="6", as_="h1"),
            rx.cond(
                overview != None,  # noqa: E711 (a Var comparison)
                rx.vstack(
                    _banner(),
                    rx.cond(overview.participant != None, _participant(), _applicant()),  # noqa: E711
                    spacing="4",
                    width="100%",
                ),
                rx.cond(
                    DashboardState.message != "",
                    rx.vstack(
                        rx.callout(DashboardState.message, icon="triangle_alert", role="alert"),
                        rx.link("Masuk", href=routes.LOGIN),
                    ),
                    rx.spinner(size="3"),
                ),
            ),
            spacing="4",
            width="100%",
            max_width="960px",
            margin="0 auto",
        )
    )
