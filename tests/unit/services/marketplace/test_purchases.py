import secrets
import threading
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, col, func, select

from prakerja_app.models import AuditLog, LedgerEntry, OtpCode, Purchase
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import LedgerKind, PlatformStatus, PurchaseStatus
from prakerja_app.services.marketplace import purchases
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.money import ledger
from prakerja_app.services.views.messages import MESSAGES, text
from tests import factories


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Private files (the one-time-code key) in the test's own folder."""


@pytest.fixture
def shop(db):
    """An active platform and a provider."""
    return factories.platform(db, name="Tokoku"), factories.provider(db, name="Dapur Nusantara")


def _training(db, shop, price=250_000, **changes):
    on, by = shop
    return factories.listed_training(db, on, by, price=price, **changes)


def _key() -> str:
    return secrets.token_urlsafe(24)


def _code(db, buyer, training, now) -> str:
    """Ask for the purchase code and read it from the SMS."""
    purchases.request_code(db, user_id=buyer.user_id, training_code=training.code, now=now)
    return factories.sms_code(db, factories.phone_of(db, buyer))


def _buy(db, buyer, training, now, code=None, key=None):
    code = _code(db, buyer, training, now) if code is None else code
    return purchases.buy(
        db,
        user_id=buyer.user_id,
        training_code=training.code,
        code=code,
        idempotency_key=key or _key(),
        now=now,
    )


_FRESH = object()  # a new valid idempotency key


def _buy_refused(db, buyer, training, now, code, key=_FRESH):
    """Expect the purchase to be refused with nothing changed; return the refusal."""
    return factories.refused(
        db,
        purchases.buy,
        user_id=buyer.user_id,
        training_code=training.code,
        code=code,
        idempotency_key=_key() if key is _FRESH else key,
        now=now,
    )


def _purchases(db, buyer=None) -> list[Purchase]:
    """The committed purchases (the session's own transaction is ended first)."""
    db.rollback()
    query = select(Purchase).order_by(col(Purchase.id))
    if buyer is not None:
        query = query.where(Purchase.participant_id == buyer.id)
    return list(db.exec(query.execution_options(populate_existing=True)))


def _assert_ledger_adds_up(db, buyer, expected: int) -> None:
    db.rollback()  # read what is committed
    assert ledger.balance(db, buyer.id) == expected
    assert sum(e.amount for e in ledger.history(db, buyer.id)) == expected


# --- asking for the code -----------------------------------------------------------------


def test_the_code_goes_by_sms_to_the_verified_phone(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop, title="Rendang untuk Usaha Katering")
    sent_to = purchases.request_code(
        db, user_id=buyer.user_id, training_code=training.code, now=now
    )
    phone = factories.phone_of(db, buyer)
    assert sent_to == f"+62 {phone[3:6]}****{phone[-4:]}"
    [sms] = factories.outbox(db, phone, "sms")
    assert body_of(sms).startswith(
        'Kode OTP pembelian pelatihan "Rendang untuk Usaha Katering" (Rp 250.000): '
    )
    assert "JANGAN berikan kode ini" in body_of(sms)


def test_a_long_title_is_shortened_in_the_sms(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop, title="Kelas " + "sangat " * 20 + "panjang")
    _code(db, buyer, training, now)
    body = body_of(factories.outbox(db, factories.phone_of(db, buyer), "sms")[-1])
    assert "…" in body
    assert len(body) < 200


def test_a_new_code_waits_a_minute(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    _code(db, buyer, training, now)
    refused = factories.refused(
        db,
        purchases.request_code,
        user_id=buyer.user_id,
        training_code=training.code,
        now=now + timedelta(seconds=30),
    )
    assert refused.code == "otp_cooldown"


# --- buying ------------------------------------------------------------------------------


def test_buying_debits_the_price_and_gives_a_voucher(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop, price=250_000, title="Rendang untuk Usaha Katering")
    receipt = _buy(db, buyer, training, now)

    [bought] = _purchases(db)
    assert receipt == purchases.PurchaseReceipt(
        purchase_id=bought.id,
        voucher_code=bought.voucher_code,
        training_title="Rendang untuk Usaha Katering",
        price=250_000,
        balance_after=750_000,
        platform="Tokoku",
        provider="Dapur Nusantara",
    )
    assert len(bought.voucher_code) == purchases.VOUCHER_LENGTH
    assert set(bought.voucher_code) <= set(purchases.VOUCHER_ALPHABET)
    assert (bought.participant_id, bought.training_id) == (buyer.id, training.id)
    assert (bought.price, bought.status, bought.bought_at) == (250_000, "bought", now)
    _assert_ledger_adds_up(db, buyer, 750_000)
    debit = ledger.history(db, buyer.id)[-1]
    assert (debit.amount, debit.kind, debit.purchase_id) == (
        -250_000,
        LedgerKind.PURCHASE,
        bought.id,
    )
    audit = db.exec(select(AuditLog).where(AuditLog.action == "purchase.buy")).one()
    assert (audit.actor_user_id, audit.entity_id) == (buyer.user_id, str(bought.id))
    assert bought.voucher_code not in (audit.after_json or "")


def test_several_trainings_each_get_their_own_voucher(db, now, shop):
    buyer = factories.buyer(db, now)
    receipts = [
        _buy(db, buyer, _training(db, shop, price=100_000), now + timedelta(minutes=2 * n))
        for n in range(4)
    ]
    assert len({r.voucher_code for r in receipts}) == 4
    assert [r.balance_after for r in receipts] == [
        900_000,
        800_000,
        700_000,
        600_000,
    ]
    _assert_ledger_adds_up(db, buyer, 600_000)


def test_a_training_is_bought_once_unless_refunded(db, now, shop):
    buyer = factories.buyer(db, now)
    course = _training(db, shop, price=100_000)
    voucher = _buy(db, buyer, course, now).voucher_code
    assert purchases.voucher_of(db, buyer.user_id, course.code) == voucher
    later = now + timedelta(minutes=2)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=course.code, now=later
    )
    assert (refused.code, text(refused)) == (
        MarketplaceError.ALREADY_BOUGHT,
        "Anda sudah membeli pelatihan ini. Kode vouchernya ada di dasbor Anda.",
    )
    code = factories.sms_code(db, factories.phone_of(db, buyer))  # the first one's, used
    assert _buy_refused(db, buyer, course, later, code).code == MarketplaceError.ALREADY_BOUGHT
    (bought,) = _purchases(db, buyer)
    bought.status = PurchaseStatus.REFUNDED
    db.commit()
    assert purchases.voucher_of(db, buyer.user_id, course.code) is None
    assert _buy(db, buyer, course, later).voucher_code != voucher


def test_a_voucher_collision_draws_again(db, now, shop, monkeypatch):
    first = factories.buyer(db, now)
    taken = _buy(db, first, _training(db, shop), now).voucher_code
    draws = iter([taken, "ABCDEFGHJKLM"])
    monkeypatch.setattr(purchases, "_new_voucher", lambda: next(draws))
    second = factories.buyer(db, now)
    receipt = _buy(db, second, _training(db, shop), now)
    assert receipt.voucher_code == "ABCDEFGHJKLM"
    assert len(_purchases(db)) == 2
    _assert_ledger_adds_up(db, second, 750_000)


def test_the_whole_balance_can_be_spent(db, now, shop):
    buyer = factories.buyer(db, now)
    receipt = _buy(db, buyer, _training(db, shop, price=1_000_000), now)
    assert receipt.balance_after == 0
    _assert_ledger_adds_up(db, buyer, 0)


def test_the_code_is_single_use(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    _buy(db, buyer, training, now, code=code)
    (bought,) = _purchases(db, buyer)
    bought.status = PurchaseStatus.REFUNDED  # so that it may be bought again, with a code
    db.commit()
    refused = _buy_refused(db, buyer, training, now, code=code)
    assert refused.code == "otp_missing"
    assert len(_purchases(db)) == 1


# --- never more than the balance -----------------------------------------------------------


def test_a_training_dearer_than_the_balance_is_refused(db, now, shop):
    buyer = factories.buyer(db, now)
    first = _training(db, shop, price=600_000)
    second = _training(db, shop, price=600_000)
    _buy(db, buyer, first, now)
    refused = factories.refused(
        db,
        purchases.request_code,
        user_id=buyer.user_id,
        training_code=second.code,
        now=now + timedelta(minutes=2),
    )
    assert refused.code == "insufficient_balance"
    assert text(refused) == (
        "Saldo pelatihan Anda tidak cukup: sisa Rp 400.000, harga pelatihan Rp 600.000."
    )
    _assert_ledger_adds_up(db, buyer, 400_000)


def test_the_balance_is_checked_again_when_paying(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop, price=600_000)
    code = _code(db, buyer, training, now)
    ledger.post(  # spent elsewhere between the code and the payment
        db,
        participant_id=buyer.id,
        amount=-500_000,
        kind=LedgerKind.PURCHASE,
        idempotency_key="elsewhere",
        now=now,
    )
    db.commit()
    refused = _buy_refused(db, buyer, training, now, code=code)
    assert refused.code == "insufficient_balance"
    assert text(refused).startswith("Saldo pelatihan Anda tidak cukup")
    assert _purchases(db) == []
    _assert_ledger_adds_up(db, buyer, 500_000)


# --- who may buy, and what -----------------------------------------------------------------


def test_a_revoked_participant_cannot_buy(db, now, shop):
    buyer = factories.buyer(db, now, revoked_at=now, revoke_reason="no_purchase")
    training = _training(db, shop)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=training.code, now=now
    )
    assert (refused.code, text(refused)) == (
        "revoked",
        "Kepesertaan Anda sudah dicabut, sehingga saldo pelatihan tidak dapat dipakai.",
    )


def test_revoked_after_the_code_was_sent(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    buyer.revoked_at = now
    db.add(buyer)
    db.commit()
    refused = _buy_refused(db, buyer, training, now, code=code)
    assert refused.code == "revoked"
    _assert_ledger_adds_up(db, buyer, 1_000_000)


def test_only_participants_can_buy(db, now, shop):
    applicant = factories.user(db, now)
    training = _training(db, shop)
    for call, extra in (
        (purchases.request_code, {}),
        (purchases.buy, {"code": "123456", "idempotency_key": _key()}),
    ):
        refused = factories.refused(
            db, call, user_id=applicant.id, training_code=training.code, now=now, **extra
        )
        assert refused.code == "not_participant"


@pytest.mark.parametrize("code", ["TIDAK-ADA", "", "  ", "X" * 40, None, 12])
def test_unknown_trainings_are_refused(db, now, code):
    buyer = factories.buyer(db, now)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=code, now=now
    )
    assert (refused.code, text(refused)) == ("training_unknown", "Pelatihan tidak ditemukan.")


def test_an_inactive_training_is_not_sold(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop, active=False)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=training.code, now=now
    )
    assert refused.code == "training_inactive"


def _ruangguru(db):
    return factories.platform(
        db,
        slug="ruangguru",
        name="Ruangguru",
        status=PlatformStatus.WITHDRAWN,
        withdrawn_at=wib_to_utc(2020, 9, 4),
    )


def test_a_withdrawn_platform_sells_nothing(db, now):
    buyer = factories.buyer(db, now)
    training = factories.listed_training(db, _ruangguru(db), factories.provider(db))
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=training.code, now=now
    )
    assert refused.code == "platform_withdrawn"
    assert text(refused).startswith(
        "Ruangguru tidak lagi menjadi platform digital Kartu Prakerja sejak 4 September 2020."
    )


def test_a_platform_withdrawn_after_the_code_was_sent(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    platform = shop[0]
    platform.status, platform.withdrawn_at = PlatformStatus.WITHDRAWN, now
    db.add(platform)
    db.commit()
    refused = _buy_refused(db, buyer, training, now, code=code)
    assert refused.code == "platform_withdrawn"
    assert text(refused).startswith("Tokoku tidak lagi menjadi platform")


def test_the_first_training_must_be_bought_within_30_days(db, now, shop):
    buyer = factories.buyer(db, now, first_purchase_deadline=now - timedelta(seconds=1))
    training = _training(db, shop)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=training.code, now=now
    )
    assert refused.code == "first_purchase_deadline"
    assert "sudah lewat" in text(refused)


def test_after_the_first_purchase_the_deadline_no_longer_applies(db, now, shop):
    buyer = factories.buyer(db, now)
    _buy(db, buyer, _training(db, shop), now)
    later = buyer.first_purchase_deadline + timedelta(days=10)
    receipt = _buy(db, buyer, _training(db, shop), later)
    assert receipt.balance_after == 500_000


# --- the code ----------------------------------------------------------------------------


def test_a_wrong_code_buys_nothing_and_is_counted(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = factories.raised(
        purchases.buy,
        db,
        user_id=buyer.user_id,
        training_code=training.code,
        code=wrong,
        idempotency_key=_key(),
        now=now,
    )
    assert (refused.code, refused.field) == ("otp_wrong", "otp")
    assert text(refused) == "Kode OTP salah. Sisa percobaan: 4."
    assert _purchases(db) == []
    _assert_ledger_adds_up(db, buyer, 1_000_000)
    assert db.exec(select(OtpCode.attempts).where(OtpCode.user_id == buyer.user_id)).one() == 1
    _buy(db, buyer, training, now, code=code)  # the right code still works
    assert len(_purchases(db)) == 1


def test_five_wrong_codes_lock_the_code(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(one_time_codes.MAX_ATTEMPTS):
        factories.raised(_buy, db, buyer, training, now, code=wrong)
    refused = factories.raised(_buy, db, buyer, training, now, code=code)
    assert refused.code == "otp_locked"
    assert _purchases(db) == []


def test_an_expired_code_is_refused(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    refused = factories.refused(
        db,
        purchases.buy,
        user_id=buyer.user_id,
        training_code=training.code,
        code=code,
        idempotency_key=_key(),
        now=now + one_time_codes.CODE_TTL,
    )
    assert refused.code == "otp_expired"


def test_a_code_sent_for_one_training_cannot_buy_another(db, now, shop):
    buyer = factories.buyer(db, now)
    cheap = _training(db, shop, price=24_000)
    dear = _training(db, shop, price=1_000_000)
    code = _code(db, buyer, cheap, now)
    refused = _buy_refused(db, buyer, dear, now, code=code)
    assert refused.code == "otp_missing"
    _assert_ledger_adds_up(db, buyer, 1_000_000)


def test_someone_elses_code_does_not_work(db, now, shop):
    buyer, other = factories.buyer(db, now), factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, other, training, now)
    refused = _buy_refused(db, buyer, training, now, code=code)
    assert refused.code == "otp_missing"


# --- the same request twice ----------------------------------------------------------------


def test_the_same_request_twice_buys_once(db, now, shop):
    buyer = factories.buyer(db, now)
    training = _training(db, shop, price=300_000)
    code, key = _code(db, buyer, training, now), _key()
    first = _buy(db, buyer, training, now, code=code, key=key)
    again = _buy(db, buyer, training, now + timedelta(seconds=5), code=code, key=key)
    assert again == first
    assert len(_purchases(db)) == 1
    _assert_ledger_adds_up(db, buyer, 700_000)


def test_the_replayed_receipt_keeps_the_balance_right_after_that_purchase(db, now, shop):
    buyer = factories.buyer(db, now)
    first_training = _training(db, shop, price=100_000)
    key = _key()
    first = _buy(db, buyer, first_training, now, key=key)
    _buy(db, buyer, _training(db, shop, price=200_000), now + timedelta(minutes=2))
    again = purchases.buy(
        db,
        user_id=buyer.user_id,
        training_code=first_training.code,
        code="000000",  # not checked again: nothing new is bought
        idempotency_key=key,
        now=now + timedelta(minutes=3),
    )
    assert again == first
    assert again.balance_after == 900_000  # not today's Rp 700.000
    _assert_ledger_adds_up(db, buyer, 700_000)


def test_a_key_used_for_another_training_is_refused(db, now, shop):
    buyer = factories.buyer(db, now)
    key = _key()
    _buy(db, buyer, _training(db, shop), now, key=key)
    other = _training(db, shop)
    refused = _buy_refused(db, buyer, other, now, code="123456", key=key)
    assert refused.code == "idempotency_key_used"


def test_someone_elses_key_reveals_nothing(db, now, shop):
    owner, stranger = factories.buyer(db, now), factories.buyer(db, now)
    training = _training(db, shop)
    key = _key()
    receipt = _buy(db, owner, training, now, key=key)
    refused = _buy_refused(db, stranger, training, now, code="123456", key=key)
    assert refused.code == "idempotency_key_used"
    assert receipt.voucher_code not in text(refused)


@pytest.mark.parametrize(
    "key",
    ["", "short-key", "k" * 15, "k" * 65, "spasi tidak boleh ada di kunci", "k" * 15 + "/", None],
)
def test_malformed_keys_are_refused(db, now, shop, key):
    buyer = factories.buyer(db, now)
    training = _training(db, shop)
    code = _code(db, buyer, training, now)
    refused = _buy_refused(db, buyer, training, now, code=code, key=key)
    assert refused.code == "idempotency_key"
    assert text(refused) == MESSAGES[MarketplaceError.IDEMPOTENCY_KEY]


@pytest.mark.parametrize("length", [16, 64])
def test_keys_of_16_to_64_characters_are_accepted(db, now, shop, length):
    buyer = factories.buyer(db, now)
    _buy(db, buyer, _training(db, shop), now, key=("A-b_9" * 13)[:length])
    assert len(_purchases(db)) == 1


# --- at the same moment ------------------------------------------------------------------


def _race(engine, calls) -> list:
    """Run each call with its own session and connection, all at once; their outcomes."""
    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(n, call):
        with Session(engine, expire_on_commit=False) as own:
            start.wait()
            try:
                outcomes[n] = call(own)
            except DomainError as refused:
                outcomes[n] = refused.code
            except Exception as error:  # any other failure shows in the assertion
                outcomes[n] = repr(error)

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def _slow_confirmed_code(monkeypatch):
    """Both buyers' codes are right, and checking them takes a moment (a wide window)."""

    def verify_code(db, **_):
        time.sleep(0.2)

    monkeypatch.setattr(one_time_codes, "verify_code", verify_code)


def test_concurrent_purchases_never_overspend(engine, db, now, shop, monkeypatch):
    """Two trainings of Rp 600.000 each, bought at once from two connections."""
    buyer = factories.buyer(db, now)
    first, second = _training(db, shop, price=600_000), _training(db, shop, price=600_000)
    _slow_confirmed_code(monkeypatch)

    def buying(training):
        return lambda own: purchases.buy(
            own,
            user_id=buyer.user_id,
            training_code=training.code,
            code="123456",
            idempotency_key=_key(),
            now=now,
        )

    outcomes = _race(engine, [buying(first), buying(second)])
    receipts = [o for o in outcomes if isinstance(o, purchases.PurchaseReceipt)]
    assert len(receipts) == 1, outcomes
    assert outcomes.count("insufficient_balance") == 1, outcomes
    assert receipts[0].balance_after == 400_000
    assert len(_purchases(db)) == 1
    _assert_ledger_adds_up(db, buyer, 400_000)


def test_many_concurrent_purchases_spend_at_most_the_balance(engine, db, now, shop, monkeypatch):
    buyer = factories.buyer(db, now)
    trainings = [_training(db, shop, price=300_000) for _ in range(5)]
    _slow_confirmed_code(monkeypatch)
    outcomes = _race(
        engine,
        [
            lambda own, t=t: purchases.buy(
                own,
                user_id=buyer.user_id,
                training_code=t.code,
                code="123456",
                idempotency_key=_key(),
                now=now,
            )
            for t in trainings
        ],
    )
    receipts = [o for o in outcomes if isinstance(o, purchases.PurchaseReceipt)]
    assert len(receipts) == 3, outcomes
    assert outcomes.count("insufficient_balance") == 2, outcomes
    assert sorted(r.balance_after for r in receipts) == [100_000, 400_000, 700_000]
    _assert_ledger_adds_up(db, buyer, 100_000)


def test_a_double_click_at_the_same_moment_buys_once(engine, db, now, shop):
    """The same confirmation sent twice at once, with the real code: one purchase."""
    buyer = factories.buyer(db, now)
    training = _training(db, shop, price=250_000)
    code, key = _code(db, buyer, training, now), _key()

    def confirm(own):
        return purchases.buy(
            own,
            user_id=buyer.user_id,
            training_code=training.code,
            code=code,
            idempotency_key=key,
            now=now,
        )

    outcomes = _race(engine, [confirm, confirm])
    assert all(isinstance(o, purchases.PurchaseReceipt) for o in outcomes), outcomes
    assert outcomes[0] == outcomes[1]
    assert len(_purchases(db)) == 1
    _assert_ledger_adds_up(db, buyer, 750_000)
    entries = db.exec(select(func.count()).select_from(LedgerEntry)).one()
    assert entries == 2  # the grant and one debit


# --- the dashboard -------------------------------------------------------------------------
