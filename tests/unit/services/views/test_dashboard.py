"""The dashboard's read model: the participant's own trainings, payments and next step."""

from datetime import date, timedelta

from prakerja_app.models import Certificate, RegistrationStep, Review
from prakerja_app.services.core.vocab import PaymentStatus
from prakerja_app.services.money import incentives
from prakerja_app.services.registration.steps import Step
from prakerja_app.services.surveys import answering
from prakerja_app.services.views import dashboard, trainings
from prakerja_app.services.views import payments as payment_view
from tests import factories


def test_the_dashboard_lists_only_the_participants_own_purchases(db, now):
    shop = factories.platform(db, name="Tokoku"), factories.provider(db, name="Dapur Nusantara")
    buyer, other = factories.buyer(db, now), factories.buyer(db, now)
    first = factories.listed_training(db, *shop, title="Rendang", price=100_000)
    second = factories.listed_training(db, *shop, title="Kue Kering", price=200_000)
    older = factories.purchase(
        db,
        buyer,
        first,
        now - timedelta(days=3),
        status="completed",
        redeemed_at=now - timedelta(days=2),
        completed_at=now - timedelta(days=1),
    )
    db.add(Certificate(purchase_id=older.id, number="CERT-1", verification_code="VER-1"))
    db.add(Review(purchase_id=older.id, training_id=first.id, stars=5, text="Bagus."))
    db.commit()
    newer = factories.purchase(db, buyer, second, now)
    factories.purchase(db, other, first, now)

    rows = trainings.training_rows(db, buyer.id)
    assert [r.purchase_id for r in rows] == [newer.id, older.id]
    latest, done = rows
    assert (latest.title, latest.platform, latest.provider) == (
        "Kue Kering",
        "Tokoku",
        "Dapur Nusantara",
    )
    assert (latest.price_label, latest.voucher_code) == ("Rp 200.000", newer.voucher_code)
    assert (latest.status, latest.status_label) == ("bought", "Sudah dibeli, belum ditukarkan")
    assert latest.next_action == "Tukarkan kode voucher di Tokoku untuk memulai."
    assert (latest.certificate_number, latest.can_review) == ("", False)
    assert (done.status_label, done.next_action) == ("Selesai", "Selesai.")
    assert (done.certificate_number, done.can_review) == ("CERT-1", False)
    assert trainings.training_rows(db, 999_999) == []


def test_each_payment_is_labelled_with_what_the_participant_can_do(db, now):
    owner = factories.participant(db, now)
    payments = incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    payments[0].status, payments[0].paid_at = PaymentStatus.PAID, now
    payments[1].status = PaymentStatus.PROCESSING
    payments[2].status = PaymentStatus.FAILED
    payments[2].failure_reason = "ewallet_not_upgraded"
    db.commit()
    rows = payment_view.payment_rows(db, owner.id)
    assert [(r.kind_label, r.amount_label, r.due_label, r.status_label) for r in rows] == [
        ("Insentif ke-1", "Rp 600.000", "11 September 2020", "Berhasil"),
        ("Insentif ke-2", "Rp 600.000", "11 Oktober 2020", "Sedang Diproses"),
        ("Insentif ke-3", "Rp 600.000", "11 November 2020", "Gagal"),
        ("Insentif ke-4", "Rp 600.000", "11 Desember 2020", "Menunggu Diproses"),
    ]
    paid, sent, failed, waiting = rows
    assert paid.detail == "Dibayar 4 September 2020"  # no try recorded: no reference
    assert sent.detail.startswith("Dikirim ke akun Anda")
    assert failed.detail == "Alasan: akun belum di-upgrade"
    assert failed.todo.startswith("Upgrade akun Anda lalu kami coba lagi")
    assert not failed.can_recheck  # no account linked: link one instead
    assert waiting.detail == "Tautkan akun pembayaran agar insentif dapat dikirim"


def test_the_payments_of_someone_else_are_not_shown(db, now):
    owner, other = factories.participant(db, now), factories.participant(db, now)
    incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    db.commit()
    assert payment_view.payment_rows(db, other.id) == []


def test_surveys_open_after_the_first_incentive_is_paid(db, now):
    owner = factories.participant(db, now)
    factories.surveys(db)
    before = payment_view.survey_rows(db, owner.id, now)
    assert [(s.sequence, s.status_label, s.dates_label, s.href) for s in before] == [
        (1, "Belum tersedia", "Dibuka setelah insentif pertama dibayarkan", ""),
        (2, "Belum tersedia", "Dibuka setelah insentif pertama dibayarkan", ""),
        (3, "Belum tersedia", "Dibuka setelah insentif pertama dibayarkan", ""),
    ]
    assert {s.amount_label for s in before} == {"Rp 50.000"}

    payments = incentives.schedule(db, owner.id, date(2020, 9, 11), now)
    payments[0].status, payments[0].paid_at = PaymentStatus.PAID, now
    db.commit()
    answered = answering.submit(
        db, participant_id=owner.id, sequence=1, answers=factories.answers(db), now=now
    )
    assert answered.due_on == date(2020, 9, 4)
    later = now + timedelta(days=31)
    after = payment_view.survey_rows(db, owner.id, later)
    assert [(s.title, s.status_label, s.dates_label, s.href) for s in after] == [
        ("Survei Evaluasi Pelatihan", "Selesai", "Diisi 4 September 2020", ""),
        (
            "Survei Status Pekerjaan",
            "Dapat diisi",
            "Dapat diisi sampai 2 November 2020",
            "/dasbor/survei/2",
        ),
        ("Survei Usaha dan Pendapatan", "Belum tersedia", "Dibuka 3 November 2020", ""),
    ]
    assert [s.payment_label for s in after] == ["Rp 50.000: Menunggu Diproses", "", ""]
    missed = payment_view.survey_rows(db, owner.id, now + timedelta(days=61))
    assert [s.status_label for s in missed] == ["Selesai", "Terlewat", "Dapat diisi"]
    assert missed[1].dates_label == "Batas pengisian 2 November 2020 sudah lewat"
    kinds = [r.kind_label for r in payment_view.payment_rows(db, owner.id)]
    assert kinds[-1] == "Insentif survei ke-1"


def test_an_open_survey_is_the_next_step(db, now):
    owner = factories.buyer(db, now)
    shop = factories.platform(db), factories.provider(db)
    done = factories.purchase(
        db, owner, factories.listed_training(db, *shop), now, status="completed", completed_at=now
    )
    db.add(Certificate(purchase_id=done.id, number="CERT-2", verification_code="VER-2"))
    db.add(Review(purchase_id=done.id, training_id=done.training_id, stars=4, text="Jelas."))
    db.add_all(RegistrationStep(user_id=owner.user_id, step=s, completed_at=now) for s in Step)
    factories.surveys(db)
    factories.first_incentive_paid(db, owner, now)
    view = dashboard.overview(db, user_id=owner.user_id, now=now)
    assert (view.banner.title, view.banner.href) == (
        "Isi Survei Evaluasi Pelatihan",
        "/dasbor/survei/1",
    )
    assert view.banner.text.startswith("Dapat diisi sampai 3 Oktober 2020.")


def test_surveys_have_titles_even_before_they_are_seeded(db, now):
    owner = factories.participant(db, now)
    assert [s.title for s in payment_view.survey_rows(db, owner.id, now)] == [
        "Survei evaluasi 1",
        "Survei evaluasi 2",
        "Survei evaluasi 3",
    ]
