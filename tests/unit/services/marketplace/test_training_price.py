"""A training's price: changed by the operator until its first sale, then fixed, in the
service and in the database; a purchase racing a price change never pays a price the
participant was not shown."""

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from prakerja_app.models import AuditLog, Training
from prakerja_app.services.marketplace import purchases, training_listing
from prakerja_app.services.views.messages import text
from tests import factories
from tests.unit.services.marketplace.test_purchases import _buy, _race, _slow_confirmed_code


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Private files (the one-time-code key) in the test's own folder."""


def _set(db, now, training, price, actor=None):
    actor = actor or factories.admin(db, now)
    return training_listing.set_price(
        db, now=now, actor_id=actor.id, training_id=training.id, price=price
    )


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("150000", 150_000),
        ("150.000", 150_000),
        ("Rp 150.000", 150_000),
        (" rp.99 ", 99),
        ("1.000.000", 1_000_000),
    ],
)
def test_prices_are_read_as_typed(typed, price):
    assert training_listing.parse_price(typed) == price


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "price_not_number"),
        ("seratus", "price_not_number"),
        ("150,5", "price_not_number"),
        ("1.50", "price_not_number"),
        (None, "price_not_number"),
        (150000, "price_not_number"),
        ("0", "price_not_positive"),
        ("-5000", "price_not_positive"),
        ("1000001", "price_above_balance"),
        ("9" * 40, "price_above_balance"),
    ],
)
def test_bad_prices_are_refused_by_the_field(db, now, typed, code):
    training = factories.training(db, price=150_000)
    refused = factories.refused(
        db,
        training_listing.set_price,
        now=now,
        actor_id=factories.admin(db, now).id,
        training_id=training.id,
        price=typed,
    )
    assert (refused.code, refused.field) == (code, "price")
    db.refresh(training)
    assert training.price == 150_000


def test_an_unsold_price_changes_and_is_audited(db, now):
    training = factories.training(db, price=150_000)
    done = _set(db, now, training, "175000")
    assert (done.code, done.old_price, done.new_price) == (training.code, 150_000, 175_000)
    db.refresh(training)
    assert training.price == 175_000
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "training.price")).all()
    assert (entry.entity_id, entry.before_json, entry.after_json) == (
        str(training.id),
        '{"price": 150000}',
        '{"price": 175000}',
    )
    assert (
        factories.refused(
            db,
            training_listing.set_price,
            now=now,
            actor_id=1,
            training_id=training.id,
            price="175000",
        ).code
        == "price_unchanged"
    )


def test_the_first_sale_locks_the_price(db, now):
    training = factories.training(db, price=150_000)
    buyer = factories.buyer(db, now)
    _buy(db, buyer, training, now)
    db.refresh(training)
    assert training.price_locked_at == now
    refused = factories.refused(
        db,
        training_listing.set_price,
        now=now,
        actor_id=factories.admin(db, now).id,
        training_id=training.id,
        price="100000",
    )
    assert refused.code == "price_locked"
    assert text(refused) == (
        "Harga tidak dapat diubah: pelatihan ini sudah terjual sejak Jumat, 4 September 2020"
        " 10.00 WIB."
    )
    _buy(db, factories.buyer(db, now), training, now)  # later sales write nothing on it
    db.refresh(training)
    assert (training.price, training.price_locked_at) == (150_000, now)


def test_the_database_refuses_to_change_a_locked_price(db, now):
    training = factories.training(db, price=150_000, price_locked_at=now)
    with pytest.raises(sa.exc.DBAPIError, match="locked after its first sale"):
        db.exec(sa.update(Training).where(Training.id == training.id).values(price=1))
        db.commit()
    db.rollback()
    db.exec(sa.update(Training).where(Training.id == training.id).values(active=False))
    db.commit()  # other columns still change


def test_a_code_sent_before_a_price_change_buys_nothing(db, now):
    training = factories.training(db, price=150_000)
    buyer = factories.buyer(db, now)
    purchases.request_code(db, user_id=buyer.user_id, training_code=training.code, now=now)
    code = factories.sms_code(db, factories.phone_of(db, buyer))
    _set(db, now, training, "250000")
    db.expire_all()  # the buyer's request reads afresh, as its own session would
    refused = factories.raised(
        purchases.buy,
        db,
        user_id=buyer.user_id,
        training_code=training.code,
        code=code,
        idempotency_key=secrets.token_urlsafe(24),
        now=now,
    )
    assert refused.field == "otp"  # the code was for Rp 150.000
    later = now + timedelta(minutes=2)  # a new code, after the minute between codes
    assert _buy(db, buyer, training, later).price == 250_000


def test_a_price_changed_while_buying_buys_nothing(db, now, monkeypatch):
    training = factories.training(db, price=150_000)
    buyer = factories.buyer(db, now)
    locking = training_listing.lock_price

    def changed_just_before(own, found, at):
        own.exec(sa.update(Training).where(Training.id == found.id).values(price=250_000))
        return locking(own, found, at)

    monkeypatch.setattr(training_listing, "lock_price", changed_just_before)
    refused = factories.raised(_buy, db, buyer, training, now)
    assert refused.code == "price_changed"
    assert text(refused).startswith("Harga pelatihan ini baru saja berubah menjadi Rp 250.000.")


def test_a_purchase_racing_a_price_change_pays_the_price_it_was_shown(engine, db, now, monkeypatch):
    training = factories.training(db, price=150_000)
    buyer, actor = factories.buyer(db, now), factories.admin(db, now)
    _slow_confirmed_code(monkeypatch)
    outcomes = _race(
        engine,
        [
            lambda own: purchases.buy(
                own,
                user_id=buyer.user_id,
                training_code=training.code,
                code="123456",
                idempotency_key=secrets.token_urlsafe(24),
                now=now,
            ),
            lambda own: training_listing.set_price(
                own, now=now, actor_id=actor.id, training_id=training.id, price="300000"
            ),
        ],
    )
    bought, changed = outcomes
    db.rollback()
    final = db.exec(select(Training).where(Training.id == training.id)).one()
    db.refresh(final)
    if isinstance(changed, training_listing.PriceChange):  # the change came first
        assert final.price == 300_000
        assert bought == "price_changed" or bought.price == 300_000, outcomes
    else:  # the sale came first and fixed the price
        assert (changed, bought.price, final.price) == ("price_locked", 150_000, 150_000)
    if isinstance(bought, purchases.PurchaseReceipt):
        assert final.price_locked_at == now
