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
    # --- the program office's console (`setup`, `lifecycle`, `draw.publish_results`) ---
    NUMBER_INVALID = "number_invalid"  # details: maximum
    NUMBER_TAKEN = "number_taken"  # details: number
    TIME_INVALID = "time_invalid"
    CLOSES_BEFORE_OPENS = "closes_before_opens"
    CLOSES_IN_PAST = "closes_in_past"
    QUOTA_INVALID = "quota_invalid"  # details: maximum
    KK_CAP_INVALID = "kk_cap_invalid"  # details: maximum
    PROVINCES_REQUIRED = "provinces_required"
    PROVINCE_QUOTA_INVALID = "province_quota_invalid"  # details: province, quota
    PROVINCE_QUOTA_OUTSIDE = "province_quota_outside"  # details: province
    NOT_EDITABLE = "not_editable"  # details: number
    ALREADY_OPENED = "already_opened"  # details: number
    CLOSING_PASSED = "closing_passed"  # details: number, closes_at
    NOT_OPEN = "not_open"  # details: number
    NOT_STARTED = "not_started"  # details: number, opens_at
    DRAW_RUNNING = "draw_running"  # details: number
    ALREADY_DRAWN = "already_drawn"  # details: number
    NOT_DRAWN = "not_drawn"  # details: number
    ALREADY_ANNOUNCED = "already_announced"  # details: number
    STATEMENT_REQUIRED = "statement_required"
    REGISTRATION_INCOMPLETE = "registration_incomplete"
    NO_APPLICATION = "no_application"
    APPLICATION_PENDING = "application_pending"  # details: number
    ALREADY_SELECTED = "already_selected"
    APPLICATION_EXCLUDED = "application_excluded"  # details: reason (a selection reason code)
    NOT_PARTICIPANT = "not_participant"
    REVOKED = "revoked"
