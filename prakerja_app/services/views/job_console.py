"""The scheduled jobs as the jobs page shows them: last run, its outcome, next run."""

from dataclasses import dataclass

from sqlmodel import Session

from prakerja_app.models import utc_now
from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.core.vocab import JobOutcome
from prakerja_app.services.operations import by_hand, schedule

JOB_LABELS = {
    schedule.MINUTE: "Pengiriman pesan dan pemeliharaan (tiap menit)",
    schedule.DEADLINES: "Batas waktu pembelian pertama (harian, 00.05 WIB)",
    schedule.PAYMENTS: "Pengumpulan pembayaran dan rekonsiliasi (harian, 06.00 WIB)",
    schedule.VERIFICATION: "Pemeriksaan tanda verifikasi (tiap 15 menit)",
    schedule.DRAW: "Undian gelombang",
}
OUTCOME_LABELS = {
    JobOutcome.RUNNING: "Sedang berjalan",
    JobOutcome.OK: "Berhasil",
    JobOutcome.FAILED: "Gagal",
}
# What a successful run counted (`schedule.counted`), in the order they are shown.
COUNT_LABELS = {
    "wave": "Gelombang {}",
    "selected": "{} terpilih",
    "applicants": "dari {} pendaftar",
    "reminded": "{} diingatkan",
    "revoked": "{} dicabut",
    "surveys_opened": "{} diberi tahu survei dibuka",
    "reclaimed": "{} pesan diambil alih dari pekerja yang mati",
    "erased": "{} kode kedaluwarsa dihapus",
    "pruned": "{} catatan panggilan API lama dihapus",
    "lost": "{} tugas yang terhenti ditandai gagal",
    "flags": "{} tanda ditemukan",
    "opened": "{} kasus verifikasi baru",
    "run": "{} pembayaran dalam putaran terbuka",
    "mismatches": "{} selisih rekonsiliasi",
}
# A run's recorded refusal or loss, in words; other details are shown as recorded.
DETAIL_TEXTS = {
    schedule.WORKER_LOST: "Pekerja tugas berhenti di tengah jalan. Jalankan lagi: yang sudah"
    " selesai tidak diulang.",
}
NEVER = "Belum pernah"
BY_OPERATOR = "Saat operator memulainya (halaman Gelombang)"


@dataclass(frozen=True)
class JobRow:
    """One job: what the page lists, and whether it may be started by hand."""

    job: str
    label: str
    last_run: str
    outcome: str
    detail: str
    next_run: str
    startable: bool
    running: bool


def worded_detail(detail: str) -> str:
    """A run's counts in words; a refusal's code or an error as it was recorded."""
    counts = schedule.counts_of(detail)
    if counts is None:
        return DETAIL_TEXTS.get(detail, detail)
    words = (COUNT_LABELS[key].format(number(counts[key])) for key in COUNT_LABELS if key in counts)
    return ", ".join(words)


def jobs(db: Session) -> list[JobRow]:
    """Every scheduled job, now (real time for runs, the program clock for deadlines)."""
    real_now = utc_now()
    program_now = clock.program_now(db, real_now)
    return [
        JobRow(
            job=status.job,
            label=JOB_LABELS[status.job],
            last_run=wib_datetime(status.last_started_at) if status.last_started_at else NEVER,
            outcome=OUTCOME_LABELS[status.last_outcome] if status.last_outcome else "-",
            detail=worded_detail(status.last_detail),
            next_run=wib_datetime(status.next_run_at) if status.next_run_at else BY_OPERATOR,
            startable=status.job in by_hand.STARTABLE,
            running=status.last_outcome == JobOutcome.RUNNING,
        )
        for status in schedule.status(db, real_now=real_now, program_now=program_now)
    ]
