"""The public certificate check (/verifikasi/<code>), where a certificate's QR code leads.

It shows only what an employer needs: the holder's masked name, the training, the
provider and the date. Nothing else about the holder.
"""

from dataclasses import dataclass

import reflex as rx
from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.components.layout import page_frame
from prakerja_app.services.core.formatting import jakarta_today, long_date
from prakerja_app.services.marketplace import certificates
from prakerja_app.state.forms import query


@dataclass(frozen=True)
class CertificateCard:
    """A genuine certificate as the page shows it (the holder's name masked)."""

    number: str
    holder: str
    training_title: str
    provider_name: str
    issued_on: str


def _card(db: Session, code: str) -> CertificateCard | None:
    found = certificates.verification(db, code)
    if found is None:
        return None
    return CertificateCard(
        number=found.number,
        holder=found.holder,
        training_title=found.training_title,
        provider_name=found.provider_name,
        issued_on=long_date(jakarta_today(found.issued_at)),
    )


class VerifyState(rx.State):
    """The certificate found for the URL's code, if any."""

    loaded: bool = False
    certificate: CertificateCard | None = None

    @rx.event
    async def load(self):
        """Look the code up."""
        code = self.router.page.params.get("code", "")
        code = code if isinstance(code, str) and len(code) <= 64 else ""
        self.certificate = await query(_card, code)
        self.loaded = True


def _row(label: str, value) -> rx.Component:
    return rx.box(
        rx.el.dt(label, font_size="13px", color="var(--gray-11)"),
        rx.el.dd(value, margin="0", font_weight="500"),
        padding_y="6px",
        border_bottom="1px solid var(--gray-a4)",
    )


@rx.page(
    route=routes.VERIFY, title="Verifikasi sertifikat - Kartu Prakerja", on_load=VerifyState.load
)
def verify_page() -> rx.Component:
    """Says whether a certificate is genuine."""
    certificate = VerifyState.certificate
    return page_frame(
        rx.card(
            rx.vstack(
                rx.heading("Verifikasi sertifikat", size="6", as_="h1"),
                rx.cond(
                    ~VerifyState.loaded,
                    rx.spinner(size="3"),
                    rx.cond(
                        certificate != None,  # noqa: E711 (a Var comparison)
                        rx.vstack(
                            rx.callout(
                                "Sertifikat ini asli, diterbitkan melalui program Kartu Prakerja.",
                                icon="badge_check",
                                color_scheme="green",
                                role="status",
                                width="100%",
                            ),
                            rx.el.dl(
                                _row("Nomor sertifikat", certificate.number),
                                _row("Nama pemegang", certificate.holder),
                                _row("Pelatihan", certificate.training_title),
                                _row("Lembaga pelatihan", certificate.provider_name),
                                _row("Tanggal terbit", certificate.issued_on),
                                margin="0",
                                width="100%",
                            ),
                            width="100%",
                        ),
                        rx.callout(
                            "Sertifikat tidak ditemukan. Periksa kembali kode pada sertifikat.",
                            icon="triangle_alert",
                            color_scheme="red",
                            role="alert",
                            width="100%",
                        ),
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            max_width="520px",
            margin="0 auto",
            width="100%",
        )
    )
