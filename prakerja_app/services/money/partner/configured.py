"""The payment partner the settings name (`settings.partner_settings`), for the pages and
jobs: the Iris client on PRAKERJA_PARTNER_URL (outside production, by default, the
simulator). A person waits for an account inquiry, so its time-out is short."""

from prakerja_app.services.money.partner.interface import AccountValidation, PayoutChannel
from prakerja_app.services.money.partner.iris import IrisPartner
from prakerja_app.settings import partner_settings

INQUIRY_TIMEOUT = 5.0  # seconds; one retry after a failure that may pass


class InquiryPartner:
    """Account inquiries on the configured partner, with a client made at the first
    inquiry (a link refused before it, e.g. for a wrong code, needs no partner at all).
    A context manager: leaving it closes the client."""

    def __init__(self) -> None:
        self._client: IrisPartner | None = None

    def __enter__(self) -> "InquiryPartner":
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def validate_account(self, channel: PayoutChannel, account_no: str) -> AccountValidation:
        """`IrisPartner.validate_account` on the configured partner."""
        if self._client is None:
            self._client = IrisPartner(
                partner_settings(), timeout=INQUIRY_TIMEOUT, retries=1, backoff=0.2
            )
        return self._client.validate_account(channel, account_no)
