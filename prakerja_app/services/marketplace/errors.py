"""The refusals of buying, reviewing, and the providers' redeem-code API."""

from enum import StrEnum


class MarketplaceError(StrEnum):
    """Why a purchase, a review or a change to the catalogue was refused."""

    TRAINING_UNKNOWN = "training_unknown"
    TRAINING_INACTIVE = "training_inactive"
    PLATFORM_WITHDRAWN = "platform_withdrawn"  # details: platform, withdrawn_at
    FIRST_PURCHASE_DEADLINE = "first_purchase_deadline"  # details: deadline
    IDEMPOTENCY_KEY = "idempotency_key"
    IDEMPOTENCY_KEY_USED = "idempotency_key_used"
    PHONE_MISSING = "phone_missing"
    ALREADY_BOUGHT = "already_bought"  # this participant's purchase of it stands
    PURCHASE_NOT_FOUND = "purchase_not_found"
    STARS_INVALID = "stars_invalid"
    REVIEW_TOO_SHORT = "review_too_short"  # details: minimum
    REVIEW_TOO_LONG = "review_too_long"  # details: maximum
    REVIEW_NOT_COMPLETED = "review_not_completed"
    REVIEW_EXISTS = "review_exists"
    # The console's catalogue (`platform_listing`, `training_listing`).
    PLATFORM_UNKNOWN = "platform_unknown"
    PLATFORM_ALREADY_WITHDRAWN = "platform_already_withdrawn"  # details: withdrawn_at
    DELISTING_REASON_TOO_SHORT = "delisting_reason_too_short"  # details: minimum
    DELISTING_REASON_TOO_LONG = "delisting_reason_too_long"  # details: maximum
    EFFECTIVE_TIME_INVALID = "effective_time_invalid"
    EFFECTIVE_TIME_PAST = "effective_time_past"
    TRAINING_ALREADY_ACTIVE = "training_already_active"
    TRAINING_ALREADY_INACTIVE = "training_already_inactive"
    # Providers' API keys (`api_credentials`) and a training's price (`training_listing`).
    PROVIDER_UNKNOWN = "provider_unknown"
    PRICE_NOT_NUMBER = "price_not_number"
    PRICE_NOT_POSITIVE = "price_not_positive"
    PRICE_ABOVE_BALANCE = "price_above_balance"  # details: maximum
    PRICE_UNCHANGED = "price_unchanged"
    PRICE_LOCKED = "price_locked"  # details: locked_at
    PRICE_CHANGED = "price_changed"  # details: price (a purchase found a new price)


class RedeemError(StrEnum):
    """Why a provider's redeem-code request was refused, in the order the checks run."""

    MISSING_HEADERS = "missing_headers"
    TIMESTAMP_INVALID = "timestamp_invalid"
    TIMESTAMP_EXPIRED = "timestamp_expired"
    UNKNOWN_CLIENT = "unknown_client"
    BODY_TOO_LARGE = "body_too_large"
    MALFORMED_BODY = "malformed_body"
    SIGNATURE_INVALID = "signature_invalid"
    CODE_NOT_FOUND = "code_not_found"
    CODE_OTHER_PROVIDER = "code_other_provider"
    CODE_REFUNDED = "code_refunded"
    CODE_NOT_REDEEMED = "code_not_redeemed"
    COMPLETED_AT_INVALID = "completed_at_invalid"
