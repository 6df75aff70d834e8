"""The digital platforms (/platform): each of the seven with its newest trainings, and the
notice that Ruangguru is no longer a platform (nothing can be bought there). Public: each
backend worker keeps the shelves a few seconds for every visitor (`state.public`)."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.components.training_card import training_card
from prakerja_app.services.views import catalogue
from prakerja_app.services.views.catalogue import PlatformShelf, WithdrawnPlatform
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import query
from prakerja_app.state.public import public


def _shelves(db) -> tuple[list[PlatformShelf], list[WithdrawnPlatform]]:
    return catalogue.platform_shelves(db), catalogue.withdrawn_platforms(db)


class PlatformsState(rx.State):
    """The active platforms' shelves and the withdrawn platforms' notices."""

    shelves: list[PlatformShelf] = []
    withdrawn: list[WithdrawnPlatform] = []

    @rx.event
    async def load(self):
        """Show the shelves, as this worker last read them."""
        self.shelves, self.withdrawn = await public(query, _shelves)


def _shelf(shelf: PlatformShelf) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(shelf.name, size="5", as_="h2"),
            rx.badge(shelf.trainings, " pelatihan", variant="soft"),
            align="center",
            wrap="wrap",
        ),
        rx.text(shelf.description, color="gray", size="2"),
        rx.grid(
            rx.foreach(shelf.newest, training_card),
            columns=rx.breakpoints(initial="1", sm="2", lg="4"),
            spacing="3",
            width="100%",
        ),
        rx.link(
            "Semua pelatihan di ",
            shelf.name,
            href=routes.CATALOGUE + "?platform=" + shelf.slug,
            size="2",
        ),
        spacing="3",
        width="100%",
        class_name="platform-shelf",
    )


@rx.page(
    route=routes.PLATFORMS,
    title="Platform digital - Kartu Prakerja",
    on_load=[AuthState.refresh, PlatformsState.load],
)
def platforms_page() -> rx.Component:
    """The seven platforms and their trainings."""
    return page_frame(
        rx.vstack(
            rx.heading("Platform digital", size="7", as_="h1"),
            rx.text(
                "Saldo pelatihan dapat dipakai untuk membeli pelatihan di tujuh platform digital"
                " mitra Kartu Prakerja berikut."
            ),
            rx.foreach(
                PlatformsState.withdrawn,
                lambda w: rx.callout(w.notice, icon="info", role="status", width="100%"),
            ),
            rx.foreach(PlatformsState.shelves, _shelf),
            spacing="6",
            width="100%",
        )
    )
