"""The refusals of the ledger."""

from enum import StrEnum


class MoneyError(StrEnum):
    """Why a ledger entry (training balance or cash) was refused."""

    LEDGER_AMOUNT = "ledger_amount"
    LEDGER_PARTICIPANT = "ledger_participant"
    INSUFFICIENT_BALANCE = "insufficient_balance"  # details: left, price
    CASH_JOURNAL_UNBALANCED = "cash_journal_unbalanced"  # details: journal
    # --- the payout account (`payout_accounts`) ---
    PAYOUT_CHANNEL_UNKNOWN = "payout_channel_unknown"  # field channel
    PAYOUT_CHANNEL_NOT_YET = "payout_channel_not_yet"  # field channel; details: available_from
    PAYOUT_NUMBER_REQUIRED = "payout_number_required"  # field account_number
    PAYOUT_BANK_NUMBER = "payout_bank_number"  # field account_number; details: digits
    PAYOUT_EWALLET_NUMBER = "payout_ewallet_number"  # field account_number (a mobile number)
    PAYOUT_DEADLINE = "payout_deadline"  # details: deadline
    PAYOUT_PHONE_MISSING = "payout_phone_missing"  # no verified phone for the code
    PAYOUT_PASSWORD_REQUIRED = "payout_password_required"  # field password (a change)
    PAYOUT_PASSWORD_WRONG = "payout_password_wrong"  # field password
    PAYOUT_ALREADY_LINKED = "payout_already_linked"  # field account_number: it is the current one
    PAYOUT_ACCOUNT_NOT_FOUND = "payout_account_not_found"  # field account_number
    PAYOUT_ACCOUNT_INACTIVE = "payout_account_inactive"  # field account_number
    PAYOUT_EWALLET_NOT_UPGRADED = "payout_ewallet_not_upgraded"  # field account_number
    PAYOUT_NAME_MISMATCH = "payout_name_mismatch"  # field account_number
    PAYOUT_ACCOUNT_TAKEN = "payout_account_taken"  # field account_number: another NIK's
    PAYOUT_PARTNER_UNAVAILABLE = "payout_partner_unavailable"  # the inquiry could not be made
    PAYOUT_KTP_NAME_MISSING = "payout_ktp_name_missing"  # no KTP name to compare with
    # --- the payment runs (`runs`) ---
    RUN_NOT_FOUND = "run_not_found"
    RUN_NOT_GATHERED = "run_not_gathered"  # details: status (prepare wants a gathered run)
    RUN_NOT_PREPARED = "run_not_prepared"  # details: status (approve wants a prepared run)
    RUN_NOT_CANCELLABLE = "run_not_cancellable"  # details: status (approved or later)
    RUN_EMPTY = "run_empty"  # nothing is due
    RUN_CHANGED = "run_changed"  # details: count, total (what the run holds now)
    RUN_DECLARED_INVALID = "run_declared_invalid"  # field count or total: not whole numbers
    RUN_FOUR_EYES = "run_four_eyes"  # the approver prepared the run
    RUN_REASON_SHORT = "run_reason_short"  # field reason; details: minimum
    # --- the partner's notifications (`payout_status`) ---
    PAYOUT_UNKNOWN = "payout_unknown"  # details: reference_no
    PAYOUT_AMOUNT_DIFFERS = "payout_amount_differs"  # details: reference_no, ours, theirs
    # --- the participant's re-check of a failed payment (`failed_payments`) ---
    RECHECK_NOTHING_FAILED = "recheck_nothing_failed"
    RECHECK_NO_ACCOUNT = "recheck_no_account"
