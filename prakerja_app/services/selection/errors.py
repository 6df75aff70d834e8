"""The refusals of waves, the draw and participation."""

from enum import StrEnum


class SelectionError(StrEnum):
    """Why a wave, draw or participant action was refused."""

    WAVE_UNKNOWN = "wave_unknown"  # details: number (when known)
    WAVE_CLOSED = "wave_closed"
    WAVE_NOT_CLOSED = "wave_not_closed"  # details: number, closes_at
    WAVE_NOT_OPENED = "wave_not_opened"  # details: number
    WAVE_NUMBER = "wave_number"  # details: maximum
    SEED_TOO_LATE = "seed_too_late"
    SEED_MISSING = "seed_missing"  # details: number
    NOT_ANNOUNCED = "not_announced"  # details: number
    STATEMENT_REQUIRED = "statement_required"
    REGISTRATION_INCOMPLETE = "registration_incomplete"
    NO_APPLICATION = "no_application"
    APPLICATION_PENDING = "application_pending"  # details: number
    ALREADY_SELECTED = "already_selected"
    APPLICATION_EXCLUDED = "application_excluded"  # details: reason (a selection reason code)
    NOT_PARTICIPANT = "not_participant"
    REVOKED = "revoked"
