"""Setting a wave up: its form checked field by field, created, edited until it opens."""

import json

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, Wave
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.core.vocab import AdminRole, WaveStatus
from prakerja_app.services.selection import draw, lifecycle, setup
from prakerja_app.services.views.messages import field_texts, text
from tests import factories


def _form(**changes: str) -> dict[str, str]:
    return {
        "number": "12",
        "opens_at": "2020-09-10T12:00",
        "closes_at": "2020-09-14T12:00",
        "quota": "800.000",
        "kk_cap": "2",
        "scope": "all",
    } | changes


@pytest.fixture
def operator(db, now):
    return factories.admin(db, now, AdminRole.OPERATOR)


def _create(db, now, operator, **changes) -> Wave:
    wave_id = setup.create_wave(db, now=now, actor_id=operator.id, form=_form(**changes))
    return db.get(Wave, wave_id, populate_existing=True)


def _refusals(db, now, operator, **changes) -> dict[str, str]:
    error = factories.refused(
        db, setup.create_wave, now=now, actor_id=operator.id, form=_form(**changes)
    )
    return field_texts(error)


def test_a_wave_is_scheduled_with_its_times_in_utc(db, now, operator):
    wave = _create(db, now, operator)
    assert (wave.number, wave.quota, wave.kk_cap, wave.province_codes) == (12, 800_000, 2, None)
    assert (wave.opens_at, wave.closes_at) == (
        wib_to_utc(2020, 9, 10, 12, 0),
        wib_to_utc(2020, 9, 14, 12, 0),
    )
    assert wave.status == WaveStatus.SCHEDULED and wave.seed_hash is None
    entry = db.exec(select(AuditLog).where(AuditLog.action == "wave.create")).one()
    assert (entry.actor_user_id, entry.entity_id) == (operator.id, str(wave.id))
    assert json.loads(entry.after_json)["quota"] == 800_000


def test_provinces_and_their_quotas_are_kept(db, now, operator):
    wave = _create(
        db, now, operator, scope="some", prov_31="on", prov_32="on", pq_31="1000", pq_32=""
    )
    assert wave.province_codes == "31,32"
    assert draw.province_quotas(db, wave.id) == {"31": 1000}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": "0"}, "number", "Nomor gelombang harus berupa angka 1 sampai 999."),
        ({"number": "tujuh"}, "number", "Nomor gelombang harus berupa angka 1 sampai 999."),
        ({"quota": "0"}, "quota", "Kuota harus berupa bilangan bulat positif"),
        ({"quota": "-5"}, "quota", "Kuota harus berupa bilangan bulat positif"),
        ({"quota": "1,5"}, "quota", "Kuota harus berupa bilangan bulat positif"),
        ({"opens_at": "besok"}, "opens_at", "Isi tanggal dan jam (WIB)"),
        ({"closes_at": "2020-09-09T12:00"}, "closes_at", "Waktu tutup harus sesudah waktu buka."),
        (
            {"opens_at": "2020-09-01T12:00", "closes_at": "2020-09-03T12:00"},
            "closes_at",
            "Waktu tutup sudah lewat.",
        ),
        ({"kk_cap": "0"}, "kk_cap", "Batas per KK dikosongkan (tanpa batas)"),
        ({"scope": "some"}, "provinces", "Pilih paling sedikit satu provinsi."),
        ({"pq_31": "900000"}, "pq_31", "Kuota DKI Jakarta dikosongkan atau diisi"),
        (
            {"scope": "some", "prov_32": "on", "pq_31": "10"},
            "pq_31",
            "DKI Jakarta tidak termasuk wilayah gelombang ini.",
        ),
    ],
)
def test_each_wrong_field_is_refused_with_its_reason(db, now, operator, changes, field, message):
    refusals = _refusals(db, now, operator, **changes)
    assert list(refusals) == [field]
    assert refusals[field].startswith(message)


def test_a_number_already_used_is_refused(db, now, operator):
    _create(db, now, operator)
    assert _refusals(db, now, operator) == {
        "number": "Nomor 12 sudah dipakai gelombang lain. Pilih nomor lain."
    }


def test_a_scheduled_wave_can_be_edited_and_the_change_is_audited(db, now, operator):
    wave = _create(db, now, operator, pq_31="500")
    setup.edit_wave(
        db, now=now, actor_id=operator.id, wave_id=wave.id, form=_form(quota="1000", kk_cap="")
    )
    db.refresh(wave)
    assert (wave.quota, wave.kk_cap) == (1000, None)
    assert draw.province_quotas(db, wave.id) == {}
    entry = db.exec(select(AuditLog).where(AuditLog.action == "wave.edit")).one()
    assert json.loads(entry.before_json)["quota"] == 800_000
    assert json.loads(entry.after_json)["quota"] == 1000


def test_editing_keeps_its_own_number_but_not_anothers(db, now, operator):
    wave = _create(db, now, operator)
    _create(db, now, operator, number="13")
    setup.edit_wave(db, now=now, actor_id=operator.id, wave_id=wave.id, form=_form())
    error = factories.refused(
        db, setup.edit_wave, now=now, actor_id=operator.id, wave_id=wave.id, form=_form(number="13")
    )
    assert field_texts(error) == {
        "number": "Nomor 13 sudah dipakai gelombang lain. Pilih nomor lain."
    }


def test_an_opened_wave_can_no_longer_be_edited(db, now, operator):
    wave = _create(db, now, operator)
    lifecycle.open_wave(db, now=now, actor_id=operator.id, wave_id=wave.id)
    error = factories.refused(
        db, setup.edit_wave, now=now, actor_id=operator.id, wave_id=wave.id, form=_form(quota="5")
    )
    assert text(error) == (
        "Gelombang 12 sudah dibuka, sehingga pengaturannya tidak dapat diubah lagi."
    )
