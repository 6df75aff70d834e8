"""Who may join Kartu Prakerja: citizens aged 18+, not in school, not in excluded jobs."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from prakerja_app.services.core import program
from prakerja_app.services.core.vocab import EXCLUSION_LABELS, ExclusionReason
from prakerja_app.services.registration.nik import age_on


@dataclass(frozen=True)
class Reason:
    """Why an applicant is not eligible: a stable code and an Indonesian sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    """The result of an eligibility check: eligible when there is no reason against."""

    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        return not self.reasons


def check_eligibility(
    *,
    birth_date: date,
    today: date,
    in_formal_education: bool,
    excluded_occupation: bool,
    exclusions: Iterable[str] = (),
    already_participant: bool = False,
) -> Eligibility:
    """Apply the 2020 eligibility rules and collect every reason that fails.

    Args:
        birth_date: the birth date (already checked against the NIK).
        today: the day the check is made, in WIB.
        in_formal_education: the applicant is at school or university.
        excluded_occupation: the applicant declared an excluded occupation.
        exclusions: exclusion-list reasons (``ExclusionReason`` values) found for the NIK.
        already_participant: the NIK was a participant before (one card per person, ever).
    """
    reasons: list[Reason] = []
    if age_on(birth_date, today) < program.MINIMUM_AGE:
        reasons.append(
            Reason("under_age", "Usia Anda belum 18 tahun. Peserta minimal berusia 18 tahun.")
        )
    if in_formal_education:
        reasons.append(
            Reason(
                "formal_education",
                "Anda sedang menempuh pendidikan formal (sekolah atau kuliah), sehingga belum"
                " dapat menjadi peserta.",
            )
        )
    if excluded_occupation:
        reasons.append(
            Reason(
                "excluded_occupation",
                "Pekerjaan yang Anda nyatakan (pejabat negara, DPRD, ASN, TNI, Polri, kepala"
                " atau perangkat desa, direksi/komisaris BUMN/BUMD) tidak dapat mengikuti"
                " program.",
            )
        )
    for code in sorted(set(exclusions)):
        label = EXCLUSION_LABELS.get(ExclusionReason(code), code)
        reasons.append(
            Reason(f"excluded_{code}", f"NIK Anda terdaftar dalam daftar pengecualian: {label}.")
        )
    if already_participant:
        reasons.append(
            Reason(
                "already_participant",
                "NIK ini sudah pernah menjadi penerima Kartu Prakerja. Satu orang hanya dapat"
                " menerima satu kartu.",
            )
        )
    return Eligibility(tuple(reasons))
