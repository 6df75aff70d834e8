"""Step 8: the waves open for the applicant's domicile, and joining one ("Gabung")."""

from dataclasses import dataclass

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.forms import checkbox, form_message
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.selection import waves
from prakerja_app.state.forms import ServiceForm, call, form_text, shows_refusals, small_number


@dataclass
class WaveCard:
    """An open wave as the step shows it."""

    id: int
    title: str
    quota: str
    closes: str


def _joinable(db, *, user_id: int, now) -> list[WaveCard]:
    return [
        WaveCard(w.id, f"Gelombang {w.number}", number(w.quota), wib_datetime(w.closes_at))
        for w in waves.joinable_waves(db, user_id=user_id, now=now)
    ]


class WaveState(ServiceForm, rx.State):
    """The joinable waves."""

    waves: list[WaveCard] = []

    @rx.event
    @shows_refusals
    async def load(self):
        """List the waves open now for the applicant's domicile."""
        self.errors, self.message = {}, ""
        user_id = await self._applicant_id()
        self.waves = await call(_joinable, user_id=user_id)

    @rx.event
    async def join(self, form: dict):
        """Join the chosen wave after the data-validity statement."""
        fields = form_text(form)
        wave_id = small_number(fields.get("wave_id", ""))
        if wave_id is None:
            self.message = "Pilih gelombang yang akan diikuti."
            return None
        statement = fields.get("statement") == "on"
        if await self._run(waves.join, wave_id=wave_id, statement=statement):
            return rx.redirect(routes.DASHBOARD)
        return None


def _wave_card(wave: WaveCard) -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(wave.title, size="4", as_="h3"),
                rx.text("Kuota ", wave.quota, " peserta"),
                rx.text("Ditutup ", wave.closes, color="gray", size="2"),
                rx.el.input(type="hidden", name="wave_id", value=wave.id.to_string()),
                checkbox(
                    "Saya menyatakan bahwa seluruh data yang saya berikan benar, dan saya bersedia"
                    " kepesertaan saya dibatalkan bila ternyata tidak benar.",
                    "statement",
                    WaveState.errors,
                ),
                rx.button("Gabung", type="submit", size="3", width="100%"),
                spacing="3",
                width="100%",
            ),
            on_submit=WaveState.join,
            reset_on_submit=False,
            no_validate=True,
        ),
        width="100%",
    )


def wave_step() -> rx.Component:
    """The wave step."""
    return rx.vstack(
        rx.heading("Gabung gelombang", size="5", as_="h2"),
        rx.text("Tes motivasi selesai. Pilih gelombang yang sedang dibuka untuk domisili Anda."),
        rx.cond(
            WaveState.waves.length() > 0,
            rx.foreach(WaveState.waves, _wave_card),
            rx.callout(
                "Belum ada gelombang yang dibuka untuk domisili Anda. Kami akan mengabari Anda"
                " lewat email saat gelombang berikutnya dibuka.",
                icon="info",
                role="status",
            ),
        ),
        form_message(WaveState.message),
        on_mount=WaveState.load,
        spacing="4",
        width="100%",
    )
