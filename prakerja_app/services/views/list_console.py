"""The lists page (/admin/daftar): the lists' sizes, the current upload with its dry
run's progress and diff, and the diff's lines a page at a time, in words."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import ExclusionEntry, ListUpload, PriorityEntry
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.core.labels import EXCLUSION_LABELS
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.core.vocab import (
    ExclusionReason,
    ListKind,
    ListLineProblem,
    ListUploadStatus,
    PrioritySource,
)
from prakerja_app.services.lists import diff, lines, uploads
from prakerja_app.services.lists.diff import Change
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.views import messages

KIND_LABELS = {
    ListKind.EXCLUSION: "Daftar pengecualian",
    ListKind.PRIORITY: "Daftar prioritas (korban PHK)",
}
STATUS_LABELS = {
    ListUploadStatus.QUEUED: "Menunggu diperiksa",
    ListUploadStatus.CHECKING: "Sedang diperiksa",
    ListUploadStatus.CHECKED: "Siap diterapkan",
    ListUploadStatus.APPLYING: "Sedang diterapkan",
    ListUploadStatus.APPLIED: "Sudah diterapkan",
    ListUploadStatus.DISCARDED: "Dibuang",
    ListUploadStatus.FAILED: "Gagal dibaca",
}
CHANGE_LABELS = {
    Change.ADDED: "Ditambahkan",
    Change.REMOVED: "Dihapus",
    Change.UNCHANGED: "Tetap",
    Change.INVALID: "Tidak valid",
}
PROBLEM_LABELS = {
    ListLineProblem.COLUMNS: "Harus berisi 2 kolom",
    ListLineProblem.NIK: "NIK tidak valid",
    ListLineProblem.VALUE: "Isi kolom kedua tidak dikenal",
    ListLineProblem.DUPLICATE: "Baris ganda (NIK dan isi yang sama sudah ada di atasnya)",
}
SOURCE_LABELS = {PrioritySource.KEMNAKER: "Kemnaker", PrioritySource.BPJSTK: "BPJS Ketenagakerjaan"}
VALUE_LABELS = {str(k): v for k, v in (*EXCLUSION_LABELS.items(), *SOURCE_LABELS.items())}
BROKEN = "Berkas tidak dapat dibaca sampai selesai. Periksa berkasnya, lalu unggah lagi."


@dataclass(frozen=True)
class ListSize:
    """One list's entries, as the page sums them up."""

    label: str
    count: str


@dataclass(frozen=True)
class UploadCard:
    """The latest upload (id 0: none yet)."""

    id: int = 0
    kind_label: str = ""
    filename: str = ""
    status_label: str = ""
    busy: bool = False  # a job is working on it: the page follows it
    ready: bool = False  # checked: it may be applied or discarded
    discardable: bool = False
    counted: bool = False  # checked or applied: its counts are shown
    finished: bool = True  # a new upload may start
    progress: str = ""
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    invalid: int = 0
    error: str = ""
    when: str = ""


@dataclass(frozen=True)
class DiffRow:
    """A line of the diff as the table shows it."""

    line: str
    nik: str
    value: str
    problem: str


@dataclass(frozen=True)
class DiffRows:
    """One page of the diff."""

    rows: list[DiffRow]
    total: int
    page: int
    pages: int


def sizes(db: Session) -> list[ListSize]:
    """How many NIKs each list holds, the system's own blacklist apart."""
    blacklisted = col(ExclusionEntry.reason) == ExclusionReason.BLACKLISTED
    excluded, blacklist = db.exec(
        select(
            func.count().filter(sa.not_(blacklisted)),
            func.count().filter(blacklisted),
        ).select_from(ExclusionEntry)
    ).one()
    priority = db.exec(select(func.count()).select_from(PriorityEntry)).one()
    return [
        ListSize("Daftar pengecualian (dari unggahan)", number(int(excluded))),
        ListSize("Daftar prioritas (korban PHK)", number(int(priority))),
        ListSize("Daftar hitam karena pencabutan (tidak diubah unggahan)", number(int(blacklist))),
    ]


def _error(upload: ListUpload) -> str:
    if not upload.error:
        return ""
    try:
        code = ListError(upload.error)
    except ValueError:
        return BROKEN
    expected = lines.header_text(ListKind(upload.kind))
    return messages.text(DomainError(code, expected=expected, megabytes=0))


def latest(db: Session) -> UploadCard:
    """The latest upload, as the page shows it."""
    upload = db.exec(
        select(ListUpload)
        .order_by(col(ListUpload.id).desc())
        .limit(1)
        .execution_options(populate_existing=True)
    ).first()
    if upload is None:
        return UploadCard()
    status = ListUploadStatus(upload.status)
    busy = status in (
        ListUploadStatus.QUEUED,
        ListUploadStatus.CHECKING,
        ListUploadStatus.APPLYING,
    )
    return UploadCard(
        id=upload.id or 0,
        kind_label=KIND_LABELS[ListKind(upload.kind)],
        filename=upload.filename,
        status_label=STATUS_LABELS[status],
        busy=busy,
        ready=status == ListUploadStatus.CHECKED,
        discardable=status in uploads.DISCARDABLE,
        counted=status in (ListUploadStatus.CHECKED, ListUploadStatus.APPLIED),
        finished=status not in uploads.UNFINISHED,
        progress=f"{number(upload.lines)} baris dibaca" if busy else "",
        added=upload.added,
        removed=upload.removed,
        unchanged=upload.unchanged,
        invalid=upload.invalid,
        error=_error(upload),
        when=wib_datetime(upload.finished_at or upload.created_at),
    )


def diff_rows(db: Session, upload_id: int, change: Change, page: int = 1) -> DiffRows:
    """One page of the lines of one change of a checked upload (none otherwise)."""
    upload = db.get(ListUpload, upload_id)
    if upload is None or upload.status != ListUploadStatus.CHECKED:
        return DiffRows([], 0, 1, 1)
    found = diff.page_of(db, upload_id, ListKind(upload.kind), change, page)
    return DiffRows(
        [
            DiffRow(
                line=str(x.line_no) if x.line_no is not None else "-",
                nik=mask_nik(x.nik),
                value=VALUE_LABELS.get(x.value, x.value),
                problem=PROBLEM_LABELS[x.problem] if x.problem else "",
            )
            for x in found.lines
        ],
        found.total,
        found.page,
        found.pages,
    )
