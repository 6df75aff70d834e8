"""The reports page's figures: a wave's funnel and provinces, platforms and payments."""

from datetime import date, timedelta

from prakerja_app.models import Payment, RegistrationStep
from prakerja_app.services.core.vocab import PaymentStatus, WaveStatus
from prakerja_app.services.views import program_reports
from tests import factories


def _paid(db, participant, now, status=PaymentStatus.PAID, sequence=1):
    db.add(
        Payment(
            participant_id=participant.id,
            kind="incentive",
            sequence=sequence,
            amount=600_000,
            due_on=date(2020, 10, 1),
            status=status,
            idempotency_key=f"pay-{participant.id}-{sequence}",
        )
    )
    db.commit()


def test_a_waves_funnel_counts_each_stage_once_per_person(db, now):
    wave = factories.wave(db, now, status=WaveStatus.ANNOUNCED, closes_at=now + timedelta(days=1))
    factories.wave_applicants(db, wave.id, now, how_many=3)
    training = factories.training(db)
    done = factories.buyer(db, now, wave_id=wave.id)
    factories.purchase(db, done, training, now, status="completed", completed_at=now)
    factories.purchase(db, done, factories.training(db), now)  # a second purchase: one person
    factories.review(db, training, now)  # someone of another wave
    _paid(db, done, now)
    factories.buyer(db, now, wave_id=wave.id)  # selected, bought nothing
    stages = {s.stage: s.count for s in program_reports.funnel(db, wave.number, now)}
    assert stages["Gabung gelombang"] == 3
    assert stages["Lolos seleksi"] == 2
    assert (stages["Membeli pelatihan"], stages["Menyelesaikan pelatihan"]) == (1, 1)
    assert (stages["Memberi ulasan"], stages["Menerima insentif"]) == (0, 1)
    assert list(stages) == [label for _, label in program_reports.STAGES]


def test_registration_stages_count_until_the_wave_closed(db, now):
    wave = factories.wave(db, now, status=WaveStatus.CLOSED, closes_at=now)
    early, late = factories.user(db, now), factories.user(db, now)
    db.add(RegistrationStep(user_id=early.id, step="akun", completed_at=now - timedelta(hours=1)))
    db.add(RegistrationStep(user_id=late.id, step="akun", completed_at=now + timedelta(hours=1)))
    db.commit()
    funnel = program_reports.funnel(db, wave.number, now + timedelta(days=1))
    assert (funnel[0].stage, funnel[0].count, funnel[0].percent) == ("Mendaftar", 1, 100.0)


def test_an_unknown_wave_has_no_figures(db, now):
    assert program_reports.funnel(db, 999_999, now) == []
    assert program_reports.by_province(db, 999_999) == []


def test_provinces_are_listed_by_applicants(db, now):
    wave = factories.wave(db, now)
    factories.wave_applicants(db, wave.id, now, how_many=2, province_code="31")
    factories.wave_applicants(db, wave.id, now, how_many=1, province_code="32")
    rows = program_reports.by_province(db, wave.number)
    assert [(r.province, r.joined, r.selected) for r in rows] == [
        ("DKI Jakarta", 2, 0),
        ("Jawa Barat", 1, 0),
    ]


def test_platforms_and_payments_are_counted_and_summed(db, now):
    training = factories.training(db)
    owner = factories.buyer(db, now)
    factories.purchase(db, owner, training, now, status="completed", completed_at=now)
    factories.purchase(db, owner, training, now, status="refunded")
    _paid(db, owner, now)
    _paid(db, owner, now, PaymentStatus.FAILED, sequence=2)
    platform = next(r for r in program_reports.by_platform(db) if r.purchases)
    assert (platform.purchases, platform.completions) == (1, 1)
    payments = {(r.status, r.count, r.amount) for r in program_reports.payments_by_status(db)}
    assert payments == {("Berhasil", 1, 600_000), ("Gagal", 1, 600_000)}
