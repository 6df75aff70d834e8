"""Delisting a platform: the preview, the refusals, the effective time against the
program clock, and the vouchers that stay valid."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, Platform, Purchase
from prakerja_app.services.core.errors import FormErrors
from prakerja_app.services.core.formatting import wib
from prakerja_app.services.core.vocab import PlatformStatus, PurchaseStatus
from prakerja_app.services.marketplace import platform_listing, purchases, redemption
from prakerja_app.services.views import catalogue
from prakerja_app.services.views.catalogue import CatalogueQuery
from prakerja_app.services.views.messages import field_texts, text
from tests import factories

REASON = "Mundur sebagai platform digital Kartu Prakerja."


def _local(moment) -> str:
    return wib(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def shop(db, now):
    """A platform with two trainings on sale, one off sale, and three vouchers."""
    platform = factories.platform(db, name="Kelasku")
    provider = factories.api_provider(db)
    english = factories.listed_training(db, platform, provider, code="B-1", title="Bahasa Inggris")
    cooking = factories.listed_training(db, platform, provider, code="K-1", title="Aneka Kue")
    factories.listed_training(db, platform, provider, code="X-1", title="Lama", active=False)
    owner = factories.buyer(db, now)
    bought = factories.purchase(db, owner, english, now)
    factories.purchase(db, owner, cooking, now)
    factories.purchase(db, owner, cooking, now, status=PurchaseStatus.REDEEMED)
    return platform, provider, english, bought


@pytest.fixture
def operator(db, now):
    return factories.admin(db, now)


def _delist(db, now, platform, at, actor_id, reason=REASON):
    return platform_listing.delist(
        db, now=now, actor_id=actor_id, platform_id=platform.id, reason=reason, effective_at=at
    )


def test_the_preview_counts_what_stops_and_changes_nothing(db, now, shop):
    platform, *_ = shop
    preview = platform_listing.preview_delisting(
        db, now=now, platform_id=platform.id, reason=f"  {REASON}  ", effective_at=_local(now)
    )
    assert (preview.platform, preview.trainings, preview.reason) == ("Kelasku", 2, REASON)
    assert preview.sample == ["K-1 · Aneka Kue", "B-1 · Bahasa Inggris"]
    assert (preview.unredeemed, preview.unredeemed_value) == (2, 300_000)
    db.refresh(platform)
    assert platform.status == PlatformStatus.ACTIVE


def test_a_delisting_now_stops_sales_and_the_catalogue_at_once(db, now, shop, operator):
    platform, _provider, english, _bought = shop
    done = _delist(db, now, platform, _local(now - timedelta(minutes=4)), operator.id)
    assert done.effective_at == now  # a moment ago means now
    db.refresh(platform)
    assert (platform.status, platform.withdrawn_at) == (PlatformStatus.WITHDRAWN, now)
    assert platform.withdrawal_reason == REASON
    assert catalogue.search(db, CatalogueQuery(), now=now).total == 0
    buyer = factories.buyer(db, now)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=english.code, now=now
    )
    assert text(refused).startswith("Kelasku tidak lagi menjadi platform digital")
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "platform.delist")).all()
    assert (entry.entity, entry.entity_id) == ("platform", str(platform.id))
    assert '"unredeemed_vouchers": 2' in (entry.after_json or "")


def test_a_delisting_later_takes_effect_at_its_time(db, now, shop, operator):
    platform, _provider, english, _bought = shop
    later = now + timedelta(days=1)
    _delist(db, now, platform, _local(later), operator.id)
    buyer = factories.buyer(db, now)
    assert purchases.request_code(
        db, user_id=buyer.user_id, training_code=english.code, now=now
    ).startswith("+62")
    assert catalogue.search(db, CatalogueQuery(), now=now).total == 2
    assert [p.name for p in catalogue.withdrawn_platforms(db, now=now)] == []
    assert catalogue.search(db, CatalogueQuery(), now=later).total == 0
    assert [p.name for p in catalogue.withdrawn_platforms(db, now=later)] == ["Kelasku"]
    detail = catalogue.training_detail(db, english.code, now=later)
    assert detail is not None and detail.buyable is False


def test_unredeemed_vouchers_stay_redeemable_and_no_money_moves(db, now, shop, operator):
    platform, provider, _english, bought = shop
    _delist(db, now, platform, _local(now), operator.id)
    status = redemption.commit(db, provider_id=provider.id, code=bought.voucher_code, now=now)
    assert status is not None
    db.refresh(bought)
    assert bought.status == PurchaseStatus.REDEEMED
    assert db.exec(select(Purchase).where(Purchase.status == PurchaseStatus.REFUNDED)).all() == []


@pytest.mark.parametrize(
    ("reason", "at", "expected"),
    [
        ("", "", {"reason": "Tulis alasan minimal 10 karakter.", "effective_at": "Isi tanggal"}),
        ("x" * 301, "besok", {"reason": "Alasan paling banyak 300 karakter."}),
        (REASON, "2020-09-04T09:54", {"effective_at": "Waktu berlaku tidak boleh sebelum"}),
        (REASON, "2020-02-30T10:00", {"effective_at": "Isi tanggal dan jam berlaku (WIB)"}),
        (REASON, "0001-01-01T00:00", {"effective_at": "Isi tanggal dan jam berlaku (WIB)"}),
        (["a list"], 12, {"reason": "Tulis alasan", "effective_at": "Isi tanggal"}),
    ],
)
def test_bad_input_is_refused_next_to_its_field(db, now, shop, operator, reason, at, expected):
    platform, *_ = shop
    refused = factories.refused(
        db, _delist, now, platform, at, operator.id, reason=reason, error=FormErrors
    )
    texts = field_texts(refused)
    for field, start in expected.items():
        assert texts[field].startswith(start)
    db.refresh(platform)
    assert platform.status == PlatformStatus.ACTIVE


@pytest.mark.parametrize("platform_id", [0, -1, 2**40, True, "1", None, 999_999])
def test_an_unknown_platform_is_refused(db, now, platform_id):
    refused = factories.raised(
        platform_listing.preview_delisting,
        db,
        now=now,
        platform_id=platform_id,
        reason=REASON,
        effective_at="2020-09-04T10:00",
    )
    assert (refused.code, refused.field) == ("platform_unknown", "platform")


def test_a_platform_is_delisted_once(db, now, shop, operator):
    platform, *_ = shop
    _delist(db, now, platform, _local(now + timedelta(hours=2)), operator.id)
    refused = factories.refused(db, _delist, now, platform, _local(now), operator.id)
    assert refused.code == "platform_already_withdrawn"
    assert text(refused) == (
        "Platform ini sudah dikeluarkan dari katalog (berlaku Jumat, 4 September 2020 12.00 WIB)."
    )
    assert db.get(Platform, platform.id).withdrawn_at == now + timedelta(hours=2)
