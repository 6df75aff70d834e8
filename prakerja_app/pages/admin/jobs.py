"""The scheduled jobs page (/admin/tugas): each job's last run, outcome and next run,
and starting the minute job (delivery) or the deadlines by hand, queued for the job
workers. Operators start jobs; auditors read."""

import logging

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.jobs import tasks
from prakerja_app.models import utc_now
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.operations import by_hand
from prakerja_app.services.views import job_console
from prakerja_app.services.views.job_console import JobRow
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import query

logger = logging.getLogger(__name__)

QUEUE_DOWN = (
    "Antrean tugas tidak dapat dihubungi, jadi tugas belum dimulai. Coba lagi dalam"
    " 30 menit, atau periksa pekerja tugas."
)


class JobsState(AdminPage, rx.State):
    """The jobs as listed."""

    rows: list[JobRow] = []

    @rx.event
    async def load(self):
        """Check the role, then list the jobs."""
        self.rows = []
        if await self._enter(Area.JOBS) is None:
            return await self._away()
        self.rows = await query(job_console.jobs)
        return None

    @rx.event
    async def refresh(self):
        """List the jobs again (a read)."""
        if await self._may_read(Area.JOBS) is None:
            return
        self.rows = await query(job_console.jobs)

    @rx.event
    async def start(self, job: str):
        """Start a job by hand (operators only), queued for the job workers."""
        job = job if isinstance(job, str) else ""
        ok, run_id = await self._act(Area.JOBS, by_hand.request_run, job=job, real_now=utc_now())
        if not ok:
            return
        try:
            tasks.run_by_hand(run_id)
        except Exception:  # the run stays "queued" until schedule.LOST_AFTER
            logger.exception("could not queue job run %s", run_id)
            self.message = QUEUE_DOWN
        else:
            self.notice = "Tugas dimasukkan ke antrean; hasilnya tampil di sini."
        self.rows = await query(job_console.jobs)


def _row(row: JobRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.label),
        rx.table.cell(row.last_run),
        rx.table.cell(row.outcome),
        rx.table.cell(rx.text(row.detail, size="1")),
        rx.table.cell(row.next_run),
        rx.table.cell(
            rx.cond(
                row.startable & JobsState.can_act,
                rx.button(
                    "Jalankan sekarang",
                    size="1",
                    variant="soft",
                    disabled=row.running,
                    on_click=JobsState.start(row.job),
                    aria_label="Jalankan sekarang: " + row.label,
                ),
            )
        ),
    )


@rx.page(route=routes.ADMIN_JOBS, title="Tugas terjadwal - Kartu Prakerja", on_load=JobsState.load)
def jobs_page() -> rx.Component:
    """The scheduled jobs page."""
    return admin_frame(
        JobsState,
        "Tugas terjadwal",
        refusal(JobsState),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in (
                                "Tugas",
                                "Terakhir berjalan",
                                "Hasil",
                                "Keterangan",
                                "Berikutnya",
                                "",
                            )
                        ]
                    )
                ),
                rx.table.body(rx.foreach(JobsState.rows, _row)),
                width="100%",
                variant="surface",
            ),
            role="region",
            aria_label="Tugas terjadwal",
            overflow_x="auto",
            width="100%",
        ),
        rx.button("Muat ulang", variant="outline", on_click=JobsState.refresh),
    )
