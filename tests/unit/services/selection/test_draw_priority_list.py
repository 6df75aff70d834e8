"""The ministry's priority list puts an NIK in the draw's first group, and the published
draw keeps the group the draw used even after the list is replaced."""

import sqlalchemy as sa
from sqlmodel import col, select

from prakerja_app.models import ApplicantProfile, Participant, PriorityEntry, WaveApplication
from prakerja_app.services.core.vocab import PrioritySource
from prakerja_app.services.selection import draw
from tests import factories


def _niks(db, application_ids: list[int]) -> list[str]:
    return list(
        db.exec(
            select(ApplicantProfile.nik)
            .join(WaveApplication, col(WaveApplication.user_id) == ApplicantProfile.user_id)
            .where(col(WaveApplication.id).in_(application_ids))
        ).all()
    )


def _selected(db, wave_id: int) -> set[int]:
    return set(
        db.exec(
            select(WaveApplication.id)
            .join(Participant, col(Participant.user_id) == WaveApplication.user_id)
            .where(WaveApplication.wave_id == wave_id)
        ).all()
    )


def test_an_nik_on_the_priority_list_is_drawn_first_and_stays_verifiable(db, now):
    wave = factories.wave(db, now, number=7, quota=4)
    draw.commit_seed(db, wave.id, now)
    db.commit()
    listed = factories.wave_applicants(db, wave.id, now, 4)
    factories.wave_applicants(db, wave.id, now, 12)
    niks = _niks(db, listed)
    db.add_all(PriorityEntry(nik=nik, source=PrioritySource.KEMNAKER) for nik in niks)
    db.add(PriorityEntry(nik=niks[0], source=PrioritySource.BPJSTK))  # twice: one place
    db.commit()

    factories.announced(db, wave)
    assert _selected(db, wave.id) == set(listed)
    published = draw.published_draw(db, 7)
    assert {e.application_id for e in published if e.priority_group == 1} == set(listed)

    db.exec(sa.delete(PriorityEntry))  # the next upload replaces the list
    db.commit()
    again = draw.published_draw(db, 7)
    assert again == published
    assert set(draw.verify_draw(wave.seed, again, quota=4)) == set(listed)
