"""The refusals of the verification queue."""

from enum import StrEnum


class VerificationError(StrEnum):
    """Why a verifier's decision was refused."""

    CASE_UNKNOWN = "verification_case_unknown"
    DECIDED = "verification_decided"  # details: status (`CaseStatus`) of the decision
    REASON_SHORT = "verification_reason_short"  # details: minimum
    REASON_LONG = "verification_reason_long"  # details: maximum
