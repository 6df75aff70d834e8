"""The program office's home page (/admin), behind a server-side role check."""

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.formatting import number
from prakerja_app.services.views import reports
from prakerja_app.state.admin import AdminPage
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


class AdminHomeState(AdminPage, rx.State):
    """The admin home: shown only after the session is checked to be an admin's."""

    stats: list[Stat] = []

    @rx.event
    async def load(self):
        """Check the role on the server, then load the figures; refuse everyone else."""
        self.stats = []
        if await self._enter(Area.REPORTS) is None:
            return await self._away()
        self.stats = await query(_program_stats)
        return None


def _home() -> rx.Component:
    return rx.vstack(
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
    return admin_frame(AdminHomeState, "Beranda Admin", _home())
