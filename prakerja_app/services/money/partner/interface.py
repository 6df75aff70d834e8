"""What the program asks of a payment partner, whoever it is: the `PaymentPartner`
protocol and the facts it answers with.

A payout goes through the maker-checker steps of the partner: the creator creates it
(QUEUED), the approver approves it (APPROVED), the partner sends it to the bank or
e-wallet (PROCESSED), and it ends COMPLETED or FAILED (REJECTED when the approver turns
it down). A COMPLETED payout can still become FAILED when the bank returns the money.
The calls raise `PartnerUnavailable` (time-out, no connection, 5xx) or `PartnerRefused`
(the partner's 4xx), see `errors`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class PayoutChannel(StrEnum):
    """Where an incentive can be paid: BNI accounts and four e-wallets (Iris bank codes)."""

    BNI = "bni"
    OVO = "ovo"
    GOPAY = "gopay"
    LINKAJA = "linkaja"
    DANA = "dana"

    @property
    def is_ewallet(self) -> bool:
        """True for the e-wallets, which must be upgraded (fully verified) to receive."""
        return self is not PayoutChannel.BNI


class PayoutStatus(StrEnum):
    """A payout's status at the partner (Iris's names)."""

    QUEUED = "queued"  # created, waiting for the approver
    APPROVED = "approved"
    PROCESSED = "processed"  # sent to the bank, its answer not known yet
    COMPLETED = "completed"  # the money reached the account
    FAILED = "failed"  # the money did not reach the account (or came back)
    REJECTED = "rejected"  # turned down by the approver or the partner's checks


class FailureReason(StrEnum):
    """Why the partner failed a payout or finds an account unfit (its error codes)."""

    ACCOUNT_NOT_FOUND = "account_not_found"
    ACCOUNT_INACTIVE = "account_inactive"
    EWALLET_NOT_UPGRADED = "ewallet_not_upgraded"
    NAME_MISMATCH = "name_mismatch"


@dataclass(frozen=True)
class AccountValidation:
    """What the partner knows of an account before anything is paid into it."""

    channel: PayoutChannel
    account_no: str
    exists: bool
    active: bool
    upgraded: bool  # an e-wallet is fully verified; always True for a bank account
    holder_name: str | None  # as the bank or e-wallet has it; None when it does not exist

    @property
    def problem(self) -> FailureReason | None:
        """Why a payout into this account would fail (the name aside), or None."""
        if not self.exists:
            return FailureReason.ACCOUNT_NOT_FOUND
        if not self.active:
            return FailureReason.ACCOUNT_INACTIVE
        if not self.upgraded:
            return FailureReason.EWALLET_NOT_UPGRADED
        return None


@dataclass(frozen=True)
class PayoutOrder:
    """One payout to create: our idempotency key (one per payout, stable across retries),
    the account, the name we expect its holder to have, and whole rupiah."""

    idempotency_key: str
    channel: PayoutChannel
    account_no: str
    holder_name: str
    amount: int
    notes: str


@dataclass(frozen=True)
class CreatedPayout:
    """The partner's reference for one created payout."""

    idempotency_key: str
    reference_no: str
    status: PayoutStatus


@dataclass(frozen=True)
class PayoutState:
    """A payout as the partner has it now."""

    reference_no: str
    amount: int
    status: PayoutStatus
    updated_at: datetime
    failure_code: str | None  # the partner's error code when FAILED or REJECTED


@dataclass(frozen=True)
class ReportLine:
    """One payout in the partner's daily report: the money it moved that day.

    `status` is COMPLETED when the money left for the account, FAILED when it came back
    (a refund); a payout that failed before any money moved is not in the report.
    """

    reference_no: str
    amount: int
    status: PayoutStatus


class PaymentPartner(Protocol):
    """A disbursement partner with maker-checker payouts (creator and approver)."""

    def validate_account(self, channel: PayoutChannel, account_no: str) -> AccountValidation:
        """Whether the account exists, is active (and upgraded), and its holder's name."""
        ...

    def create_payouts(self, orders: list[PayoutOrder]) -> list[CreatedPayout]:
        """Create the payouts (as the creator), one result per order in order; an order
        whose idempotency key the partner has seen returns that same payout."""
        ...

    def approve_payouts(self, reference_nos: list[str]) -> None:
        """Approve queued payouts (as the approver); the money then moves."""
        ...

    def payout(self, reference_no: str) -> PayoutState:
        """One payout's status now (e.g. after a lost notification)."""
        ...

    def daily_report(self, day: date) -> list[ReportLine]:
        """The payouts whose money moved on `day` (WIB), for the reconciliation."""
        ...
