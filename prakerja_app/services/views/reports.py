"""Figures for the program office's pages."""

from dataclasses import dataclass

from sqlmodel import Session, SQLModel, func, select

from prakerja_app.models import Platform, Training, User, Wave


@dataclass(frozen=True)
class ProgramCounts:
    """How many of each thing the program has."""

    waves: int
    platforms: int
    trainings: int
    accounts: int


def program_counts(db: Session) -> ProgramCounts:
    """Count the waves, platforms, trainings and accounts."""

    def count(model: type[SQLModel]) -> int:
        return db.exec(select(func.count()).select_from(model)).one()

    return ProgramCounts(count(Wave), count(Platform), count(Training), count(User))
