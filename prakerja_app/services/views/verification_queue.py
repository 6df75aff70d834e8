"""The verification queue (/admin/verifikasi): the open cases a page at a time, each with
its flags and their evidence in words, the other applicants masked and linked.

Nothing here shows a whole NIK, phone, family card number or photo; the verifier opens
the applicant's page (`applicant_record`) and discloses them there, with a reason.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from prakerja_app import routes
from prakerja_app.models import ApplicantProfile, User, VerificationCase, VerificationFlag
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.core.vocab import CaseStatus, FlagKind
from prakerja_app.services.verification.evidence import PHOTO_DISTANCE

PAGE_SIZE = 10
MAX_PAGE = 100_000
KIND_LABELS = {
    FlagKind.PHOTO: "Foto sama dengan pendaftar lain",
    FlagKind.PHONE: "Nomor HP dicoba banyak akun",
    FlagKind.KK: "Kartu Keluarga melebihi batas",
    FlagKind.CLIENT: "Banyak akun dari satu perangkat/jaringan",
    FlagKind.REGISTRY: "Tidak cocok dengan data kependudukan",
}
STATUS_LABELS = {
    CaseStatus.OPEN: "Menunggu keputusan",
    CaseStatus.APPROVED: "Disetujui",
    CaseStatus.REJECTED: "Ditolak",
}


@dataclass(frozen=True)
class Other:
    """Another applicant in a flag's evidence, masked, with a link to their page."""

    name: str
    nik: str
    href: str


@dataclass(frozen=True)
class FlagRow:
    """One kind of flag on a case: what it means and who shares it."""

    kind: str
    label: str
    fact: str
    others: list[Other]


@dataclass(frozen=True)
class CaseRow:
    """A case, as the queue shows it."""

    id: int
    name: str
    nik: str  # masked
    href: str
    opened: str
    flags: list[FlagRow]
    is_open: bool = True
    status_label: str = ""
    decided: str = ""  # when, in words ("" while open)
    reason: str = ""  # a rejection's, as the applicant reads it


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue."""

    rows: list[CaseRow]
    page: int
    has_next: bool
    total: int


def _fact(kind: FlagKind, details: list[str]) -> str:
    if kind == FlagKind.PHOTO:
        nearest = min(int(d) for d in details if d.isdigit()) if details else 0
        return f"Beda {nearest} dari 64 bit sidik foto (sama bila paling banyak {PHOTO_DISTANCE})."
    if kind == FlagKind.REGISTRY:
        return f"Status dari data kependudukan: {details[0] if details else '-'}."
    members, _, cap = (details[0] if details else "").partition("/")
    unit = {FlagKind.PHONE: "akun meminta kode", FlagKind.KK: "pendaftar di satu gelombang"}
    return f"{members} {unit.get(kind, 'akun')} (batas {cap})."


def _people(db: Session, user_ids: set[int]) -> dict[int, tuple[str, str]]:
    if not user_ids:
        return {}
    rows = db.exec(
        select(User.id, User.full_name, ApplicantProfile.nik)
        .outerjoin(ApplicantProfile, col(ApplicantProfile.user_id) == User.id)
        .where(col(User.id).in_(user_ids))
    )
    return {i: (name, mask_nik(nik) if nik else "-") for i, name, nik in rows if i is not None}


def queue(db: Session, *, kind: str = "", page: int = 1, decided: bool = False) -> QueuePage:
    """The open cases, oldest first (the first to come is the first decided), or with
    `decided` the decided ones, the latest decision first; those with a flag of `kind`
    only when it names one."""
    page = min(max(page, 1), MAX_PAGE)
    status = col(VerificationCase.status)
    cases = select(VerificationCase).where(
        status != CaseStatus.OPEN if decided else status == CaseStatus.OPEN
    )
    if kind in FlagKind.__members__.values():
        cases = cases.where(
            col(VerificationCase.id).in_(
                select(VerificationFlag.case_id).where(VerificationFlag.kind == kind)
            )
        )
    total = db.exec(select(func.count()).select_from(cases.subquery())).one()
    order = (
        (col(VerificationCase.decided_at).desc(), col(VerificationCase.id).desc())
        if decided
        else (col(VerificationCase.opened_at), col(VerificationCase.id))
    )
    found = db.exec(
        cases.order_by(*order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).all()
    shown = found[:PAGE_SIZE]
    flags: dict[int, list[VerificationFlag]] = defaultdict(list)
    if shown:
        for flag in db.exec(
            select(VerificationFlag)
            .where(col(VerificationFlag.case_id).in_([c.id for c in shown]))
            .order_by(col(VerificationFlag.kind), col(VerificationFlag.id))
        ):
            flags[flag.case_id].append(flag)
    ids = {c.user_id for c in shown} | {
        f.other_user_id for fs in flags.values() for f in fs if f.other_user_id
    }
    people = _people(db, ids)
    rows = []
    for case in shown:
        by_kind: dict[FlagKind, list[VerificationFlag]] = defaultdict(list)
        for flag in flags[case.id or 0]:
            by_kind[FlagKind(flag.kind)].append(flag)
        name, nik = people.get(case.user_id, ("-", "-"))
        rows.append(
            CaseRow(
                id=case.id or 0,
                name=name,
                nik=nik,
                href=routes.admin_applicant(case.user_id),
                opened=wib_datetime(case.opened_at),
                flags=[
                    FlagRow(
                        kind=k.value,
                        label=KIND_LABELS[k],
                        fact=_fact(k, [f.detail for f in fs]),
                        others=[
                            Other(*people[f.other_user_id], routes.admin_applicant(f.other_user_id))
                            for f in fs
                            if f.other_user_id is not None and f.other_user_id in people
                        ],
                    )
                    for k, fs in sorted(by_kind.items())
                ],
                is_open=case.status == CaseStatus.OPEN,
                status_label=STATUS_LABELS[CaseStatus(case.status)],
                decided=wib_datetime(case.decided_at) if case.decided_at else "",
                reason=case.reason or "",
            )
        )
    return QueuePage(rows, page, len(found) > PAGE_SIZE, int(total))


def total_label(found: QueuePage, decided: bool = False) -> str:
    """How many cases wait (or were decided), in words."""
    return f"{number(found.total)} kasus " + (
        "sudah diputuskan" if decided else "menunggu keputusan"
    )
