"""The draw of a wave: committed seed, exclusions, priority, quota, KK cap, cards, messages."""

import hashlib
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from prakerja_app.models import (
    AuditLog,
    ExclusionEntry,
    LedgerEntry,
    OutboxMessage,
    Participant,
    User,
    Wave,
    WaveApplication,
    WaveProvinceQuota,
)
from prakerja_app.services.core import program
from prakerja_app.services.core.formatting import card_number_text as format_card_number
from prakerja_app.services.core.formatting import wib_datetime
from prakerja_app.services.core.vocab import ExclusionReason, WaveStatus
from prakerja_app.services.money import ledger
from prakerja_app.services.selection import announcements, cards, draw, outcomes
from prakerja_app.services.views.messages import text
from tests import factories

LAID_OFF = {"employment_status": "korban_phk"}
PROPOSED = {"ministry_proposed": True}


def _wave(db, now, number=7, **changes) -> Wave:
    """An open wave with its seed committed, as when it opened."""
    wave = factories.wave(db, now, number=number, **changes)
    draw.commit_seed(db, wave.id, now)
    db.commit()
    return wave


def _draw(db, wave) -> draw.SelectionReport:
    """Draw `wave` at the moment it closes, and publish its results."""
    return factories.announced(db, wave)


def _applications(db, wave) -> dict[int, WaveApplication]:
    rows = db.exec(
        select(WaveApplication)
        .where(WaveApplication.wave_id == wave.id)
        .execution_options(populate_existing=True)
    ).all()
    return {a.id: a for a in rows}


def _winners(db, wave) -> list[int]:
    """The selected application ids, in draw order (their card numbers' order)."""
    return list(
        db.exec(
            select(WaveApplication.id)
            .join(
                Participant,
                sa.and_(
                    col(Participant.user_id) == WaveApplication.user_id,
                    col(Participant.wave_id) == WaveApplication.wave_id,
                ),
            )
            .where(WaveApplication.wave_id == wave.id)
            .order_by(col(Participant.card_number))
        ).all()
    )


def _outcomes(db, wave) -> dict[int, tuple[str, str | None]]:
    """Each application's result and reason, as `outcomes` reads them."""
    announced = outcomes.is_announced()
    rows = db.connection().execute(
        sa.select(
            WaveApplication.id,
            outcomes.result_expression(announced),
            outcomes.reason_expression(announced),
        )
        .select_from(outcomes.with_participants())
        .join(Wave, col(Wave.id) == WaveApplication.wave_id)
        .where(WaveApplication.wave_id == wave.id)
    )
    return {i: (result, reason) for i, result, reason in rows}


def _results(db, wave, ids) -> set[tuple[str, str | None]]:
    found = _outcomes(db, wave)
    return {found[i] for i in ids}


def _luhn_valid(number: str) -> bool:
    total = 0
    for i, digit in enumerate(int(d) for d in reversed(number)):
        if i % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


# --- the seed ----------------------------------------------------------------------------


def test_opening_commits_a_secret_seed_by_its_public_hash(db, now):
    wave = factories.wave(db, now)
    digest = draw.commit_seed(db, wave.id, now)
    db.commit()
    db.refresh(wave)
    assert len(wave.seed) == 64 and int(wave.seed, 16) >= 0  # 32 random bytes, in hex
    assert digest == wave.seed_hash == hashlib.sha256(wave.seed.encode()).hexdigest()
    assert draw.revealed_seed(wave) is None
    entry = db.exec(select(AuditLog).where(AuditLog.action == "wave.seed_commit")).one()
    assert digest in entry.after_json and wave.seed not in entry.after_json


def test_committing_again_keeps_the_first_seed(db, now):
    wave = factories.wave(db, now)
    first = draw.commit_seed(db, wave.id, now)
    db.commit()
    seed = db.get(Wave, wave.id).seed
    assert draw.commit_seed(db, wave.id, now + timedelta(hours=1)) == first
    db.commit()
    db.refresh(wave)
    assert (wave.seed, wave.seed_hash) == (seed, first)
    assert len(db.exec(select(AuditLog).where(AuditLog.action == "wave.seed_commit")).all()) == 1


def test_a_seed_cannot_be_chosen_after_closing(db, now):
    wave = factories.wave(db, now)
    refused = factories.refused(db, draw.commit_seed, wave.id, wave.closes_at)
    assert refused.code == "seed_too_late"
    assert factories.raised(draw.commit_seed, db, 10_000, now).code == "wave_unknown"


def test_every_draw_uses_a_new_seed(db, now):
    first, second = _wave(db, now, number=7), _wave(db, now, number=8)
    assert first.seed != second.seed


# --- when the draw may run ---------------------------------------------------------------


def test_the_draw_is_refused_before_the_wave_closes(db, now):
    wave = _wave(db, now)
    factories.wave_applicants(db, wave.id, now, 3)
    refused = factories.refused(db, draw.run_selection, 7, wave.closes_at - timedelta(seconds=1))
    assert refused.code == "wave_not_closed"
    assert text(refused) == (
        "Seleksi Gelombang 7 baru dapat dijalankan setelah gelombang ditutup"
        f" ({wib_datetime(wave.closes_at)})."
    )


def test_a_wave_without_a_committed_seed_is_not_drawn(db, now):
    wave = factories.wave(db, now, number=7)
    factories.wave_applicants(db, wave.id, now, 2)
    refused = factories.refused(db, draw.run_selection, 7, wave.closes_at)
    assert refused.code == "seed_missing"


def test_an_unknown_or_unopened_wave_is_not_drawn(db, now):
    assert factories.raised(draw.run_selection, db, 99, now).code == "wave_unknown"
    wave = _wave(db, now, number=8)
    wave.status = WaveStatus.SCHEDULED
    db.commit()
    assert factories.raised(draw.run_selection, db, 8, wave.closes_at).code == ("wave_not_opened")


def test_drawing_twice_changes_nothing_and_reports_the_same(db, now):
    wave = _wave(db, now, quota=3)
    factories.wave_applicants(db, wave.id, now, 8)
    first = _draw(db, wave)
    before = factories.table_rows(db)
    again = draw.run_selection(db, 7, wave.closes_at + timedelta(days=1))
    assert again == first
    assert factories.table_rows(db) == before


# --- who is selected ---------------------------------------------------------------------


def test_the_quota_is_filled_and_never_exceeded(db, now):
    wave = _wave(db, now, quota=10)
    ids = factories.wave_applicants(db, wave.id, now, 25)
    report = _draw(db, wave)
    assert (report.applicants, report.excluded, report.selected, report.not_selected) == (
        25,
        0,
        10,
        15,
    )
    assert (report.quota, report.seed_hash, report.seed) == (10, wave.seed_hash, wave.seed)
    winners = _winners(db, wave)
    assert _results(db, wave, winners) == {("selected", None)}
    assert _results(db, wave, set(ids) - set(winners)) == {("not_selected", "quota")}
    numbers = db.exec(select(Participant.card_number).order_by(col(Participant.card_number)))
    assert numbers.all() == [cards.card_number(7, rank) for rank in range(1, 11)]
    db.refresh(wave)
    assert (wave.status, wave.selected_count, wave.announced_at) == (
        WaveStatus.ANNOUNCED,
        10,
        wave.closes_at,
    )
    assert draw.revealed_seed(wave) == wave.seed


def test_fewer_applicants_than_the_quota_are_all_selected(db, now):
    wave = _wave(db, now, quota=800_000)
    ids = factories.wave_applicants(db, wave.id, now, 4)
    assert _draw(db, wave).selected == 4
    assert sorted(_winners(db, wave)) == ids


def test_an_empty_wave_is_announced_with_no_one(db, now):
    wave = _wave(db, now)
    report = _draw(db, wave)
    assert (report.applicants, report.selected) == (0, 0)
    assert db.get(Wave, wave.id, populate_existing=True).selected_count == 0


def test_the_same_seed_draws_the_same_winners(db, now):
    wave = _wave(db, now, quota=7)
    factories.wave_applicants(db, wave.id, now, 20, **LAID_OFF)
    factories.wave_applicants(db, wave.id, now, 20)
    _draw(db, wave)
    first = _winners(db, wave)
    _undo_draw(db, wave)
    _draw(db, wave)
    assert _winners(db, wave) == first
    # Another seed orders the same applicants differently.
    _undo_draw(db, wave, seed="0" * 64)
    _draw(db, wave)
    assert _winners(db, wave) != first


def _undo_draw(db, wave, seed=None):
    """Put the wave back as it was before its draw (optionally with another seed)."""
    participants = select(Participant.id).where(Participant.wave_id == wave.id)
    db.exec(sa.delete(LedgerEntry).where(col(LedgerEntry.participant_id).in_(participants)))
    db.exec(sa.delete(Participant).where(Participant.wave_id == wave.id))
    db.exec(sa.delete(OutboxMessage))
    db.exec(
        sa.update(WaveApplication)
        .where(WaveApplication.wave_id == wave.id)
        .values(result="pending", reason_code=None, decided_at=None)
    )
    values = {"status": WaveStatus.OPEN, "announced_at": None, "selected_count": None}
    values |= {"results_queued_through": None, "results_queued_at": None}
    if seed is not None:
        values |= {"seed": seed, "seed_hash": hashlib.sha256(seed.encode()).hexdigest()}
    db.exec(sa.update(Wave).where(Wave.id == wave.id).values(**values))
    db.commit()


def test_excluded_applicants_are_never_selected(db, now):
    wave = _wave(db, now, quota=100)
    civil_servant, soldier, former, blacklisted = (
        factories.wave_applicants(db, wave.id, now, 1, **LAID_OFF)[0] for _ in range(4)
    )
    others = factories.wave_applicants(db, wave.id, now, 5)
    nik = {a.id: factories.profile_of(db, a.user_id).nik for a in _applications(db, wave).values()}
    db.add_all(
        [
            ExclusionEntry(
                nik=nik[civil_servant], reason=ExclusionReason.CIVIL_SERVANT, source="BKN"
            ),
            ExclusionEntry(nik=nik[soldier], reason=ExclusionReason.MILITARY, source="TNI"),
            ExclusionEntry(nik=nik[blacklisted], reason=ExclusionReason.BLACKLISTED, source="x"),
        ]
    )
    db.commit()
    factories.participant(db, now - timedelta(days=100), nik=nik[former])
    report = _draw(db, wave)
    assert (report.excluded, report.selected) == (4, 5)
    assert sorted(_winners(db, wave)) == others
    found = _applications(db, wave)
    assert {i: found[i].reason_code for i in (civil_servant, soldier, former, blacklisted)} == {
        civil_servant: "exclusion_asn",
        soldier: "exclusion_tni",
        former: "already_participant",
        blacklisted: "exclusion_blacklist",
    }
    assert {found[i].result for i in (civil_servant, soldier, former, blacklisted)} == {"excluded"}
    assert {found[i].decided_at for i in (civil_servant, soldier)} == {wave.closes_at}


def test_laid_off_and_proposed_applicants_are_drawn_first(db, now):
    wave = _wave(db, now, quota=20)
    first = factories.wave_applicants(db, wave.id, now, 10, **LAID_OFF)
    first += factories.wave_applicants(db, wave.id, now, 5, **PROPOSED)
    others = factories.wave_applicants(db, wave.id, now, 20)
    _draw(db, wave)
    groups = {e.application_id: e.priority_group for e in draw.published_draw(db, 7)}
    assert {groups[i] for i in first} == {1}
    assert {groups[i] for i in others} == {2}
    winners = _winners(db, wave)
    assert set(winners[:15]) == set(first)
    assert len(set(winners[15:]) & set(others)) == 5


def test_a_small_quota_goes_to_the_first_priority_group_only(db, now):
    wave = _wave(db, now, quota=3)
    first = factories.wave_applicants(db, wave.id, now, 6, **LAID_OFF)
    factories.wave_applicants(db, wave.id, now, 6)
    _draw(db, wave)
    assert set(_winners(db, wave)) < set(first)


def test_the_kk_cap_limits_the_selected_of_one_family_card(db, now):
    wave = _wave(db, now, quota=100, kk_cap=2)
    family = factories.wave_applicants(db, wave.id, now, 5, kk_number="3174050101777777")
    others = factories.wave_applicants(db, wave.id, now, 6)
    report = _draw(db, wave)
    assert report.selected == 8
    by_rank = sorted(family, key=lambda i: draw.draw_hash(wave.seed, i))
    assert set(_winners(db, wave)) == set(others) | set(by_rank[:2])
    assert _results(db, wave, by_rank[2:]) == {("not_selected", "kk_cap")}


def test_family_members_beyond_a_cap_not_reached_lose_to_the_quota(db, now):
    """Only one of the family fits in the quota: the others' reason is the quota, not the cap."""
    wave = _wave(db, now, quota=1, kk_cap=1)
    family = factories.wave_applicants(db, wave.id, now, 3, kk_number="3174050101888888")
    factories.wave_applicants(db, wave.id, now, 1, **LAID_OFF)  # takes the only place
    _draw(db, wave)
    assert _results(db, wave, family) == {("not_selected", "quota")}


def test_without_a_kk_cap_a_family_can_fill_the_quota(db, now):
    wave = _wave(db, now, quota=4)
    family = factories.wave_applicants(db, wave.id, now, 4, kk_number="3174050101666666")
    assert _draw(db, wave).selected == 4
    assert sorted(_winners(db, wave)) == family


# --- anyone can check the draw -----------------------------------------------------------


@pytest.mark.parametrize("kk_cap", [None, 1, 2])
def test_the_published_draw_recomputes_the_same_winners(db, now, kk_cap):
    wave = _wave(db, now, quota=12, kk_cap=kk_cap)
    for kk in ("3174050101111111", "3174050101222222"):
        factories.wave_applicants(db, wave.id, now, 4, kk_number=kk)
        factories.wave_applicants(db, wave.id, now, 2, kk_number=kk, **LAID_OFF)
    factories.wave_applicants(db, wave.id, now, 6, **PROPOSED)
    factories.wave_applicants(db, wave.id, now, 15)
    factories.wave_applicants(db, wave.id, now, 2, kk_number=None)
    excluded = factories.wave_applicants(db, wave.id, now, 3, **LAID_OFF)
    for application in excluded:
        user_id = db.get(WaveApplication, application).user_id
        db.add(
            ExclusionEntry(
                nik=factories.profile_of(db, user_id).nik, reason="polri", source="Polri"
            )
        )
    db.commit()
    assert factories.raised(draw.published_draw, db, 7).code == "not_announced"
    _draw(db, wave)
    db.refresh(wave)
    published = draw.published_draw(db, 7)
    assert len(published) == 38
    assert {e.application_id for e in published if e.excluded} == set(excluded)
    assert hashlib.sha256(wave.seed.encode()).hexdigest() == wave.seed_hash
    recomputed = draw.verify_draw(wave.seed, published, quota=12, kk_cap=kk_cap)
    assert recomputed == _winners(db, wave)
    assert draw.verify_draw("f" * 64, published, quota=12, kk_cap=kk_cap) != recomputed


@pytest.mark.parametrize(("quota", "kk_cap"), [(12, None), (12, 1), (5, None), (5, 2)])
def test_province_quotas_cap_each_province_and_the_draw_checks_out(db, now, quota, kk_cap):
    wave = _wave(db, now, quota=quota, kk_cap=kk_cap)
    limits = {"31": 2, "32": 3}
    db.add_all(
        WaveProvinceQuota(wave_id=wave.id, province_code=c, quota=q) for c, q in limits.items()
    )
    db.commit()
    jakarta = factories.wave_applicants(db, wave.id, now, 6, province_code="31")
    jakarta += factories.wave_applicants(
        db, wave.id, now, 3, province_code="31", kk_number="3174050101777777"
    )
    west_java = factories.wave_applicants(db, wave.id, now, 6, province_code="32")
    factories.wave_applicants(db, wave.id, now, 6, province_code="33")
    report = _draw(db, wave)
    winners = _winners(db, wave)
    assert len(set(winners) & set(jakarta)) <= 2 and len(set(winners) & set(west_java)) <= 3
    published = draw.published_draw(db, 7)
    assert {e.province for e in published} == {"31", "32", "33"}
    recomputed = draw.verify_draw(
        wave.seed, published, quota=quota, kk_cap=kk_cap, province_quotas=limits
    )
    assert recomputed == winners and report.selected == len(winners)
    if (quota, kk_cap) == (12, None):  # every place the provinces allow is taken
        assert len(winners) == 2 + 3 + 6
        losers = (set(jakarta) | set(west_java)) - set(winners)
        assert _results(db, wave, losers) == {("not_selected", "province_quota")}


def test_the_published_list_hides_the_kk_number(db, now):
    wave = _wave(db, now, quota=1)
    family = factories.wave_applicants(db, wave.id, now, 2, kk_number="3174050101555555")
    alone = factories.wave_applicants(db, wave.id, now, 1, kk_number=None)
    _draw(db, wave)
    published = {e.application_id: e for e in draw.published_draw(db, 7)}
    assert published[family[0]].family == published[family[1]].family == min(family)
    assert published[alone[0]].family is None


def test_verify_draw_takes_group_then_hash_order():
    seed = "ab" * 32
    entries = [draw.DrawEntry(i, 1 if i > 6 else 2, i == 8, None) for i in range(1, 11)]
    group_one = sorted([7, 9, 10], key=lambda i: draw.draw_hash(seed, i))
    assert draw.verify_draw(seed, entries, quota=3) == group_one
    assert draw.verify_draw(seed, entries, quota=0) == []
    hashed = hashlib.sha256(f"{seed}:7".encode()).hexdigest()
    assert draw.draw_hash(seed, 7) == hashed


# --- what the selected receive -----------------------------------------------------------


def test_the_selected_become_participants_with_a_card_and_the_balance(db, now):
    wave = _wave(db, now, number=7, quota=5)
    factories.wave_applicants(db, wave.id, now, 9)
    _draw(db, wave)
    participants = db.exec(
        select(Participant)
        .where(Participant.wave_id == wave.id)
        .order_by(col(Participant.card_number))
    ).all()
    assert [p.card_number for p in participants] == [cards.card_number(7, r) for r in range(1, 6)]
    winners = [db.get(WaveApplication, i).user_id for i in _winners(db, wave)]
    assert [p.user_id for p in participants] == winners
    for participant in participants:
        card = participant.card_number
        assert len(card) == 16 and card.isdigit() and card.startswith("5007")
        assert _luhn_valid(card)
        assert participant.nik == factories.profile_of(db, participant.user_id).nik
        assert participant.selected_at == wave.closes_at
        assert participant.first_purchase_deadline == wave.closes_at + timedelta(days=30)
        assert ledger.balance(db, participant.id) == program.TRAINING_BALANCE == 1_000_000
        [grant] = ledger.history(db, participant.id)
        assert (grant.kind, grant.idempotency_key) == ("grant", f"grant:{participant.id}")


def test_card_numbers_follow_the_scheme():
    assert cards.card_number(7, 1) == "5007000000000010"
    assert cards.card_number(12, 800_000) == "5012000008000007"
    assert all(
        _luhn_valid(cards.card_number(w, r))
        for w in (1, 7, 999)
        for r in (1, 2, 9, 10, 99, 12_345, 800_000, 99_999_999_999)
    )


def test_the_database_computes_card_numbers_like_python(db):
    ranks = [1, 2, 5, 9, 10, 55, 12_345, 800_000, 4_567_890_123, 99_999_999_999]
    for wave_number in (7, 123, 999):
        computed = db.exec(
            sa.select(*(cards.card_expression(wave_number, sa.literal(r)) for r in ranks))
        ).one()
        assert list(computed) == [cards.card_number(wave_number, r) for r in ranks]


def test_everyone_is_told_the_outcome(db, now):
    wave = _wave(db, now, quota=1)
    [winner] = factories.wave_applicants(db, wave.id, now, 1, **LAID_OFF)
    [loser] = factories.wave_applicants(db, wave.id, now, 1)
    [listed] = factories.wave_applicants(db, wave.id, now, 1)
    listed_user = db.get(WaveApplication, listed).user_id
    db.add(
        ExclusionEntry(
            nik=factories.profile_of(db, listed_user).nik,
            reason=ExclusionReason.VILLAGE_OFFICIAL,
            source="Kemendes",
        )
    )
    db.commit()
    _draw(db, wave)
    assert db.exec(select(OutboxMessage)).all() == []  # they fan out after the draw's commit
    announcements.queue_all(db, 7, wave.closes_at)
    winner_user = db.get(User, db.get(WaveApplication, winner).user_id)
    card = db.exec(select(Participant.card_number)).one()
    deadline = wib_datetime(wave.closes_at + timedelta(days=30))
    [email] = factories.outbox(db, winner_user.email, "email")
    assert email.subject == "Selamat! Anda lolos seleksi Kartu Prakerja Gelombang 7"
    assert f"Halo {winner_user.full_name}," in email.body
    assert f"Nomor Kartu Prakerja: {format_card_number(card)}" in email.body
    assert "Saldo pelatihan: Rp 1.000.000" in email.body
    assert f"paling lambat {deadline}" in email.body
    [sms] = factories.outbox(db, factories.profile_of(db, winner_user.id).phone, "sms")
    assert format_card_number(card) in sms.body and deadline in sms.body
    assert email.status == sms.status == "pending"

    loser_user = db.get(User, db.get(WaveApplication, loser).user_id)
    [email] = factories.outbox(db, loser_user.email)
    assert email.subject == "Hasil seleksi Kartu Prakerja Gelombang 7"
    assert "belum terpilih" in email.body
    assert "Alasannya: Kuota gelombang ini sudah terpenuhi" in email.body
    assert "gelombang berikutnya dengan satu klik" in email.body
    assert factories.outbox(db, factories.profile_of(db, loser_user.id).phone) == []

    [email] = factories.outbox(db, db.get(User, listed_user).email)
    assert (
        "Alasannya: NIK Anda terdaftar dalam daftar pengecualian: Kepala desa atau perangkat"
        " desa." in email.body
    )
    assert "gelombang berikutnya" not in email.body


def test_the_draw_and_its_publication_are_in_the_audit_log(db, now):
    wave = _wave(db, now, quota=2)
    factories.wave_applicants(db, wave.id, now, 3)
    _draw(db, wave)
    entry = db.exec(select(AuditLog).where(AuditLog.action == "wave.select")).one()
    assert (entry.entity, entry.entity_id) == ("wave", str(wave.id))
    assert wave.seed not in entry.after_json and '"selected": 2' in entry.after_json
    published = db.exec(select(AuditLog).where(AuditLog.action == "wave.publish")).one()
    assert wave.seed in published.after_json and wave.seed_hash in published.after_json


def test_a_failed_draw_changes_nothing(db, now, monkeypatch):
    wave = _wave(db, now, quota=2)
    factories.wave_applicants(db, wave.id, now, 3)

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(draw, "_grant_balances", broken)
    factories.refused(db, draw.run_selection, 7, wave.closes_at, error=RuntimeError)
    monkeypatch.undo()
    assert _draw(db, wave).selected == 2
