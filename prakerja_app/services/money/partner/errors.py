"""The partner's refusals and failures, as stable codes (see services/core/errors.py)."""

from enum import StrEnum

from prakerja_app.services.core.errors import DomainError


class PartnerError(StrEnum):
    """Why a call to the payment partner did not give an answer we can use."""

    TIMEOUT = "partner_timeout"  # no answer in time: the call may or may not have happened
    UNREACHABLE = "partner_unreachable"  # no connection: the call did not happen
    SERVER_ERROR = "partner_server_error"  # 5xx; details: http_status
    ANSWER_INVALID = "partner_answer_invalid"  # a 2xx whose body is not what the API says
    REFUSED = "partner_refused"  # 4xx; details: http_status, partner_message, errors


class NotificationError(StrEnum):
    """Why a status notification was not accepted as coming from the partner."""

    UNSIGNED = "notification_unsigned"
    BAD_SIGNATURE = "notification_bad_signature"
    UNPARSABLE = "notification_unparsable"


class PartnerUnavailable(DomainError):
    """The partner could not be asked now (time-out, no connection, 5xx): worth retrying.

    After a TIMEOUT or SERVER_ERROR on a payout's creation the payout may exist at the
    partner; creating it again with the same idempotency key returns it.
    """


class PartnerRefused(DomainError):
    """The partner answered and refused the request (4xx); asking again changes nothing."""


class NotificationRefused(DomainError):
    """A notification that is unsigned, badly signed or unparsable; it must be ignored."""
