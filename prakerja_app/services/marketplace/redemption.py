"""The providers' redeem-code protocol: signed requests to check, commit and complete a voucher.

Wire-compatible with the 2020 Prakerja API and its public example clients. Every request
is a POST with three headers and a small JSON body:

- ``client_code``: the provider's client code (``TrainingProvider.client_code``);
- ``timestamp``: Unix seconds; refused when more than `TIMESTAMP_WINDOW_SECONDS` away
  from the server's real clock (replays of an old request);
- ``signature``: hex HMAC-SHA1, keyed with the provider's ``sign_key``, of
  ``client_code + timestamp + "POST" + path + body``. After a rotation the replaced key
  is accepted too until its grace period ends (`api_credentials.accepted_keys`).

For ``status`` and ``commit`` the signed body is the canonical compact text
``{"redeem_code":"<code>"}`` whatever spacing the client actually sent: the official
Python example signs that text but sends ``json.dumps``' spaced form. For ``complete``
(our addition) the signed body is the raw request body, byte for byte.

Each refusal is a `DomainError` with a `RedeemError` code, checked in this order:
headers, timestamp, client, body, signature, then the voucher. A refusal changes
nothing. Repeating a successful commit or completion returns the same answer, so a
replayed or retried request is harmless.

Business times (redeemed_at, completed_at, the certificate) are the program's time
(`now`); the timestamp window uses the real time (`real_now`).

Plain Python: the HTTP layer is `prakerja_app.api.redeem`.
"""

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from prakerja_app.models import Platform, Purchase, Training, TrainingProvider, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import api_credentials, certificates
from prakerja_app.services.marketplace.errors import RedeemError

API_PREFIX = "/api/v1"
STATUS_PATH = "/api/v1/integration/payment/redeem-code/status"
COMMIT_PATH = "/api/v1/integration/payment/redeem-code/commit"
COMPLETE_PATH = "/api/v1/integration/payment/redeem-code/complete"
METHOD = "POST"
TIMESTAMP_WINDOW_SECONDS = 300
MAX_BODY_BYTES = 4096
MAX_SCORE = 100

_CODE = re.compile(r"[A-Za-z0-9_\-]{1,64}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_HEX = re.compile(r"[0-9a-fA-F]{40}")


class Operation(StrEnum):
    STATUS = "status"
    COMMIT = "commit"
    COMPLETE = "complete"


PATHS = {
    Operation.STATUS: STATUS_PATH,
    Operation.COMMIT: COMMIT_PATH,
    Operation.COMPLETE: COMPLETE_PATH,
}


# --- voucher status ----------------------------------------------------------------


@dataclass(frozen=True)
class VoucherStatus:
    """A voucher as the provider sees it (no personal data of the participant)."""

    redeem_code: str
    course_code: str
    course_name: str
    dp_platform: str
    status: str
    redeemed_at: datetime | None
    completed_at: datetime | None
    certificate_number: str | None = None
    certificate_url: str | None = None
    # Outbox messages this call queued (the HTTP layer sends them after the commit).
    queued_message_ids: tuple[int, ...] = field(default=(), compare=False)


# --- signing -----------------------------------------------------------------------


@dataclass(frozen=True)
class Credentials:
    """The three signing headers of a request, checked for presence and freshness."""

    client_code: str
    timestamp: str
    signature: str


def canonical_body(redeem_code: str) -> str:
    """The body text signed for status and commit: ``{"redeem_code":"<code>"}``."""
    return '{"redeem_code":"' + redeem_code + '"}'


def signing_text(client_code: str, timestamp: str, path: str, body: bytes | str) -> bytes:
    """``client_code + timestamp + "POST" + path + body``, as the bytes that are signed."""
    if isinstance(body, str):
        body = body.encode()
    return f"{client_code}{timestamp}{METHOD}{path}".encode() + body


def sign(sign_key: str, text: bytes | str) -> str:
    """The hex HMAC-SHA1 of `text` under `sign_key` (both UTF-8)."""
    if isinstance(text, str):
        text = text.encode()
    return hmac.new(sign_key.encode(), text, hashlib.sha1).hexdigest()


def signed_headers(
    *, client_code: str, sign_key: str, path: str, body: bytes | str, timestamp: int
) -> dict[str, str]:
    """The headers a provider sends with `body` to `path` (what a client does)."""
    stamp = str(timestamp)
    return {
        "Content-Type": "application/json",
        "client_code": client_code,
        "timestamp": stamp,
        "signature": sign(sign_key, signing_text(client_code, stamp, path, body)),
    }


def read_credentials(
    *,
    client_code: str | None,
    timestamp: str | None,
    signature: str | None,
    real_now: datetime,
) -> Credentials:
    """Check that the three headers are there and the timestamp is fresh.

    Raises:
        DomainError: ``missing_headers``, ``timestamp_invalid`` or ``timestamp_expired``.
    """
    client_code, timestamp, signature = (
        (value or "").strip() for value in (client_code, timestamp, signature)
    )
    if not (client_code and timestamp and signature):
        raise DomainError(RedeemError.MISSING_HEADERS)
    if not _TIMESTAMP.fullmatch(timestamp):
        raise DomainError(RedeemError.TIMESTAMP_INVALID)
    if abs(int(timestamp) - real_now.timestamp()) > TIMESTAMP_WINDOW_SECONDS:
        raise DomainError(RedeemError.TIMESTAMP_EXPIRED)
    return Credentials(client_code, timestamp, signature)


def provider_for(db: Session, client_code: str) -> TrainingProvider:
    """The provider with this client code and a signing key.

    Raises:
        DomainError: ``unknown_client``.
    """
    provider = db.exec(
        select(TrainingProvider).where(TrainingProvider.client_code == client_code[:64])
    ).first()
    if provider is None or not provider.sign_key_sealed:
        raise DomainError(RedeemError.UNKNOWN_CLIENT)
    return provider


def verify_signature(
    provider: TrainingProvider,
    credentials: Credentials,
    path: str,
    body: bytes | str,
    now: datetime,
) -> None:
    """Compare the request's signature with ours under each key accepted at `now`, in
    constant time.

    Raises:
        DomainError: ``signature_invalid``.
    """
    text = signing_text(credentials.client_code, credentials.timestamp, path, body)
    given = credentials.signature.lower() if _HEX.fullmatch(credentials.signature) else ""
    matches = [
        hmac.compare_digest(sign(key, text).encode(), given.encode())
        for key in api_credentials.accepted_keys(provider, now)
    ]
    if not any(matches):
        raise DomainError(RedeemError.SIGNATURE_INVALID)


# --- bodies --------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionReport:
    """The body of a completion report."""

    redeem_code: str
    completed_at: datetime | None = None
    score: int | None = None


def _json_object(body: bytes) -> dict:
    if len(body) > MAX_BODY_BYTES:
        raise DomainError(RedeemError.BODY_TOO_LARGE)
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError(RedeemError.MALFORMED_BODY) from None
    if not isinstance(parsed, dict):
        raise DomainError(RedeemError.MALFORMED_BODY)
    return parsed


def _redeem_code(parsed: dict) -> str:
    code = parsed.get("redeem_code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise DomainError(RedeemError.MALFORMED_BODY)
    return code


def parse_redeem_code(body: bytes) -> str:
    """The redeem code of a status or commit body (other fields are ignored).

    Raises:
        DomainError: ``body_too_large`` or ``malformed_body``.
    """
    return _redeem_code(_json_object(body))


def _int_field(parsed: dict, name: str, low: int, high: int) -> int | None:
    value = parsed.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DomainError(RedeemError.MALFORMED_BODY)
    return value


def parse_completion(body: bytes) -> CompletionReport:
    """A completion report: ``redeem_code``, optional ``completed_at`` (Unix seconds) and
    optional ``score`` (integer 0-100).

    Raises:
        DomainError: ``body_too_large`` or ``malformed_body``.
    """
    parsed = _json_object(body)
    code = _redeem_code(parsed)
    seconds = _int_field(parsed, "completed_at", 0, 10**11)
    score = _int_field(parsed, "score", 0, MAX_SCORE)
    completed_at = None if seconds is None else datetime.fromtimestamp(seconds, UTC)
    return CompletionReport(code, completed_at, score)


# --- the voucher ---------------------------------------------------------------------


def _purchase(db: Session, provider_id: int, code: str, *, lock: bool) -> Purchase:
    # Voucher codes are issued in capitals; a provider may pass on what the participant typed.
    query = select(Purchase).where(col(Purchase.voucher_code).in_({code, code.upper()}))
    if lock:
        query = query.with_for_update()
    purchase = db.exec(query).first()
    if purchase is None:
        raise DomainError(RedeemError.CODE_NOT_FOUND)
    owner = db.exec(select(Training.provider_id).where(Training.id == purchase.training_id)).one()
    if owner != provider_id:
        raise DomainError(RedeemError.CODE_OTHER_PROVIDER)
    return purchase


def _status_of(db: Session, purchase: Purchase, queued: tuple[int, ...] = ()) -> VoucherStatus:
    course_code, title, platform = db.exec(
        select(Training.code, Training.title, Platform.name)
        .join(Platform, col(Platform.id) == Training.platform_id)
        .where(Training.id == purchase.training_id)
    ).one()
    certificate = certificates.certificate_of(db, id_of(purchase))
    return VoucherStatus(
        redeem_code=purchase.voucher_code,
        course_code=course_code,
        course_name=title,
        dp_platform=platform,
        status=purchase.status,
        redeemed_at=purchase.redeemed_at,
        completed_at=purchase.completed_at,
        certificate_number=certificate.number if certificate else None,
        certificate_url=(
            certificates.verification_url(certificate.verification_code) if certificate else None
        ),
        queued_message_ids=queued,
    )


def voucher_status(db: Session, *, provider_id: int, code: str) -> VoucherStatus:
    """The voucher's state, for the provider whose training it buys.

    Raises:
        DomainError: ``code_not_found`` or ``code_other_provider``.
    """
    return _status_of(db, _purchase(db, provider_id, code, lock=False))


def commit(db: Session, *, provider_id: int, code: str, now: datetime) -> VoucherStatus:
    """Claim the voucher: the participant starts the training; commit.

    Committing a voucher that is already redeemed (or completed) answers the same
    status again and changes nothing.

    Raises:
        DomainError: ``code_not_found``, ``code_other_provider`` or ``code_refunded``.
    """
    purchase = _purchase(db, provider_id, code, lock=True)
    if purchase.status == PurchaseStatus.REFUNDED:
        raise DomainError(RedeemError.CODE_REFUNDED)
    if purchase.status == PurchaseStatus.BOUGHT:
        purchase.status = PurchaseStatus.REDEEMED
        purchase.redeemed_at = now
        db.add(purchase)
        audit.record(
            db,
            actor_id=None,
            action="voucher.redeem",
            entity="purchase",
            entity_id=purchase.id,
            before={"status": PurchaseStatus.BOUGHT},
            after={"status": PurchaseStatus.REDEEMED, "provider_id": provider_id},
        )
    result = _status_of(db, purchase)
    db.commit()
    return result


def complete(
    db: Session,
    *,
    provider_id: int,
    report: CompletionReport,
    now: datetime,
) -> VoucherStatus:
    """Record that the participant finished the training and issue the certificate; commit.

    The certificate is emailed to the participant. Reporting a completed voucher again
    answers the same certificate and changes nothing. The score, if given, is kept in
    the audit trail.

    Raises:
        DomainError: ``code_not_found``, ``code_other_provider``, ``code_refunded``,
            ``code_not_redeemed`` or ``completed_at_invalid``.
    """
    purchase = _purchase(db, provider_id, report.redeem_code, lock=True)
    if purchase.status == PurchaseStatus.REFUNDED:
        raise DomainError(RedeemError.CODE_REFUNDED)
    if purchase.status == PurchaseStatus.BOUGHT:
        raise DomainError(RedeemError.CODE_NOT_REDEEMED)
    queued: tuple[int, ...] = ()
    if purchase.status == PurchaseStatus.REDEEMED:
        completed_at = report.completed_at or now
        started = purchase.redeemed_at or purchase.bought_at
        if completed_at > now or completed_at < started:
            raise DomainError(RedeemError.COMPLETED_AT_INVALID)
        purchase.status = PurchaseStatus.COMPLETED
        purchase.completed_at = completed_at
        db.add(purchase)
        certificate, email = certificates.issue(db, purchase, now=now)
        if email is not None and email.id is not None:
            queued = (email.id,)
        audit.record(
            db,
            actor_id=None,
            action="voucher.complete",
            entity="purchase",
            entity_id=purchase.id,
            before={"status": PurchaseStatus.REDEEMED},
            after={
                "status": PurchaseStatus.COMPLETED,
                "provider_id": provider_id,
                "score": report.score,
                "certificate": certificate.number,
            },
        )
    result = _status_of(db, purchase, queued)
    db.commit()
    return result


# --- the whole request ---------------------------------------------------------------


def handle(
    db: Session,
    operation: Operation,
    *,
    client_code: str | None,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    real_now: datetime,
    now: datetime,
) -> VoucherStatus:
    """Check one signed request and carry it out: the whole protocol, without HTTP.

    Args:
        operation: which endpoint was called.
        client_code, timestamp, signature: the request's headers (None when absent).
        body: the raw request body.
        real_now: the real time, for the timestamp window.
        now: the program's time, for what is recorded.

    Raises:
        DomainError: a `RedeemError`; nothing was changed.
    """
    credentials = read_credentials(
        client_code=client_code, timestamp=timestamp, signature=signature, real_now=real_now
    )
    provider = provider_for(db, credentials.client_code)
    path = PATHS[operation]
    if operation == Operation.COMPLETE:
        report = parse_completion(body)
        verify_signature(provider, credentials, path, body, now)
        return complete(db, provider_id=id_of(provider), report=report, now=now)
    code = parse_redeem_code(body)
    verify_signature(provider, credentials, path, canonical_body(code), now)
    if operation == Operation.COMMIT:
        return commit(db, provider_id=id_of(provider), code=code, now=now)
    return voucher_status(db, provider_id=id_of(provider), code=code)
