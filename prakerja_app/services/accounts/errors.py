"""The refusals of accounts, passwords, sessions, email links and one-time codes."""

from enum import StrEnum


class AccountError(StrEnum):
    """Why an account action was refused."""

    EMAIL_INVALID = "email_invalid"
    EMAIL_TAKEN = "email_taken"
    NAME_INVALID = "name_invalid"
    PASSWORD_SHORT = "password_short"
    PASSWORD_LONG = "password_long"
    PASSWORD_COMMON = "password_common"
    PASSWORD_PERSONAL = "password_personal"
    BAD_CREDENTIALS = "bad_credentials"
    EMAIL_UNCONFIRMED = "email_unconfirmed"
    THROTTLED = "throttled"  # details: seconds
    BUSY = "busy"  # too many logins and registrations waiting for the hashing threads
    LINK_INVALID = "link_invalid"
    LINK_EXPIRED = "link_expired"
    OTP_MISSING = "otp_missing"
    OTP_FORMAT = "otp_format"
    OTP_EXPIRED = "otp_expired"
    OTP_LOCKED = "otp_locked"
    OTP_WRONG = "otp_wrong"  # details: attempts_left
    OTP_COOLDOWN = "otp_cooldown"  # details: seconds
    OTP_DAILY_LIMIT = "otp_daily_limit"  # details: limit
    TICKET_INVALID = "ticket_invalid"
    CODE_FORMAT = "code_format"  # an authenticator code is 6 digits, a recovery code 10
    CODE_WRONG = "code_wrong"
    SIGN_IN_EXPIRED = "sign_in_expired"  # the password step must be done again
    ALREADY_ENROLLED = "already_enrolled"
    ROLES_MISSING = "roles_missing"
    LAST_SUPER_ADMIN = "last_super_admin"
    NOT_YOURSELF = "not_yourself"
    ADMIN_UNKNOWN = "admin_unknown"
    PASSWORD_MISMATCH = "password_mismatch"
    RESET_CODE_WRONG = "reset_code_wrong"  # one refusal for every wrong or missing code
