"""Who may join Kartu Prakerja: citizens aged 18+, not in school, not in excluded jobs."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from prakerja_app.services.core import program
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import ExclusionReason
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.nik import age_on


@dataclass(frozen=True)
class Eligibility:
    """The result of an eligibility check: eligible when there is no reason against."""

    reasons: tuple[DomainError, ...] = field(default_factory=tuple)

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

    Returns:
        Each failing rule as a refusal: ``under_age``, ``formal_education``,
        ``excluded_occupation``, ``excluded`` (one per list, detail ``reason``) and
        ``already_participant``.
    """
    reasons: list[DomainError] = []
    if age_on(birth_date, today) < program.MINIMUM_AGE:
        reasons.append(DomainError(RegistrationError.UNDER_AGE, minimum=program.MINIMUM_AGE))
    if in_formal_education:
        reasons.append(DomainError(RegistrationError.FORMAL_EDUCATION))
    if excluded_occupation:
        reasons.append(DomainError(RegistrationError.EXCLUDED_OCCUPATION))
    reasons.extend(
        DomainError(RegistrationError.EXCLUDED, reason=ExclusionReason(code))
        for code in sorted(set(exclusions))
    )
    if already_participant:
        reasons.append(DomainError(RegistrationError.ALREADY_PARTICIPANT))
    return Eligibility(tuple(reasons))
