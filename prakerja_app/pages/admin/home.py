"""The program office's home page (/admin), behind a server-side role check."""

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.services.core.errors import AccessDenied
from prakerja_app.services.core.formatting import number
from prakerja_app.services.views import messages, reports
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import query


@dataclass
class Stat:
    """One figure on the admin home page."""

    label: str
    value: str


def _program_stats(db: Session) -> list[Stat]:
    counts = reports.program_counts(db)
    return [
        Stat("Gelombang", number(counts.waves)),
        Stat("Platform digital", number(counts.platforms)),
        Stat("Pelatihan", number(counts.trainings)),
        Stat("Akun", number(counts.accounts)),
    ]


class AdminHomeState(rx.State):
    """The admin home: shown only after the session is checked to be an admin's."""

    allowed: bool = False
    denied_message: str = ""
    stats: list[Stat] = []

    @rx.event
    async def load(self):
        """Check the role on the server, then load the figures; refuse everyone else."""
        auth_state = await self.get_state(AuthState)
        try:
            await auth_state._require_admin()
        except AccessDenied as error:
            self.allowed, self.stats, self.denied_message = False, [], messages.text(error)
            if not auth_state.is_logged_in:
                return rx.redirect(routes.LOGIN)
            return None
        self.allowed, self.denied_message = True, ""
        self.stats = await query(_program_stats)
        return None


def _denied() -> rx.Component:
    return rx.callout(AdminHomeState.denied_message, icon="ban", color_scheme="red", role="alert")


def _home() -> rx.Component:
    return rx.vstack(
        rx.heading("Beranda Admin", size="6", as_="h1"),
        rx.text("Manajemen Pelaksana Program Kartu Prakerja"),
        rx.grid(
            rx.foreach(
                AdminHomeState.stats,
                lambda s: rx.card(
                    rx.text(s.label, size="2"), rx.text(s.value, size="6", weight="bold")
                ),
            ),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="3",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


@rx.page(route=routes.ADMIN_HOME, title="Admin - Kartu Prakerja", on_load=AdminHomeState.load)
def admin_home() -> rx.Component:
    """The admin home page."""
    return page_frame(
        rx.cond(
            AdminHomeState.allowed,
            _home(),
            rx.cond(AdminHomeState.denied_message != "", _denied(), rx.spinner()),
        )
    )
