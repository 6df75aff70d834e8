"""The jobs page's wording of a run's recorded detail."""

from prakerja_app.services.operations import schedule
from prakerja_app.services.views.job_console import worded_detail


def test_counts_are_worded_in_indonesian_in_a_fixed_order():
    detail = schedule.counted(applicants=5_000_000, selected=800_000, wave=7)
    assert worded_detail(detail) == "Gelombang 7, 800.000 terpilih, dari 5.000.000 pendaftar"
    housekeeping = schedule.counted(reclaimed=2, erased=0, pruned=14)
    assert worded_detail(housekeeping) == (
        "2 pesan diambil alih dari pekerja yang mati, 0 kode kedaluwarsa dihapus,"
        " 14 catatan panggilan API lama dihapus"
    )


def test_the_sweeps_counts_are_worded():
    assert worded_detail(schedule.counted(flags=3, opened=2)) == (
        "3 tanda ditemukan, 2 kasus verifikasi baru"
    )


def test_a_lost_worker_is_explained_and_other_details_are_shown_as_recorded():
    assert worded_detail(schedule.WORKER_LOST).startswith("Pekerja tugas berhenti")
    assert worded_detail("wave_not_closed") == "wave_not_closed"
    assert worded_detail("") == ""
