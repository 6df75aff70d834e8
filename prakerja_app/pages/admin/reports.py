"""The reports page (/admin/laporan): a wave's funnel and its provinces, purchases and
completions by platform, and payments by status, as charts and tables, each exportable
as CSV. Aggregates only, so every admin role may see them."""

import csv
import io
from dataclasses import asdict
from typing import Any

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.formatting import number, rupiah
from prakerja_app.services.views import program_reports
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import call, query, small_number

BRAND = "#0b4f8a"
TABLES = ("funnel", "provinces", "platforms", "payments")
_HEADERS = {
    "funnel": ("Tahap", "Jumlah", "Persen dari pendaftar"),
    "provinces": ("Provinsi", "Gabung", "Lolos", "Membeli", "Selesai", "Dibayar"),
    "platforms": ("Platform", "Pembelian", "Penyelesaian"),
    "payments": ("Jenis", "Status", "Jumlah", "Nilai (Rp)"),
}


Row = dict[str, Any]


def _rows(found: list) -> list[Row]:
    """Dataclass rows as the charts take them (and the tables and the CSV, by key)."""
    return [asdict(row) for row in found]


def _csv(headers: tuple[str, ...], rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(row.values() for row in rows)
    return out.getvalue()


class ReportsState(AdminPage, rx.State):
    """The chosen wave and the figures shown."""

    waves: list[str] = []
    wave: str = ""
    funnel: list[Row] = []
    provinces: list[Row] = []
    platforms: list[Row] = []
    payments: list[Row] = []

    @rx.event
    async def load(self):
        """Check the role, then show the newest wave's figures."""
        self.funnel, self.provinces, self.platforms, self.payments = [], [], [], []
        if await self._enter(Area.REPORTS) is None:
            return await self._away()
        self.waves = [str(n) for n in await query(program_reports.wave_numbers)]
        self.wave = self.waves[0] if self.waves else ""
        self.platforms = _rows(await query(program_reports.by_platform))
        self.payments = _rows(await query(program_reports.payments_by_status))
        await self._load_wave()
        return None

    async def _load_wave(self) -> None:
        number_ = small_number(self.wave) or 0
        self.funnel = _rows(await call(program_reports.funnel, wave_number=number_))
        self.provinces = _rows(await query(program_reports.by_province, number_))

    @rx.event
    async def choose_wave(self, wave: str):
        """Show another wave's funnel and provinces."""
        if await self._may_read(Area.REPORTS) is None:
            return
        if isinstance(wave, str) and wave in self.waves:
            self.wave = wave
            await self._load_wave()

    @rx.event
    async def export(self, table: str):
        """Download one table as CSV (what the page shows, no more)."""
        if await self._may_read(Area.REPORTS) is None or table not in TABLES:
            return None
        rows = {
            "funnel": self.funnel,
            "provinces": self.provinces,
            "platforms": self.platforms,
            "payments": self.payments,
        }[table]
        suffix = f"-gelombang-{self.wave}" if table in ("funnel", "provinces") else ""
        return rx.download(
            data=_csv(_HEADERS[table], rows), filename=f"laporan-{table}{suffix}.csv"
        )

    @rx.var
    def payment_rows(self) -> list[dict[str, str]]:
        """The payments table, formatted."""
        return [
            {**row, "count": number(row["count"]), "amount": rupiah(row["amount"])}
            for row in self.payments
        ]


def _export(table: str) -> rx.Component:
    return rx.button("Unduh CSV", size="1", variant="outline", on_click=ReportsState.export(table))


def _section(title: str, table: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(title, size="4", as_="h2"), rx.spacer(), _export(table), width="100%"
            ),
            *children,
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _table(headers: tuple[str, ...], rows, cells) -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
            rx.table.body(rx.foreach(rows, lambda row: rx.table.row(*cells(row)))),
            size="1",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )


def _funnel() -> rx.Component:
    return _section(
        "Corong peserta",
        "funnel",
        rx.hstack(
            rx.el.label("Gelombang", html_for="wave", font_weight="500"),
            rx.el.select(
                rx.foreach(ReportsState.waves, lambda w: rx.el.option(w, value=w)),
                id="wave",
                value=ReportsState.wave,
                on_change=ReportsState.choose_wave,
            ),
            align="center",
        ),
        rx.text(
            "Tahap pendaftaran dihitung dari semua akun sampai gelombang ditutup; tahap"
            " berikutnya dari pendaftar gelombang ini.",
            size="1",
            color_scheme="gray",
        ),
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.x_axis(type_="number"),
            rx.recharts.y_axis(data_key="stage", type_="category", width=170, interval=0),
            rx.recharts.graphing_tooltip(),
            rx.recharts.bar(data_key="count", fill=BRAND, name="Jumlah"),
            data=ReportsState.funnel,
            layout="vertical",
            width="100%",
            height=380,
        ),
        _table(
            _HEADERS["funnel"],
            ReportsState.funnel,
            lambda row: [
                rx.table.row_header_cell(row["stage"]),
                rx.table.cell(row["count"]),
                rx.table.cell(row["percent"].to_string() + " %"),
            ],
        ),
    )


def _provinces() -> rx.Component:
    return _section(
        "Per provinsi",
        "provinces",
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.x_axis(data_key="province", hide=True),
            rx.recharts.y_axis(),
            rx.recharts.graphing_tooltip(),
            rx.recharts.legend(),
            rx.recharts.bar(data_key="joined", fill="#9ab8d6", name="Gabung"),
            rx.recharts.bar(data_key="selected", fill=BRAND, name="Lolos"),
            data=ReportsState.provinces,
            width="100%",
            height=260,
        ),
        _table(
            _HEADERS["provinces"],
            ReportsState.provinces,
            lambda row: [
                rx.table.row_header_cell(row["province"]),
                rx.table.cell(row["joined"]),
                rx.table.cell(row["selected"]),
                rx.table.cell(row["bought"]),
                rx.table.cell(row["completed"]),
                rx.table.cell(row["paid"]),
            ],
        ),
    )


def _platforms() -> rx.Component:
    return _section(
        "Pembelian dan penyelesaian per platform",
        "platforms",
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.x_axis(data_key="platform"),
            rx.recharts.y_axis(),
            rx.recharts.graphing_tooltip(),
            rx.recharts.legend(),
            rx.recharts.bar(data_key="purchases", fill="#9ab8d6", name="Pembelian"),
            rx.recharts.bar(data_key="completions", fill=BRAND, name="Penyelesaian"),
            data=ReportsState.platforms,
            width="100%",
            height=260,
        ),
    )


def _payments() -> rx.Component:
    return _section(
        "Pembayaran per status",
        "payments",
        _table(
            _HEADERS["payments"],
            ReportsState.payment_rows,
            lambda row: [
                rx.table.row_header_cell(row["kind"]),
                rx.table.cell(row["status"]),
                rx.table.cell(row["count"]),
                rx.table.cell(row["amount"]),
            ],
        ),
    )


@rx.page(route=routes.ADMIN_REPORTS, title="Laporan - Kartu Prakerja", on_load=ReportsState.load)
def reports() -> rx.Component:
    """The reports page."""
    return admin_frame(
        ReportsState,
        "Laporan",
        refusal(ReportsState),
        _funnel(),
        _provinces(),
        _platforms(),
        _payments(),
    )
