"""The refusals of the program office's outbox console."""

from enum import StrEnum


class MessagingError(StrEnum):
    """Why an outbox search or a resend was refused."""

    RECIPIENT_INVALID = "recipient_invalid"  # neither an email address nor a mobile number
    STATUS_INVALID = "status_invalid"
    MESSAGE_UNKNOWN = "message_unknown"
    NOT_FAILED = "not_failed"  # only a failed (or undelivered) message is resent
    SECRET_EXPIRED = "secret_expired"  # details: expired_at (None: already erased)
