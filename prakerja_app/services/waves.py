"""Waves (gelombang): which one is open, and what the landing page says about it."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from prakerja_app.models import Wave, WaveApplication
from prakerja_app.services.vocab import WaveStatus


@dataclass(frozen=True)
class WaveSummary:
    """A wave as the public sees it."""

    number: int
    quota: int
    opens_at: datetime
    closes_at: datetime
    applicants: int


def open_wave(db: Session, now: datetime) -> Wave | None:
    """The wave open for joining at `now`, if any (the newest when several are)."""
    return db.exec(
        select(Wave)
        .where(
            Wave.status == WaveStatus.OPEN,
            col(Wave.opens_at) <= now,
            col(Wave.closes_at) > now,
        )
        .order_by(col(Wave.number).desc())
    ).first()


def open_wave_summary(db: Session, now: datetime) -> WaveSummary | None:
    """The open wave with its number of applicants, for the landing page."""
    wave = open_wave(db, now)
    if wave is None:
        return None
    applicants = db.exec(select(func.count()).where(WaveApplication.wave_id == wave.id)).one()
    return WaveSummary(wave.number, wave.quota, wave.opens_at, wave.closes_at, applicants)


def total_selected(db: Session) -> int:
    """How many people were selected over all announced waves."""
    total = db.exec(select(func.coalesce(func.sum(Wave.selected_count), 0))).one()
    return int(total)
