"""The demo's data, read from the JSON files in ``data/`` (described in ``data/README.md``).

Dates in the files are ISO dates (``"2020-09-03"``); times are wall-clock times in Jakarta
(WIB) without an offset (``"2020-09-03T12:00"``), returned here as aware UTC datetimes.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.core.vocab import ExclusionReason

DATA_DIR = Path(__file__).parent / "data"

T = TypeVar("T")


@dataclass(frozen=True)
class DemoPlatform:
    """A digital platform; a withdrawn one has the time and the reason."""

    slug: str
    name: str
    website: str
    description: str
    withdrawn_at: datetime | None
    withdrawal_reason: str | None


@dataclass(frozen=True)
class DemoProvider:
    """A training provider (lembaga pelatihan)."""

    slug: str
    name: str
    city: str
    description: str


@dataclass(frozen=True)
class DemoTraining:
    """A training, sold on the platform `platform` by the provider `provider` (slugs)."""

    code: str
    title: str
    provider: str
    platform: str
    category: str
    format: str
    price: int
    duration_minutes: int
    description: str
    published_on: date


@dataclass(frozen=True)
class DemoWave:
    """A registration wave; `selected_count` is None while it has not been announced."""

    number: int
    opens_at: datetime
    closes_at: datetime
    quota: int
    selected_count: int | None


@dataclass(frozen=True)
class DemoExclusion:
    """An entry of an exclusion list the program office receives (fictional NIK)."""

    nik: str
    reason: ExclusionReason
    source: str


def _read(name: str) -> Any:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _wib(text: str | None) -> datetime | None:
    """``"2020-09-03T12:00"`` (WIB) -> ``2020-09-03 05:00 UTC``; None stays None."""
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=WIB).astimezone(UTC)


def _records(cls: type[T], name: str, **convert: Callable[[Any], Any]) -> tuple[T, ...]:
    """The objects of the list in `name`, with the fields in `convert` converted first."""
    return tuple(
        cls(**{**row, **{field: f(row[field]) for field, f in convert.items()}})
        for row in _read(name)
    )


def platforms() -> tuple[DemoPlatform, ...]:
    """The digital platforms, Ruangguru among them (withdrawn on 4 September 2020)."""
    return _records(DemoPlatform, "platforms.json", withdrawn_at=_wib)


def providers() -> tuple[DemoProvider, ...]:
    """The training providers."""
    return _records(DemoProvider, "providers.json")


def trainings() -> tuple[DemoTraining, ...]:
    """The trainings of the catalogue."""
    return _records(DemoTraining, "trainings.json", published_on=date.fromisoformat)


def waves() -> tuple[DemoWave, ...]:
    """The registration waves 1 to 7."""
    return _records(DemoWave, "waves.json", opens_at=_wib, closes_at=_wib)


def exclusions() -> tuple[DemoExclusion, ...]:
    """Sample entries of the exclusion lists."""
    return _records(DemoExclusion, "exclusions.json", reason=ExclusionReason)


def motivation_test() -> dict[str, Any]:
    """The motivation test, as the program setting ``motivation_test`` stores it: a fresh copy.

    Returns:
        ``{"duration_seconds": int, "questions": [{"text", "options", "scores"}, ...]}``.
    """
    return _read("motivation_test.json")
