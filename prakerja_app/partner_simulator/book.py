"""The simulator's payouts: created once per idempotency key, approved, then paid or
failed at once, each step a notification; and the statement of the money that moved."""

import hashlib
import json
import secrets
import string
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from prakerja_app.partner_simulator.accounts import AccountBook
from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.money.partner.amounts import format_amount, parse_amount
from prakerja_app.services.money.partner.interface import (
    FailureReason,
    PayoutChannel,
    PayoutStatus,
)

REFERENCE_ALPHABET = string.ascii_letters + string.digits
FAILURE_MESSAGES = {
    FailureReason.ACCOUNT_NOT_FOUND: "Beneficiary account does not exist",
    FailureReason.ACCOUNT_INACTIVE: "Beneficiary account is inactive",
    FailureReason.EWALLET_NOT_UPGRADED: "Beneficiary e-wallet is not upgraded",
    FailureReason.NAME_MISMATCH: "Beneficiary name does not match the account holder",
}


class Refusal(Exception):
    """A request the simulator answers with a 4xx: ``{"error_message", "errors"}``."""

    def __init__(self, status: int, message: str, errors: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors if errors is not None else message


@dataclass
class Payout:
    """One payout at the simulated partner."""

    reference_no: str
    idempotency_key: str | None
    channel: PayoutChannel
    account_no: str
    name: str
    amount: int
    notes: str
    created_at: datetime
    updated_at: datetime
    status: PayoutStatus = PayoutStatus.QUEUED
    failure: FailureReason | None = None

    def details(self) -> dict[str, Any]:
        """The payout as Iris's payout details show it."""
        return {
            "reference_no": self.reference_no,
            "amount": format_amount(self.amount),
            "beneficiary_name": self.name,
            "beneficiary_account": self.account_no,
            "bank": self.channel.value,
            "notes": self.notes,
            "status": self.status.value,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "error_code": self.failure.value if self.failure else None,
            "error_message": FAILURE_MESSAGES[self.failure] if self.failure else None,
        }

    def notification(self) -> dict[str, Any]:
        """The notification of the payout's current status."""
        payload = {
            "reference_no": self.reference_no,
            "amount": format_amount(self.amount),
            "status": self.status.value,
            "updated_at": self.updated_at.isoformat(),
        }
        if self.failure:
            payload["error_code"] = self.failure.value
            payload["error_message"] = FAILURE_MESSAGES[self.failure]
        return payload


@dataclass(frozen=True)
class StatementEntry:
    """Money that moved: a payout's debit or a refund's credit."""

    reference_no: str
    kind: str  # "Payout" or "Refund"
    direction: str  # "debit" or "credit"
    payout: Payout
    created_at: datetime

    def as_dict(self) -> dict[str, Any]:
        """The entry as Iris's statements list it."""
        return {
            "reference_no": self.reference_no,
            "beneficiary_name": self.payout.name,
            "beneficiary_account": self.payout.account_no,
            "account": self.payout.channel.value.upper(),
            "type": self.kind,
            "amount": format_amount(self.payout.amount),
            "status": self.direction,
            "created_at": self.created_at.isoformat(),
        }


def fingerprint(body: Any) -> str:
    """The same for two JSON bodies that are identical (whatever their spacing and order)."""
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


class PayoutBook:
    """Every payout, the idempotency keys seen, and the statement."""

    def __init__(self, accounts: AccountBook) -> None:
        self.accounts = accounts
        self.payouts: dict[str, Payout] = {}
        self.statement: list[StatementEntry] = []
        self._answers: dict[str, tuple[str, list[dict[str, str]]]] = {}
        self._last = datetime.now(UTC)

    def _now(self) -> datetime:
        """Now, always after the last moment given, so each change is newer than the last."""
        self._last = max(datetime.now(UTC), self._last + timedelta(microseconds=1))
        return self._last

    def create(self, items: list[dict[str, Any]], body: Any, key: str | None) -> list[dict]:
        """Create the payouts of a request; a repeated key gives the first answer again.

        Raises:
            Refusal: the key was used for another request, or an item is invalid.
        """
        if key is not None and key in self._answers:
            seen, answer = self._answers[key]
            if seen != fingerprint(body):
                raise Refusal(409, "idempotency-key is not unique")
            return answer
        orders = [_order(index, item) for index, item in enumerate(items)]
        if not orders:
            raise Refusal(400, "An error occurred when creating payouts", ["payouts is empty"])
        answer = []
        for channel, account_no, name, amount, notes in orders:
            reference = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(18))
            now = self._now()
            self.payouts[reference] = Payout(
                reference, key, channel, account_no, name, amount, notes, now, now
            )
            answer.append({"status": PayoutStatus.QUEUED.value, "reference_no": reference})
        if key is not None:
            self._answers[key] = (fingerprint(body), answer)
        return answer

    def approve(self, references: list[str]) -> list[Payout]:
        """Approve queued payouts and carry each through to paid or failed.

        Returns every payout in each state it passed through (copies), oldest first.

        Raises:
            Refusal: a reference is unknown or not queued (then nothing is approved).
        """
        unknown = [r for r in references if r not in self.payouts]
        not_queued = [
            r
            for r in references
            if r in self.payouts and self.payouts[r].status is not PayoutStatus.QUEUED
        ]
        if not references or unknown or not_queued:
            errors = [f"{r} not found" for r in unknown] + [
                f"{r} is not queued" for r in not_queued
            ]
            raise Refusal(400, "Failed to approve payouts", errors or ["reference_nos is empty"])
        steps = []
        for reference in references:
            payout = self.payouts[reference]
            failure = self.accounts.failure(payout.channel, payout.account_no, payout.name)
            final = PayoutStatus.FAILED if failure else PayoutStatus.COMPLETED
            for status in (PayoutStatus.APPROVED, PayoutStatus.PROCESSED, final):
                payout.status, payout.updated_at = status, self._now()
                payout.failure = failure if status is PayoutStatus.FAILED else None
                steps.append(replace(payout))
            if final is PayoutStatus.COMPLETED:
                self._record(payout, "Payout", "debit")
        return steps

    def refund(self, reference: str) -> Payout:
        """The bank sends a completed payout's money back: it fails, credited back.

        Raises:
            Refusal: no such payout, or it is not completed.
        """
        payout = self.payouts.get(reference)
        if payout is None or payout.status is not PayoutStatus.COMPLETED:
            raise Refusal(400, "Only a completed payout can be refunded")
        payout.status, payout.updated_at = PayoutStatus.FAILED, self._now()
        payout.failure = FailureReason.ACCOUNT_INACTIVE
        self._record(payout, "Refund", "credit")
        return replace(payout)

    def statement_between(self, first: date, last: date) -> list[dict[str, Any]]:
        """The statement entries of the days `first` to `last` (WIB), oldest first."""
        return [
            entry.as_dict()
            for entry in self.statement
            if first <= entry.created_at.astimezone(WIB).date() <= last
        ]

    def _record(self, payout: Payout, kind: str, direction: str) -> None:
        entry = StatementEntry(payout.reference_no, kind, direction, replace(payout), self._now())
        self.statement.append(entry)


def _order(index: int, item: Any) -> tuple[PayoutChannel, str, str, int, str]:
    """One create item's fields, checked.

    Raises:
        Refusal: a field is missing or invalid.
    """

    def refuse(problem: str) -> Refusal:
        return Refusal(
            400, "An error occurred when creating payouts", [f"payouts[{index}] {problem}"]
        )

    if not isinstance(item, dict):
        raise refuse("is not an object")
    try:
        channel = PayoutChannel(str(item.get("beneficiary_bank")))
    except ValueError:
        raise refuse("beneficiary_bank is not supported") from None
    account_no = item.get("beneficiary_account")
    if not isinstance(account_no, str) or not account_no.isdigit() or len(account_no) > 30:
        raise refuse("beneficiary_account is invalid")
    name = item.get("beneficiary_name")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        raise refuse("beneficiary_name is invalid")
    try:
        amount = parse_amount(item.get("amount"))
    except ValueError:
        raise refuse("amount is invalid") from None
    notes = item.get("notes", "")
    if not isinstance(notes, str) or len(notes) > 100:
        raise refuse("notes is invalid")
    return channel, account_no, name, amount, notes
