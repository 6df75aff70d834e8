"""The public landing page: the program, who may join, the benefits, the open wave.

What it shows from the database is public: each backend worker keeps it a few seconds
for every visitor (`state.public`).
"""

from dataclasses import dataclass
from datetime import datetime

import reflex as rx
from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.components.layout import BRAND_BLUE, page_frame
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import long_date, number, rupiah, wib, wib_datetime
from prakerja_app.services.core.vocab import PlatformStatus
from prakerja_app.services.selection import waves
from prakerja_app.services.views import catalogue
from prakerja_app.state.auth import AuthState
from prakerja_app.state.forms import call
from prakerja_app.state.public import public


@dataclass(frozen=True)
class PlatformCard:
    """A platform as the landing page shows it."""

    name: str
    description: str
    trainings: str
    href: str  # the catalogue, filtered to the platform


@dataclass(frozen=True)
class FrontPage:
    """What the landing page shows from the database, in its words."""

    wave_title: str
    wave_quota: str
    wave_closes: str
    platforms: list[PlatformCard]
    withdrawn_notices: list[str]


NO_WAVE = (
    "Belum ada gelombang yang dibuka",
    "",
    "Anda tetap dapat mendaftar sekarang: buat akun dan lengkapi data Anda, lalu begitu"
    " gelombang berikutnya dibuka Anda tinggal bergabung. Pengumumannya ada di halaman ini.",
)


def _front_page(db: Session, *, now: datetime) -> FrontPage:
    wave = waves.open_wave(db, now)
    title, quota, closes = (
        (
            f"Gelombang {wave.number} sedang dibuka",
            f"Kuota {number(wave.quota)} peserta",
            f"Ditutup {wib_datetime(wave.closes_at)}",
        )
        if wave
        else NO_WAVE
    )
    active = catalogue.platforms(db, status=PlatformStatus.ACTIVE, now=now)
    gone = catalogue.platforms(db, status=PlatformStatus.WITHDRAWN, now=now)
    return FrontPage(
        wave_title=title,
        wave_quota=quota,
        wave_closes=closes,
        platforms=[
            PlatformCard(
                p.name,
                p.description,
                f"{p.trainings} pelatihan",
                f"{routes.CATALOGUE}?platform={p.slug}",
            )
            for p in active
        ],
        withdrawn_notices=[
            f"{p.name} tidak lagi menjadi platform digital Kartu Prakerja sejak "
            f"{long_date(wib(p.withdrawn_at).date())}. {p.name} tetap menjadi lembaga "
            "pelatihan; pelatihannya dapat dibeli melalui platform lain."
            for p in gone
            if p.withdrawn_at
        ],
    )


class LandingState(rx.State):
    """What the landing page shows from the database: the open wave and the platforms."""

    wave_title: str = ""
    wave_quota: str = ""
    wave_closes: str = ""
    platforms: list[PlatformCard] = []
    withdrawn_notices: list[str] = []

    @rx.event
    async def load(self) -> None:
        """Show the open wave and the platforms, as this worker last read them."""
        front: FrontPage = await public(call, _front_page)
        self.wave_title, self.wave_quota = front.wave_title, front.wave_quota
        self.wave_closes, self.platforms = front.wave_closes, front.platforms
        self.withdrawn_notices = front.withdrawn_notices


BENEFITS = (
    (
        "Saldo pelatihan",
        rupiah(program.TRAINING_BALANCE),
        "Untuk membeli satu atau beberapa pelatihan di platform digital mitra.",
    ),
    (
        "Insentif pasca pelatihan",
        f"{rupiah(program.INCENTIVE_AMOUNT)} x {program.INCENTIVE_COUNT}",
        "Dibayar setiap bulan selama 4 bulan setelah pelatihan pertama selesai dan diulas.",
    ),
    (
        "Insentif survei",
        f"{rupiah(program.SURVEY_AMOUNT)} x {program.SURVEY_COUNT}",
        "Untuk mengisi tiga survei evaluasi. Jawaban tidak memengaruhi pembayaran.",
    ),
)

ELIGIBILITY = (
    "Warga Negara Indonesia dengan KTP (NIK 16 digit)",
    "Berusia paling rendah 18 tahun",
    "Tidak sedang menempuh pendidikan formal (sekolah atau kuliah)",
    "Pencari kerja, pekerja yang terkena PHK, atau pelaku usaha mikro dan kecil",
)

EXCLUDED = (
    "Pejabat negara, pimpinan dan anggota DPRD",
    "Aparatur Sipil Negara (ASN), anggota TNI dan Polri",
    "Kepala desa dan perangkat desa",
    "Direksi, komisaris, dan dewan pengawas BUMN atau BUMD",
)

STEPS = (
    ("Buat akun", "Isi nama lengkap, email, dan kata sandi."),
    ("Konfirmasi email", "Buka email dari kami dan klik tautan konfirmasi."),
    ("Masuk", "Masuk dengan email dan kata sandi Anda."),
    ("NIK dan tanggal lahir", "Masukkan NIK dan tanggal lahir sesuai KTP."),
    ("Data diri", "Lengkapi data diri, foto KTP, dan swafoto dengan KTP."),
    ("Nomor HP", "Verifikasi nomor HP dengan kode OTP dari SMS."),
    ("Tes motivasi", "Kerjakan tes motivasi dan kemampuan dasar."),
    ("Gabung gelombang", 'Pilih "Gabung" pada gelombang yang sedang dibuka.'),
)


def _section(anchor: str, title: str, *children: rx.Component) -> rx.Component:
    return rx.box(
        rx.heading(title, size="6", margin_bottom="12px", as_="h2"),
        *children,
        id=anchor,
        padding_top="32px",
        scroll_margin_top="64px",
    )


def _hero() -> rx.Component:
    return rx.vstack(
        rx.heading(
            "Kartu Prakerja: pelatihan kerja dan insentif dari pemerintah",
            size="8",
            as_="h1",
            color=BRAND_BLUE,
        ),
        rx.text(
            "Program bantuan biaya pelatihan bagi pencari kerja, pekerja terdampak PHK, dan"
            " pelaku usaha kecil. Setiap peserta mendapat manfaat total "
            f"{rupiah(program.TOTAL_BENEFIT)}.",
            size="4",
        ),
        rx.card(
            rx.vstack(
                rx.heading(LandingState.wave_title, size="5", as_="h2", id="gelombang"),
                rx.cond(LandingState.wave_quota != "", rx.text(LandingState.wave_quota)),
                rx.text(LandingState.wave_closes, color_scheme="gray"),
                rx.link(
                    rx.button("Daftar sekarang", size="4", width="100%"),
                    href=routes.REGISTER,
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
            max_width="480px",
            aria_label="Gelombang pendaftaran",
        ),
        spacing="4",
        padding_y="16px",
    )


def _benefits() -> rx.Component:
    return _section(
        "manfaat",
        f"Manfaat senilai {rupiah(program.TOTAL_BENEFIT)}",
        rx.grid(
            *[
                rx.card(
                    rx.text(title, weight="bold"),
                    rx.text(amount, size="6", weight="bold", color=BRAND_BLUE),
                    rx.text(text, size="2"),
                )
                for title, amount, text in BENEFITS
            ],
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
        ),
    )


def _who() -> rx.Component:
    return _section(
        "tentang",
        "Siapa yang boleh mendaftar?",
        rx.grid(
            rx.box(
                rx.text("Syarat peserta", weight="bold"),
                rx.unordered_list(*[rx.list_item(item) for item in ELIGIBILITY]),
            ),
            rx.box(
                rx.text("Tidak dapat menjadi peserta", weight="bold"),
                rx.unordered_list(*[rx.list_item(item) for item in EXCLUDED]),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
        ),
        rx.text(
            "Satu NIK hanya dapat memiliki satu akun dan menjadi peserta satu kali.",
            size="2",
            color_scheme="gray",
            margin_top="8px",
        ),
    )


def _platforms() -> rx.Component:
    return _section(
        "platform",
        "Tujuh platform digital mitra",
        rx.foreach(
            LandingState.withdrawn_notices,
            lambda notice: rx.callout(
                notice,
                icon="info",
                color_scheme="amber",
                margin_bottom="12px",
                role="status",
            ),
        ),
        rx.grid(
            rx.foreach(
                LandingState.platforms,
                lambda p: rx.link(
                    rx.card(
                        rx.text(p.name, weight="bold", size="4"),
                        rx.text(p.description, size="2"),
                        rx.badge(p.trainings, margin_top="8px"),
                        height="100%",
                    ),
                    href=p.href,
                    underline="none",
                    color="inherit",
                    class_name="platform-card",
                ),
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="3",
        ),
    )


def _steps() -> rx.Component:
    return _section(
        "langkah",
        "Cara mendaftar",
        rx.ordered_list(
            *[rx.list_item(rx.text(rx.text.strong(title), f": {text}")) for title, text in STEPS],
            spacing="2",
        ),
        rx.link(rx.button("Daftar", size="4", margin_top="16px"), href=routes.REGISTER),
    )


@rx.page(route=routes.HOME, title="Kartu Prakerja", on_load=[AuthState.refresh, LandingState.load])
def landing() -> rx.Component:
    """The landing page."""
    return page_frame(_hero(), _benefits(), _who(), _platforms(), _steps())
