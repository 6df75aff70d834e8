"""An applicant's page in the console: everything about them, nothing unmasked."""

import dataclasses
from datetime import timedelta

from sqlmodel import select

from prakerja_app.models import Complaint, Payment, User, VerificationCase, WaveApplication
from prakerja_app.services.core.vocab import AdminRole, PaymentKind
from prakerja_app.services.messaging.outbox import REDACTED
from prakerja_app.services.selection import draw
from prakerja_app.services.views.applicant_record import NOT_YET, applicant_record
from tests import factories


def _text(record) -> str:
    return repr(dataclasses.asdict(record))


def test_a_registered_applicant_shows_steps_data_and_messages_masked(
    db, now, registration_env, motivation_setting
):
    made = factories.applicant_at(db, now, None, via_services=True)
    profile = factories.profile_of(db, made.id)
    record = applicant_record(db, made.id)
    assert record.name == made.full_name and record.has_nik and record.has_photos
    assert [(s.label, s.done) for s in record.steps][:2] == [
        ("Buat akun", True),
        ("Konfirmasi email", True),
    ]
    assert all(s.at.endswith("WIB") for s in record.steps)
    facts = {f.label: f.value for f in record.facts}
    assert facts["NIK"] == profile.nik[:4] + "********" + profile.nik[-4:]
    assert facts["Nomor KK"].count("*") == 8 and facts["Domisili"] != NOT_YET
    # The one-time codes and the confirmation link's token are not shown anywhere.
    sent = factories.outbox(db, made.email) + factories.outbox(db, profile.phone)
    secrets = [m.secret for m in sent]
    assert any(secrets)
    shown = _text(record)
    for value in [profile.nik, profile.kk_number, profile.phone, *filter(None, secrets)]:
        assert value not in shown
    sms = [m for m in record.messages if m.channel == "SMS"]
    assert sms and all(REDACTED in m.text for m in sms)
    assert {m.channel for m in record.messages} == {"SMS", "Email"}
    assert [w.result_label for w in record.waves] == ["Menunggu hasil seleksi"]


def test_the_waves_show_their_announced_results_with_the_reason(db, now):
    wave = factories.wave(db, now, quota=0)
    (application_id,) = factories.wave_applicants(db, wave.id, now)
    draw.commit_seed(db, wave.id, now)
    db.commit()
    factories.announced(db, wave)
    user_id = db.get(WaveApplication, application_id).user_id
    (row,) = applicant_record(db, user_id).waves
    assert (row.title, row.result, row.result_label) == (
        f"Gelombang {wave.number}",
        "not_selected",
        "Tidak terpilih",
    )
    assert "Kuota" in row.reason


def test_a_participant_shows_purchases_payments_and_complaints(db, now):
    participant = factories.buyer(db, now)
    bought = factories.purchase(db, participant, factories.training(db, price=150_000), now)
    db.add(
        Payment(
            participant_id=participant.id,
            kind=PaymentKind.INCENTIVE,
            sequence=1,
            amount=600_000,
            due_on=(now + timedelta(days=10)).date(),
            idempotency_key="pay-1",
        )
    )
    db.add(Complaint(user_id=participant.user_id, subject="Insentif belum masuk", body="..."))
    db.commit()
    record = applicant_record(db, participant.user_id)
    assert record.status == "Peserta Kartu Prakerja"
    assert [(p.price, p.status_label) for p in record.purchases] == [
        ("Rp 150.000", "Sudah dibeli, belum ditukarkan")
    ]
    assert bought.voucher_code not in _text(record)
    assert [(p.kind_label, p.amount_label) for p in record.payments] == [
        ("Insentif ke-1", "Rp 600.000")
    ]
    assert [(c.subject, c.status_label) for c in record.complaints] == [
        ("Insentif belum masuk", "Terbuka")
    ]
    facts = {f.label: f.value for f in record.facts}
    assert facts["Nomor kartu"] != participant.card_number and "*" in facts["Nomor kartu"]


def test_an_applicant_before_step_four_reads_as_not_yet(db, now):
    made = factories.applicant_at(db, now, "nik")
    record = applicant_record(db, made.id)
    assert (record.has_nik, record.has_photos, record.waves, record.purchases) == (
        False,
        False,
        [],
        [],
    )
    assert {f.label: f.value for f in record.facts}["NIK"] == NOT_YET
    assert record.status == "Pendaftar, langkah berikutnya: NIK dan tanggal lahir"


def test_unknown_ids_and_admins_have_no_page(db, now):
    admin = factories.admin(db, now, AdminRole.VERIFIER)
    assert applicant_record(db, admin.id) is None
    assert applicant_record(db, 999_999) is None
    assert db.get(User, 999_999) is None


def test_the_verification_cases_show_their_flags_and_the_rejection_reason(db, now):
    from prakerja_app.services.registration.steps import Step
    from prakerja_app.services.verification import decisions, flags

    applicant = factories.applicant_at(db, now, Step.TEST)
    assert applicant_record(db, applicant.id).cases == []
    factories.profile_of(db, applicant.id).registry_status = "mismatch"
    db.commit()
    flags.sweep(db, now)
    (case,) = applicant_record(db, applicant.id).cases
    assert (case.flags, case.status_label, case.reason) == (
        "Tidak cocok dengan data kependudukan",
        "Menunggu keputusan",
        "-",
    )
    verifier = factories.admin(db, now, AdminRole.VERIFIER)
    case_id = db.exec(select(VerificationCase.id)).one()
    decisions.reject(
        db, now=now, actor_id=verifier.id, case_id=case_id, reason="NIK tidak dikenal Dukcapil."
    )
    (case,) = applicant_record(db, applicant.id).cases
    assert (case.status_label, case.reason) == ("Ditolak", "NIK tidak dikenal Dukcapil.")
