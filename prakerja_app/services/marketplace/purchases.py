"""Buying a training with the training balance: an SMS code, then one atomic purchase.

The participant asks for a code (`request_code`), then confirms with it (`buy`). The code
is bound to the training and its price: its OTP target is
``"<phone>/<training code>/<price>"``, so the HMAC stored by `otp` covers both, and a code
sent for a Rp 24.000 course cannot buy a Rp 1.000.000 one, nor the same course after its
price changed. The SMS goes to the phone alone.

`buy` runs in one transaction that starts by locking the buyer (``SELECT … FOR UPDATE``
on PostgreSQL; on SQLite a no-op write takes the database's write lock before anything is
read). Two purchases of one participant therefore run one after the other: the second
sees the first one's debit, and a repeated request (same idempotency key) sees the
purchase made by the first and gets the same receipt. The debit goes through
`ledger.post`, which refuses to take the balance below zero. A training's first sale
fixes its price (`training_listing.lock_price`); if the operator changed it since the
participant read it, nothing is bought and they are told the new price.
"""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from prakerja_app.models import (
    ApplicantProfile,
    LedgerEntry,
    Participant,
    Platform,
    Purchase,
    Training,
    TrainingProvider,
    id_of,
)
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import rupiah
from prakerja_app.services.core.phone_numbers import mask_phone
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import LedgerKind, PurchaseStatus
from prakerja_app.services.marketplace import catalogue, training_listing
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.money import ledger
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.selection.participants import (
    lock_participant,
    participant_of,
    require_participant,
)

PURPOSE = "purchase"
VOUCHER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1
VOUCHER_LENGTH = 12
VOUCHER_TRIES = 5

_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class PurchaseReceipt:
    """What the buyer sees after paying; the same for a repeated request."""

    purchase_id: int
    voucher_code: str
    training_title: str
    price: int
    balance_after: int  # the balance right after this purchase
    platform: str
    provider: str


# --- checks ------------------------------------------------------------------------------


def _check_key(idempotency_key: object) -> str:
    if not isinstance(idempotency_key, str) or not _KEY.fullmatch(idempotency_key):
        raise DomainError(MarketplaceError.IDEMPOTENCY_KEY)
    return idempotency_key


def _for_sale(db: Session, training_code: object, now: datetime) -> tuple[Training, Platform]:
    """The training and its platform, if it can be bought at `now`."""
    code = training_code.strip() if isinstance(training_code, str) else ""
    found = None
    if code and len(code) <= 16:
        found = db.exec(
            select(Training, Platform)
            .join(Platform, col(Platform.id) == col(Training.platform_id))
            .where(col(Training.code) == code)
        ).first()
    if found is None:
        raise DomainError(MarketplaceError.TRAINING_UNKNOWN)
    training, platform = found
    if (refusal := catalogue.why_not_buyable(training, platform, now)) is not None:
        raise refusal
    return training, platform


def _bought(db: Session, participant_id: int, training_id: int) -> Purchase | None:
    """The participant's purchase of this training that was not refunded, if any."""
    return db.exec(
        select(Purchase)
        .where(Purchase.participant_id == participant_id, Purchase.training_id == training_id)
        .where(Purchase.status != PurchaseStatus.REFUNDED)
    ).first()


def _check_not_bought(db: Session, participant_id: int, training: Training) -> None:
    if _bought(db, participant_id, id_of(training)) is not None:
        raise DomainError(MarketplaceError.ALREADY_BOUGHT)


def voucher_of(db: Session, user_id: int, training_code: str) -> str | None:
    """The voucher of the participant's purchase of this training (not refunded), if
    they bought it: the training's page says so instead of offering it again."""
    participant = participant_of(db, user_id)
    training = db.exec(select(Training).where(Training.code == training_code)).first()
    if participant is None or training is None:
        return None
    bought = _bought(db, id_of(participant), id_of(training))
    return bought.voucher_code if bought is not None else None


def _check_deadline(db: Session, participant: Participant, now: datetime) -> None:
    """The first training must be bought by the deadline (30 days after selection)."""
    if now <= participant.first_purchase_deadline:
        return
    bought_before = db.exec(
        select(Purchase.id).where(Purchase.participant_id == participant.id)
    ).first()
    if bought_before is None:
        raise DomainError(
            MarketplaceError.FIRST_PURCHASE_DEADLINE, deadline=participant.first_purchase_deadline
        )


def _check_balance(db: Session, participant_id: int, price: int) -> None:
    left = ledger.balance(db, participant_id)
    if left < price:
        raise DomainError(MoneyError.INSUFFICIENT_BALANCE, left=left, price=price)


def _verified_phone(db: Session, user_id: int) -> str:
    phone = db.exec(
        select(ApplicantProfile.phone).where(
            ApplicantProfile.user_id == user_id, col(ApplicantProfile.phone_verified_at).isnot(None)
        )
    ).first()
    if not phone:
        raise DomainError(MarketplaceError.PHONE_MISSING)
    return phone


def _otp_target(phone: str, training: Training) -> str:
    return f"{phone}/{training.code}/{training.price}"


# --- asking for the code -----------------------------------------------------------------


def request_code(db: Session, *, user_id: int, training_code: str, now: datetime) -> str:
    """Send the participant an SMS code to confirm buying a training; commit.

    Returns:
        The masked phone number the code went to ("+62 812****7890").

    Raises:
        DomainError: not a participant, revoked, first-purchase deadline passed, training
            unknown or not on sale, platform withdrawn, already bought (and not
            refunded), balance too low, no verified phone, or a code was sent less than a
            minute ago (``otp_cooldown``).
    """
    with committing(db):
        participant = require_participant(db, user_id)
        _check_deadline(db, participant, now)
        training, _platform = _for_sale(db, training_code, now)
        _check_not_bought(db, id_of(participant), training)
        _check_balance(db, id_of(participant), training.price)
        phone = _verified_phone(db, user_id)
        code = one_time_codes.issue_code(
            db,
            user_id=user_id,
            purpose=PURPOSE,
            target=_otp_target(phone, training),
            phone=phone,
            now=now,
        )
        body = templates.PURCHASE_CODE_SMS.format(
            title=templates.short_title(training.title),
            price=rupiah(training.price),
            code=outbox.SECRET_MARK,
        )
        secret = outbox.Secret(code, one_time_codes.CODE_TTL)
        outbox.queue_sms(db, to=phone, body=body, now=now, secret=secret)
    return mask_phone(phone)


# --- buying ------------------------------------------------------------------------------


def _purchase_by_key(db: Session, key: str) -> Purchase | None:
    return db.exec(select(Purchase).where(Purchase.idempotency_key == key)).first()


def _new_voucher() -> str:
    return "".join(secrets.choice(VOUCHER_ALPHABET) for _ in range(VOUCHER_LENGTH))


def _insert_purchase(
    db: Session, participant_id: int, training: Training, key: str, now: datetime
) -> Purchase:
    """Add the purchase with a fresh voucher code, drawing again on a (rare) collision."""
    for _ in range(VOUCHER_TRIES):
        purchase = Purchase(
            participant_id=participant_id,
            training_id=id_of(training),
            price=training.price,
            voucher_code=_new_voucher(),
            idempotency_key=key,
            status=PurchaseStatus.BOUGHT,
            bought_at=now,
        )
        try:
            with db.begin_nested():
                db.add(purchase)
        except IntegrityError:
            if _purchase_by_key(db, key) is not None:
                raise  # the key, not the voucher: `buy` answers with that purchase
            continue
        return purchase
    raise RuntimeError("no free voucher code after several draws")


def _receipt(db: Session, purchase: Purchase) -> PurchaseReceipt:
    title, platform, provider = db.exec(
        select(Training.title, Platform.name, TrainingProvider.name)
        .join(Platform, col(Platform.id) == col(Training.platform_id))
        .join(TrainingProvider, col(TrainingProvider.id) == col(Training.provider_id))
        .where(Training.id == purchase.training_id)
    ).one()
    debit_id = db.exec(
        select(func.min(LedgerEntry.id)).where(
            LedgerEntry.purchase_id == purchase.id, LedgerEntry.kind == LedgerKind.PURCHASE
        )
    ).one()
    after = db.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
            LedgerEntry.participant_id == purchase.participant_id,
            col(LedgerEntry.id) <= debit_id,
        )
    ).one()
    return PurchaseReceipt(
        purchase_id=id_of(purchase),
        voucher_code=purchase.voucher_code,
        training_title=title,
        price=purchase.price,
        balance_after=int(after),
        platform=platform,
        provider=provider,
    )


def _replay(
    db: Session, purchase: Purchase, participant_id: int, training_code: object
) -> PurchaseReceipt:
    """The receipt of a purchase made earlier with the same key, by the same buyer."""
    code = db.exec(select(Training.code).where(Training.id == purchase.training_id)).one()
    same_code = isinstance(training_code, str) and training_code.strip() == code
    if purchase.participant_id != participant_id or not same_code:
        raise DomainError(MarketplaceError.IDEMPOTENCY_KEY_USED)
    return _receipt(db, purchase)


def _settle_race(
    db: Session, key: str, participant_id: int | None, training_code: object
) -> PurchaseReceipt | None:
    """After a unique-key clash: the receipt of the purchase that won, if it is ours."""
    db.rollback()
    done = _purchase_by_key(db, key)
    if done is None or participant_id is None:
        return None
    try:
        return _replay(db, done, participant_id, training_code)
    finally:
        db.rollback()


def buy(
    db: Session,
    *,
    user_id: int,
    training_code: str,
    code: str,
    idempotency_key: str,
    now: datetime,
) -> PurchaseReceipt:
    """Buy a training with the balance, confirmed by the SMS code; one transaction; commit.

    A repeated request with the same idempotency key (a double click, a retry, two tabs)
    buys once and answers with the first purchase's receipt.

    Args:
        db: the session; its transaction is ended (committed or rolled back).
        user_id: the logged-in account.
        training_code: the training's code.
        code: the 6-digit code as typed.
        idempotency_key: 16-64 characters ``[A-Za-z0-9_-]`` chosen by the page, once per
            purchase form.
        now: the current time (aware).

    Raises:
        DomainError: malformed or reused key, not a participant, revoked, first-purchase
            deadline passed, training unknown or not on sale, platform withdrawn, already
            bought, balance too low, a wrong, expired, locked or missing code (field ``"otp"``; a
            wrong code is counted even though nothing is bought), or ``price_changed``.
    """
    key = _check_key(idempotency_key)
    participant_id = None
    try:
        with committing(db):
            lock_participant(db, user_id)
            known = participant_of(db, user_id)
            if known is not None and (done := _purchase_by_key(db, key)) is not None:
                return _replay(db, done, id_of(known), training_code)
            participant = require_participant(db, user_id)
            participant_id = id_of(participant)
            _check_deadline(db, participant, now)
            training, platform = _for_sale(db, training_code, now)
            _check_not_bought(db, participant_id, training)
            _check_balance(db, participant_id, training.price)
            phone = _verified_phone(db, user_id)
            one_time_codes.verify_code(
                db,
                user_id=user_id,
                purpose=PURPOSE,
                target=_otp_target(phone, training),
                code=code,
                now=now,
            )
            offered = training.price
            if training_listing.lock_price(db, training, now) != offered:
                raise DomainError(MarketplaceError.PRICE_CHANGED, price=training.price)
            purchase = _insert_purchase(db, participant_id, training, key, now)
            debit = ledger.post(
                db,
                participant_id=participant_id,
                amount=-training.price,
                kind=LedgerKind.PURCHASE,
                idempotency_key=f"purchase:{purchase.id}",
                now=now,
                purchase_id=purchase.id,
            )
            if debit.purchase_id != purchase.id or debit.amount != -training.price:
                raise RuntimeError(f"ledger key of purchase {purchase.id} already used")
            audit.record(
                db,
                actor_id=user_id,
                action="purchase.buy",
                entity="purchase",
                entity_id=purchase.id,
                after={
                    "participant_id": participant.id,
                    "training": training.code,
                    "platform": platform.slug,
                    "price": training.price,
                },
            )
            db.flush()
            return _receipt(db, purchase)
    except IntegrityError:
        receipt = _settle_race(db, key, participant_id, training_code)
        if receipt is None:
            raise
        return receipt
