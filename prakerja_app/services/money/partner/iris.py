"""`PaymentPartner` over HTTP, after the Midtrans Iris (Payouts) API v1.

Followed as Iris documents it:
- JSON over HTTPS under ``<base>/api/v1``; HTTP Basic auth with an API key as the user
  name and an empty password. The creator's key creates payouts, the approver's key
  approves them (maker-checker); either reads.
- ``POST /payouts`` ``{"payouts": [{beneficiary_name, beneficiary_account,
  beneficiary_bank, beneficiary_email, amount, notes}]}`` answers 201 ``{"payouts":
  [{"status": "queued", "reference_no"}]}``; with ``X-Idempotency-Key`` a repeated
  identical request is processed once and gets the first answer, a different request
  under the same key is refused ("idempotency-key is not unique").
- ``POST /payouts/approve`` ``{"reference_nos": [...], "otp"}``; ``GET
  /payouts/<reference_no>``; ``GET /account_validation?bank=&account=`` answers
  ``{account_name, account_no, bank_name}``, or 400 with ``errors.account`` when there
  is no such account; ``GET /statements?from_date=&to_date=`` lists the money that
  moved (type "Payout", a debit; "Refund", a credit; fees and top-ups, ignored here).
- Amounts are strings ("600000.00"); errors are ``{"error_message", "errors"}``.
- Statuses queued, approved, processed, completed, failed, rejected.

Where we differ or choose:
- One payout per create request: Iris's idempotency key covers a request, and we want
  one key per payout, so that a retried run can never pay a payout twice.
- Account validation reads an ``account_status`` field ("active", "inactive",
  "not_upgraded") that Iris does not send (there, those show only as failed payouts);
  without it an existing account counts as active and upgraded.
- E-wallets use the bank codes ovo, gopay, linkaja and dana; the payouts' error codes
  are those of `FailureReason`.
- The approver's OTP is not sent (Iris asks for it only when the partner enables it).

Retries: reads, and creates (they carry the idempotency key), are retried after a
time-out, a lost connection or a 5xx. An approval is not: the caller reads the payouts'
status before approving again. A 4xx is never retried.
"""

import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from prakerja_app.services.money.partner.amounts import format_amount, parse_amount
from prakerja_app.services.money.partner.errors import (
    PartnerError,
    PartnerRefused,
    PartnerUnavailable,
)
from prakerja_app.services.money.partner.interface import (
    AccountValidation,
    CreatedPayout,
    PayoutChannel,
    PayoutOrder,
    PayoutState,
    PayoutStatus,
    ReportLine,
)
from prakerja_app.settings import PartnerSettings

T = TypeVar("T")
IDEMPOTENCY_HEADER = "X-Idempotency-Key"
IDEMPOTENCY_KEY_MAX = 100  # Iris's limit


class IrisPartner:
    """The Iris payouts API (or the partner simulator), with separate creator and
    approver keys. A context manager; `close` ends its connections."""

    def __init__(
        self,
        settings: PartnerSettings,
        *,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """`retries` after a failure that may pass, waiting `backoff` s, then twice that;
        `transport` stands in for the network (a test's `httpx.MockTransport`)."""
        self.settings = settings
        self.retries = retries
        self.backoff = backoff
        self._client = httpx.Client(
            base_url=f"{settings.base_url}/api/v1",
            timeout=timeout,
            headers={"Accept": "application/json"},
            transport=transport,
        )

    def __enter__(self) -> "IrisPartner":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """End the connections."""
        self._client.close()

    # --- the protocol ----------------------------------------------------------------------

    def validate_account(self, channel: PayoutChannel, account_no: str) -> AccountValidation:
        """Iris's account validation (creator's key), with the simulator's account status."""
        params = {"bank": channel.value, "account": account_no}
        response = self._retried(
            lambda: self._send("GET", "/account_validation", self.settings.creator_key, params)
        )
        if response.status_code == 400 and _errors_of(response).get("account"):
            return AccountValidation(channel, account_no, False, False, False, None)
        answer = _json_object(_checked(response))
        status = answer.get("account_status", "active")
        if status not in ("active", "inactive", "not_upgraded"):
            raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="account_status")
        return AccountValidation(
            channel=channel,
            account_no=account_no,
            exists=True,
            active=status != "inactive",
            upgraded=status != "not_upgraded",
            holder_name=_field(answer, "account_name", str),
        )

    def create_payouts(self, orders: list[PayoutOrder]) -> list[CreatedPayout]:
        """One create request per order, each under the order's own idempotency key."""
        return [self._create(order) for order in orders]

    def approve_payouts(self, reference_nos: list[str]) -> None:
        """Approve the payouts (approver's key), in one request; never retried here."""
        if not reference_nos:
            return
        body = {"reference_nos": reference_nos}
        response = self._send("POST", "/payouts/approve", self.settings.approver_key, body=body)
        _checked(response)

    def payout(self, reference_no: str) -> PayoutState:
        """The payout's details (creator's key)."""
        path = f"/payouts/{quote(reference_no, safe='')}"
        response = self._retried(lambda: self._send("GET", path, self.settings.creator_key))
        return _payout_state(_json_object(_checked(response)))

    def daily_report(self, day: date) -> list[ReportLine]:
        """The statement of `day`, folded into one line per payout (a refund wins)."""
        params = {"from_date": day.isoformat(), "to_date": day.isoformat()}
        response = self._retried(
            lambda: self._send("GET", "/statements", self.settings.creator_key, params)
        )
        answer = _json(_checked(response))
        if not isinstance(answer, list):
            raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="statements")
        lines: dict[str, ReportLine] = {}
        for entry in answer:
            line = _report_line(entry)
            if line is not None and (
                line.reference_no not in lines or line.status is PayoutStatus.FAILED
            ):
                lines[line.reference_no] = line
        return list(lines.values())

    # --- helpers ---------------------------------------------------------------------------

    def _create(self, order: PayoutOrder) -> CreatedPayout:
        key = order.idempotency_key
        if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii():
            raise ValueError(f"not an idempotency key Iris takes: {key!r}")
        body = {
            "payouts": [
                {
                    "beneficiary_name": order.holder_name,
                    "beneficiary_account": order.account_no,
                    "beneficiary_bank": order.channel.value,
                    "amount": format_amount(order.amount),
                    "notes": order.notes,
                }
            ]
        }
        response = self._retried(
            lambda: self._send(
                "POST",
                "/payouts",
                self.settings.creator_key,
                body=body,
                headers={IDEMPOTENCY_HEADER: key},
            )
        )
        payouts = _json_object(_checked(response)).get("payouts")
        if not isinstance(payouts, list) or len(payouts) != 1 or not isinstance(payouts[0], dict):
            raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="payouts")
        created = payouts[0]
        return CreatedPayout(
            idempotency_key=key,
            reference_no=_field(created, "reference_no", str),
            status=_status(created.get("status")),
        )

    def _send(
        self,
        method: str,
        path: str,
        key: str,
        params: dict[str, str] | None = None,
        *,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request; a time-out, a lost connection or a 5xx as PartnerUnavailable."""
        try:
            response = self._client.request(
                method, path, params=params, json=body, headers=headers, auth=(key, "")
            )
        except httpx.TimeoutException as error:
            raise PartnerUnavailable(PartnerError.TIMEOUT, path=path) from error
        except httpx.TransportError as error:
            raise PartnerUnavailable(PartnerError.UNREACHABLE, path=path) from error
        if response.is_server_error:
            raise PartnerUnavailable(
                PartnerError.SERVER_ERROR, path=path, http_status=response.status_code
            )
        return response

    def _retried(self, call: Callable[[], T]) -> T:
        """`call`, again after a PartnerUnavailable that may pass, up to `retries` more times."""
        attempt = 0
        while True:
            try:
                return call()
            except PartnerUnavailable as error:
                if attempt >= self.retries or error.code is PartnerError.ANSWER_INVALID:
                    raise
            time.sleep(self.backoff * 2**attempt)
            attempt += 1


def _checked(response: httpx.Response) -> httpx.Response:
    """The response when it is a success; a 4xx as PartnerRefused."""
    if response.is_success:
        return response
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    message = answer.get("error_message") if isinstance(answer, dict) else None
    errors = answer.get("errors") if isinstance(answer, dict) else None
    raise PartnerRefused(
        PartnerError.REFUSED,
        http_status=response.status_code,
        partner_message=message if isinstance(message, str) else None,
        errors=errors,
    )


def _errors_of(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    errors = answer.get("errors") if isinstance(answer, dict) else None
    return errors if isinstance(errors, dict) else {}


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID) from error


def _json_object(response: httpx.Response) -> dict:
    answer = _json(response)
    if not isinstance(answer, dict):
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID)
    return answer


def _field(answer: dict, name: str, kind: type[T]) -> T:
    value = answer.get(name)
    if not isinstance(value, kind) or value == "":
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field=name)
    return value


def _status(value: object) -> PayoutStatus:
    try:
        return PayoutStatus(str(value))
    except ValueError as error:
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="status") from error


def _amount(value: object) -> int:
    try:
        return parse_amount(value)
    except ValueError as error:
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="amount") from error


def _moment(value: object) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="updated_at") from error
    if moment.tzinfo is None:
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="updated_at")
    return moment


def _payout_state(answer: dict) -> PayoutState:
    code = answer.get("error_code")
    return PayoutState(
        reference_no=_field(answer, "reference_no", str),
        amount=_amount(answer.get("amount")),
        status=_status(answer.get("status")),
        updated_at=_moment(answer.get("updated_at")),
        failure_code=code if isinstance(code, str) and code else None,
    )


# A statement entry's (type, status) -> what it says of its payout.
STATEMENT_KINDS: dict[tuple[object, object], PayoutStatus] = {
    ("Payout", "debit"): PayoutStatus.COMPLETED,
    ("Refund", "credit"): PayoutStatus.FAILED,
}


def _report_line(entry: object) -> ReportLine | None:
    """The payout a statement entry is about, or None for a fee, a top-up and the like."""
    if not isinstance(entry, dict):
        raise PartnerUnavailable(PartnerError.ANSWER_INVALID, field="statements")
    status = STATEMENT_KINDS.get((entry.get("type"), entry.get("status")))
    if status is None:
        return None
    return ReportLine(_field(entry, "reference_no", str), _amount(entry.get("amount")), status)
