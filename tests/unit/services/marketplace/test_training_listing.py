"""Taking a training off sale and back: not sold, not shown, audited; bad ids refused."""

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog
from prakerja_app.services.marketplace import purchases, training_listing
from prakerja_app.services.views import catalogue, catalogue_console
from prakerja_app.services.views.catalogue import CatalogueQuery
from prakerja_app.services.views.messages import text
from tests import factories


def test_a_deactivated_training_is_not_sold_nor_shown_until_activated(db, now):
    training = factories.training(db, title="Fotografi Produk")
    actor = factories.admin(db, now)
    code = training_listing.set_active(
        db, now=now, actor_id=actor.id, training_id=training.id, active=False
    )
    assert code == training.code
    assert catalogue.search(db, CatalogueQuery(words="Fotografi"), now=now).total == 0
    buyer = factories.buyer(db, now)
    refused = factories.refused(
        db, purchases.request_code, user_id=buyer.user_id, training_code=training.code, now=now
    )
    assert refused.code == "training_inactive"
    [row] = catalogue_console.trainings(db, now=now, words="fotografi").rows
    assert (row.active, row.status_label) == (False, "Nonaktif")

    training_listing.set_active(
        db, now=now, actor_id=actor.id, training_id=training.id, active=True
    )
    assert catalogue.search(db, CatalogueQuery(words="Fotografi"), now=now).total == 1
    actions = db.exec(select(AuditLog.action).where(AuditLog.entity == "training")).all()
    assert actions == ["training.deactivate", "training.activate"]


def test_a_training_already_so_is_refused(db, now):
    training = factories.training(db)
    refused = factories.refused(
        db, training_listing.set_active, now=now, actor_id=1, training_id=training.id, active=True
    )
    assert text(refused) == "Pelatihan ini sudah aktif."


@pytest.mark.parametrize(
    ("training_id", "active"), [(0, False), (2**40, False), (True, False), ("1", False), (1, "no")]
)
def test_unknown_trainings_and_forged_arguments_are_refused(db, now, training_id, active):
    factories.training(db)
    refused = factories.refused(
        db,
        training_listing.set_active,
        now=now,
        actor_id=1,
        training_id=training_id,
        active=active,
    )
    assert text(refused) == "Pelatihan tidak ditemukan."


def test_the_console_list_searches_by_title_or_code_and_platform_and_pages(db, now):
    platform = factories.platform(db, name="Tokoku")
    provider = factories.provider(db)
    for n in range(25):
        factories.listed_training(
            db, platform, provider, code=f"DM-{n:02d}", title=f"Iklan {n:02d}"
        )
    other = factories.training(db, code="ZZ-100%", title="Bahasa Jepang")
    found = catalogue_console.trainings(db, now=now, words="iklan", page=2)
    assert (found.total, found.page, found.pages, len(found.rows)) == (25, 2, 2, 5)
    assert catalogue_console.trainings(db, now=now, words="dm-0", page=99).page == 1
    assert catalogue_console.trainings(db, now=now, platform_id=platform.id).total == 25
    [row] = catalogue_console.trainings(db, now=now, words="zz-100%").rows
    assert (row.id, row.status_label, row.price_label) == (other.id, "Dijual", "Rp 150.000")
    assert catalogue_console.trainings(db, now=now, words="100_").total == 0
