"""The applicant's dashboard (/dasbor): where they stand and what comes next."""

import asyncio

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.db import in_session
from prakerja_app.services import registration, waves
from prakerja_app.services.errors import AccessDenied
from prakerja_app.services.formatting import wib_datetime
from prakerja_app.services.vocab import ApplicationResult
from prakerja_app.state.auth import AuthState

PENDING, UNFINISHED, NO_WAVE = "pending", "unfinished", "no_wave"


def _status(db, user_id: int) -> tuple[str, str, str]:
    if registration.current_step(db, user_id) is not None:
        return UNFINISHED, "", ""
    application = waves.latest_application(db, user_id)
    if application is None:
        return NO_WAVE, "", ""
    return (
        application.result,
        f"Gelombang {application.wave_number}",
        wib_datetime(application.closes_at),
    )


class DashboardState(rx.State):
    """The applicant's status line and their wave."""

    status: str = ""
    wave: str = ""
    closes: str = ""
    message: str = ""

    @rx.event
    async def load(self):
        """Load the status of the logged-in applicant; send others to the login page."""
        auth = await self.get_state(AuthState)
        try:
            user = await auth.require_applicant()
        except AccessDenied as error:
            self.status, self.message = "", error.message
            return None if auth.is_logged_in else rx.redirect(routes.LOGIN)
        self.message = ""
        self.status, self.wave, self.closes = await asyncio.to_thread(in_session, _status, user.id)
        return None


def _pending() -> rx.Component:
    return rx.vstack(
        rx.badge("Menunggu hasil seleksi", size="3", color_scheme="amber"),
        rx.heading("Menunggu hasil seleksi", size="5", as_="h2"),
        rx.text(
            "Anda terdaftar di ",
            rx.text.strong(DashboardState.wave),
            ". Pendaftaran gelombang ini ditutup ",
            rx.text.strong(DashboardState.closes),
            ". Hasil seleksi diumumkan setelah gelombang ditutup, melalui email, SMS, dan"
            " dasbor ini.",
        ),
        spacing="3",
        width="100%",
    )


@rx.page(route=routes.DASHBOARD, title="Dasbor - Kartu Prakerja", on_load=DashboardState.load)
def dashboard() -> rx.Component:
    """The dashboard page."""
    return page_frame(
        rx.vstack(
            rx.heading("Dasbor", size="6", as_="h1"),
            rx.card(
                rx.match(
                    DashboardState.status,
                    (ApplicationResult.PENDING, _pending()),
                    (
                        UNFINISHED,
                        rx.vstack(
                            rx.text("Pendaftaran Anda belum selesai."),
                            rx.link(
                                rx.button("Lanjutkan pendaftaran", size="3"), href=routes.REGISTER
                            ),
                        ),
                    ),
                    (NO_WAVE, rx.text("Anda belum bergabung dengan gelombang mana pun.")),
                    rx.cond(
                        DashboardState.message != "",
                        rx.callout(DashboardState.message, icon="triangle_alert", role="alert"),
                        rx.spinner(size="3"),
                    ),
                ),
                width="100%",
                size="3",
            ),
            spacing="4",
            width="100%",
            max_width="560px",
            margin="0 auto",
        )
    )
