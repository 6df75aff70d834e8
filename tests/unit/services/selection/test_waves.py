"""Step 8: the waves open for the applicant's domicile, joining one, and the application."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, Participant, Wave, WaveApplication
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import WaveStatus
from prakerja_app.services.registration.steps import Step, current_step
from prakerja_app.services.selection import waves
from prakerja_app.services.views.messages import text
from tests import factories

WAVE_CLOSED = "Gelombang ini tidak sedang dibuka untuk domisili Anda."
STATEMENT = "Centang pernyataan bahwa data Anda benar dan dapat dipertanggungjawabkan."


pytestmark = pytest.mark.usefixtures("registration_env", "motivation_setting")


@pytest.fixture
def applicant(db, now):
    """An applicant living in Jakarta (province 31) who has finished the test."""
    return factories.applicant_at(db, now, Step.WAVE, via_services=True)


def _join(db, now, user, wave_id, statement=True):
    waves.join(db, user_id=user.id, wave_id=wave_id, statement=statement, now=now)


def _refused(db, now, user, wave_id, statement=True) -> DomainError:
    refused = factories.refused(db, _join, now, user, wave_id, statement)
    assert current_step(db, user.id) == Step.WAVE
    return refused


def _joinable(db, now, user) -> list[int]:
    return [w.number for w in waves.joinable_waves(db, user_id=user.id, now=now)]


# --- which waves can be joined ---------------------------------------------------------


def test_only_waves_open_now_are_joinable(db, now, applicant):
    factories.wave(db, now, number=7)
    factories.wave(db, now, number=6, status=WaveStatus.ANNOUNCED)
    factories.wave(db, now, number=5, status=WaveStatus.CLOSED)
    factories.wave(db, now, number=8, status=WaveStatus.SCHEDULED)
    factories.wave(db, now, number=9, opens_at=now + timedelta(seconds=1))
    factories.wave(db, now, number=4, closes_at=now)
    factories.wave(db, now, number=10, opens_at=now)
    assert _joinable(db, now, applicant) == [7, 10]


def test_a_wave_for_some_provinces_is_joinable_only_from_them(db, now, applicant):
    factories.wave(db, now, number=7, province_codes="32,33")
    factories.wave(db, now, number=8, province_codes="31,32")
    factories.wave(db, now, number=9, province_codes="3")
    factories.wave(db, now, number=10)  # all of Indonesia
    assert _joinable(db, now, applicant) == [8, 10]


def test_the_domicile_decides_not_the_nik(db, now):
    """A Jakarta NIK living in Bandung (province 32) sees the waves of Jawa Barat."""
    form = factories.personal_form(
        domicile_same="",
        domicile_address="Jl. Dago No. 1, RT 003/RW 004, Coblong",
        province_code="32",
        regency_code="3273",
        district="Coblong",
    )
    movers = factories.applicant_at(db, now, Step.WAVE, via_services=True, form=form)
    factories.wave(db, now, number=7, province_codes="31")
    factories.wave(db, now, number=8, province_codes="32")
    assert _joinable(db, now, movers) == [8]


def test_a_joined_wave_is_no_longer_offered(db, now):
    wave = factories.wave(db, now, number=7)
    user = factories.applicant_at(db, now, None, via_services=True, wave_id=wave.id)
    assert _joinable(db, now, user) == []


def test_someone_without_a_profile_sees_only_waves_for_everyone(db, now):
    user = factories.applicant_at(db, now, Step.IDENTITY, via_services=True)
    factories.wave(db, now, number=7, province_codes="31")
    factories.wave(db, now, number=8)
    assert _joinable(db, now, user) == [8]


# --- joining -----------------------------------------------------------------------------


def test_joining_completes_registration(db, now, applicant):
    wave = factories.wave(db, now, number=7)
    assert waves.latest_application(db, applicant.id) is None
    later = now + timedelta(minutes=5)
    _join(db, later, applicant, wave.id)
    application = db.exec(select(WaveApplication)).one()
    assert (application.wave_id, application.user_id, application.applied_at) == (
        wave.id,
        applicant.id,
        later,
    )
    assert (application.result, application.reason_code) == ("pending", None)
    assert current_step(db, applicant.id) is None
    assert waves.latest_application(db, applicant.id) == waves.Application(
        wave.id, 7, wave.closes_at, "pending", None
    )
    audit = db.exec(select(AuditLog).where(AuditLog.action == "wave.join")).one()
    assert (audit.actor_user_id, audit.entity, audit.entity_id) == (
        applicant.id,
        "wave",
        str(wave.id),
    )


@pytest.mark.parametrize("statement", [False, None, "on", 1])
def test_the_statement_must_be_ticked(db, now, applicant, statement):
    wave = factories.wave(db, now)
    refused = _refused(db, now, applicant, wave.id, statement)
    assert (refused.code, refused.field, text(refused)) == (
        "statement_required",
        "statement",
        STATEMENT,
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"status": WaveStatus.CLOSED},
        {"status": WaveStatus.ANNOUNCED},
        {"status": WaveStatus.SCHEDULED},
        {"closes_at_delta": timedelta(seconds=-1)},
        {"opens_at_delta": timedelta(hours=1)},
        {"province_codes": "32,33"},
    ],
    ids=["closed", "announced", "scheduled", "past", "future", "other_province"],
)
def test_a_wave_not_open_for_the_applicant_cannot_be_joined(db, now, applicant, changes):
    changes = dict(changes)
    if "closes_at_delta" in changes:
        changes["closes_at"] = now + changes.pop("closes_at_delta")
    if "opens_at_delta" in changes:
        changes["opens_at"] = now + changes.pop("opens_at_delta")
    wave = factories.wave(db, now, **changes)
    refused = _refused(db, now, applicant, wave.id)
    assert (refused.code, text(refused)) == ("wave_closed", WAVE_CLOSED)


def test_an_unknown_wave_cannot_be_joined(db, now, applicant):
    factories.wave(db, now)
    refused = _refused(db, now, applicant, 10_000)
    assert (refused.code, text(refused)) == ("wave_closed", WAVE_CLOSED)


def test_someone_in_formal_education_is_refused_with_the_reason(db, now, applicant):
    wave = factories.wave(db, now)
    profile = factories.profile_of(db, applicant.id)
    profile.in_formal_education = True
    db.commit()
    refused = _refused(db, now, applicant, wave.id)
    assert (refused.code, text(refused)) == (
        "formal_education",
        "Anda sedang menempuh pendidikan formal (sekolah atau kuliah), sehingga belum dapat"
        " menjadi peserta.",
    )


def test_an_excluded_occupation_is_refused_with_the_reason(db, now, applicant):
    wave = factories.wave(db, now)
    profile = factories.profile_of(db, applicant.id)
    profile.excluded_occupation = True
    db.commit()
    refused = _refused(db, now, applicant, wave.id)
    assert refused.code == "excluded_occupation"
    assert "tidak dapat mengikuti program" in text(refused)


def test_a_former_participant_cannot_join_again(db, now, applicant):
    wave = factories.wave(db, now)
    nik = factories.profile_of(db, applicant.id).nik
    factories.participant(db, now - timedelta(days=200), nik=nik)
    refused = _refused(db, now, applicant, wave.id)
    assert (refused.code, text(refused)) == (
        "already_participant",
        "NIK ini sudah pernah menjadi penerima Kartu Prakerja. Satu orang hanya dapat"
        " menerima satu kartu.",
    )


def test_a_double_click_joins_once(db, now, applicant, monkeypatch):
    """Both clicks passed the checks; the database's unique application stops the second."""
    wave = factories.wave(db, now)
    _join(db, now, applicant, wave.id)
    monkeypatch.setattr(waves, "require_step", lambda *args: None)
    monkeypatch.setattr(waves, "joinable_waves", lambda db, **kwargs: [wave])
    before = factories.table_rows(db)
    _join(db, now + timedelta(seconds=1), applicant, wave.id)
    assert factories.table_rows(db) == before
    assert len(db.exec(select(WaveApplication)).all()) == 1


def test_latest_application_is_the_newest_wave(db, now, applicant):
    wave_6 = factories.wave(db, now, number=6, status=WaveStatus.ANNOUNCED)
    db.add(
        WaveApplication(
            wave_id=wave_6.id,
            user_id=applicant.id,
            applied_at=now - timedelta(days=10),
            result="not_selected",
            reason_code="quota",
        )
    )
    db.commit()
    assert waves.latest_application(db, applicant.id).result == "not_selected"
    wave_7 = factories.wave(db, now, number=7)
    _join(db, now, applicant, wave_7.id)
    latest = waves.latest_application(db, applicant.id)
    assert (latest.wave_number, latest.result, latest.reason_code) == (7, "pending", None)


def test_latest_application_is_ones_own(db, now, applicant):
    wave = factories.wave(db, now)
    factories.applicant_at(db, now, None, via_services=True, wave_id=wave.id)
    assert waves.latest_application(db, applicant.id) is None


def test_no_participant_is_created_by_joining(db, now, applicant):
    _join(db, now, applicant, factories.wave(db, now).id)
    assert db.exec(select(Participant)).all() == []


# --- joining the next wave after not being selected --------------------------------------


def _rejoin(db, now, user, wave_id):
    waves.rejoin(db, user_id=user.id, wave_id=wave_id, now=now)


def _decided(db, user, result, reason=None):
    """Give the applicant's (only) application a result, as a draw would."""
    application = db.exec(select(WaveApplication).where(WaveApplication.user_id == user.id)).one()
    application.result, application.reason_code = result, reason
    db.get(Wave, application.wave_id).status = WaveStatus.ANNOUNCED
    db.commit()


@pytest.fixture
def not_selected(db, now):
    """An applicant who joined wave 7 and was not selected (the quota was full)."""
    wave_7 = factories.wave(db, now - timedelta(days=10), number=7)
    user = factories.applicant_at(
        db, now - timedelta(days=10), None, via_services=True, wave_id=wave_7.id
    )
    _decided(db, user, "not_selected", "quota")
    return user


def test_not_selected_applicants_join_the_next_wave_in_one_step(db, now, not_selected):
    wave_8 = factories.wave(db, now, number=8)
    before = factories.profile_of(db, not_selected.id)
    _rejoin(db, now, not_selected, wave_8.id)
    latest = waves.latest_application(db, not_selected.id)
    assert (latest.wave_number, latest.result, latest.reason_code) == (8, "pending", None)
    application = db.exec(select(WaveApplication).where(WaveApplication.wave_id == wave_8.id)).one()
    assert (application.user_id, application.applied_at) == (not_selected.id, now)
    assert factories.profile_of(db, not_selected.id) == before  # nothing re-entered
    audit = db.exec(select(AuditLog).where(AuditLog.action == "wave.rejoin")).one()
    assert (audit.actor_user_id, audit.entity_id) == (not_selected.id, str(wave_8.id))
    assert _joinable(db, now, not_selected) == []


def test_after_a_real_draw_the_not_selected_can_rejoin(db, now):
    from prakerja_app.services.selection import draw

    wave_7 = factories.wave(db, now, number=7, quota=0)
    draw.commit_seed(db, wave_7.id, now)
    db.commit()
    user = factories.applicant_at(db, now, None, via_services=True, wave_id=wave_7.id)
    factories.announced(db, wave_7)
    later = wave_7.closes_at + timedelta(days=3)
    wave_8 = factories.wave(db, later, number=8)
    _rejoin(db, later, user, wave_8.id)
    assert waves.latest_application(db, user.id).wave_number == 8


def test_the_kk_cap_also_allows_rejoining(db, now, not_selected):
    _decided(db, not_selected, "not_selected", "kk_cap")
    wave_8 = factories.wave(db, now, number=8)
    _rejoin(db, now, not_selected, wave_8.id)
    assert waves.latest_application(db, not_selected.id).wave_number == 8


def _refused_rejoin(db, now, user, wave_id) -> DomainError:
    return factories.refused(db, _rejoin, now, user, wave_id)


def test_rejoining_needs_a_complete_registration(db, now, applicant):
    wave = factories.wave(db, now, number=8)
    refused = _refused_rejoin(db, now, applicant, wave.id)
    assert (refused.code, text(refused)) == (
        "registration_incomplete",
        "Selesaikan pendaftaran terlebih dahulu, lalu gabung ke gelombang yang dibuka.",
    )


def test_a_pending_application_cannot_rejoin(db, now):
    wave_7 = factories.wave(db, now, number=7)
    user = factories.applicant_at(db, now, None, via_services=True, wave_id=wave_7.id)
    wave_8 = factories.wave(db, now, number=8)
    refused = _refused_rejoin(db, now, user, wave_8.id)
    assert (refused.code, text(refused)) == (
        "application_pending",
        "Anda sudah terdaftar di Gelombang 7. Tunggu pengumuman hasil seleksinya.",
    )


def test_the_selected_cannot_rejoin(db, now, not_selected):
    _decided(db, not_selected, "selected")
    wave_8 = factories.wave(db, now, number=8)
    refused = _refused_rejoin(db, now, not_selected, wave_8.id)
    assert (refused.code, text(refused)) == (
        "already_selected",
        "Anda sudah terpilih sebagai penerima Kartu Prakerja.",
    )


def test_the_excluded_cannot_rejoin_and_learn_why(db, now, not_selected):
    _decided(db, not_selected, "excluded", "exclusion_asn")
    wave_8 = factories.wave(db, now, number=8)
    refused = _refused_rejoin(db, now, not_selected, wave_8.id)
    assert (refused.code, text(refused)) == (
        "application_excluded",
        "Anda tidak dapat bergabung kembali. Alasannya: NIK Anda terdaftar dalam daftar"
        " pengecualian: Aparatur Sipil Negara (ASN).",
    )


@pytest.mark.parametrize(
    "changes",
    [{"status": WaveStatus.CLOSED}, {"province_codes": "32"}],
    ids=["closed", "other_province"],
)
def test_rejoining_needs_a_wave_open_for_the_applicant(db, now, not_selected, changes):
    wave = factories.wave(db, now, number=8, **changes)
    refused = _refused_rejoin(db, now, not_selected, wave.id)
    assert (refused.code, text(refused)) == ("wave_closed", WAVE_CLOSED)


def test_results_drawn_but_not_published_read_as_pending(db, now, not_selected):
    wave = db.exec(select(Wave).where(Wave.number == 7)).one()
    wave.status = WaveStatus.DRAWN  # the draw wrote the result; it is not announced yet
    db.commit()
    refused = _refused_rejoin(db, now, not_selected, factories.wave(db, now, number=8).id)
    assert refused.code == "application_pending"
    assert waves.latest_application(db, not_selected.id).result == "pending"


def test_rejoining_checks_eligibility_again(db, now, not_selected):
    profile = factories.profile_of(db, not_selected.id)
    profile.in_formal_education = True
    db.commit()
    wave_8 = factories.wave(db, now, number=8)
    assert _refused_rejoin(db, now, not_selected, wave_8.id).code == "formal_education"


def test_a_double_click_rejoins_once(db, now, not_selected):
    wave_8 = factories.wave(db, now, number=8)
    _rejoin(db, now, not_selected, wave_8.id)
    before = factories.table_rows(db)
    refused = factories.raised(_rejoin, db, now, not_selected, wave_8.id)
    assert refused.code == "application_pending"
    assert factories.table_rows(db) == before


def test_two_rejoin_clicks_at_once_join_once(db, now, not_selected, monkeypatch):
    """Both clicks passed the checks; the database's unique application stops the second."""
    wave_8 = factories.wave(db, now, number=8)
    earlier = waves.latest_application(db, not_selected.id)
    _rejoin(db, now, not_selected, wave_8.id)
    monkeypatch.setattr(waves, "latest_application", lambda db, user_id: earlier)
    monkeypatch.setattr(waves, "joinable_waves", lambda db, **kwargs: [wave_8])
    before = factories.table_rows(db)
    _rejoin(db, now + timedelta(seconds=1), not_selected, wave_8.id)
    assert factories.table_rows(db) == before
