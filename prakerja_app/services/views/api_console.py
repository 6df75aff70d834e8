"""The console's page of providers' API keys (/admin/katalog/api): each provider's key
and its calls of the last 24 hours, one provider's recent calls, paged on the server, and
a key just issued, in words."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import ApiCall, TrainingProvider
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.marketplace.api_credentials import IssuedKey

T = TypeVar("T")
PAGE_SIZE = 20
MAX_PAGE = 10_000
RECENT = timedelta(hours=24)  # the window of the providers' call and error counts


@dataclass(frozen=True)
class ProviderRow:
    """A provider as the page lists it."""

    id: int
    name: str
    client_code: str  # "" before its first key
    has_key: bool
    key_label: str  # "Belum ada kunci", "Diterbitkan ..."
    previous_label: str  # "Kunci lama berlaku sampai ...", or ""
    calls: int  # in the last 24 hours
    errors: int  # refused among them
    last_call: str


@dataclass(frozen=True)
class CallRow:
    """One logged API call."""

    when: str
    endpoint: str
    http_status: int
    outcome: str  # "Berhasil", or "Ditolak: <error code>"
    failed: bool
    duration: str


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of rows found; `page` is the page shown (1..pages)."""

    rows: list[T]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class CallsPage:
    """One provider's logged calls (the last 30 days, newest first)."""

    provider: str
    errors: str  # "3 dari 120 panggilan ditolak"
    calls: Paged[CallRow]


@dataclass(frozen=True)
class NewKey:
    """A key just issued, as its dialog shows it (once)."""

    provider: str
    client_code: str
    sign_key: str
    previous: str  # what happens to the key it replaced


def _pages(total: int, page: int) -> tuple[int, int]:
    pages = max(1, -(-total // PAGE_SIZE))
    return min(max(page, 1), pages, MAX_PAGE), pages


def _previous(until: datetime | None, now: datetime) -> str:
    if until is None or until <= now:
        return ""
    return f"Kunci lama masih berlaku sampai {wib_datetime(until)}"


def providers(db: Session, *, now: datetime, page: int = 1) -> Paged[ProviderRow]:
    """One page of the providers, by name, with their calls of the last 24 hours."""
    recent = (
        select(
            col(ApiCall.provider_id).label("provider_id"),
            func.count().label("calls"),
            func.sum(sa.case((col(ApiCall.http_status) != 200, 1), else_=0)).label("errors"),
        )
        .where(col(ApiCall.called_at) >= now - RECENT, col(ApiCall.called_at) <= now)
        .group_by(col(ApiCall.provider_id))
        .subquery("recent")
    )
    total = db.exec(select(func.count()).select_from(TrainingProvider)).one()
    page, pages = _pages(total, page)
    rows = db.exec(
        select(TrainingProvider, recent.c.calls, recent.c.errors)
        .outerjoin(recent, recent.c.provider_id == TrainingProvider.id)
        .order_by(col(TrainingProvider.name), col(TrainingProvider.id))
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    last_calls = dict(
        db.exec(
            select(ApiCall.provider_id, func.max(ApiCall.called_at))
            .where(col(ApiCall.provider_id).in_([p.id for p, _, _ in rows]))
            .group_by(col(ApiCall.provider_id))
        ).all()
    )
    return Paged(
        rows=[
            ProviderRow(
                id=p.id or 0,
                name=p.name,
                client_code=p.client_code or "",
                has_key=p.sign_key_sealed is not None,
                key_label=(
                    f"Diterbitkan {wib_datetime(p.key_issued_at)}"
                    if p.sign_key_sealed and p.key_issued_at
                    else "Aktif"
                    if p.sign_key_sealed
                    else "Belum ada kunci"
                ),
                previous_label=_previous(
                    p.previous_key_until if p.previous_key_sealed else None, now
                ),
                calls=int(calls or 0),
                errors=int(errors or 0),
                last_call=wib_datetime(last_calls[p.id]) if p.id in last_calls else "Belum pernah",
            )
            for p, calls, errors in rows
        ],
        total=total,
        page=page,
        pages=pages,
    )


def calls(db: Session, *, provider_id: int, page: int = 1) -> CallsPage | None:
    """One page of a provider's logged calls, newest first (None: no such provider)."""
    provider = db.get(TrainingProvider, provider_id)
    if provider is None:
        return None
    mine = col(ApiCall.provider_id) == provider_id
    total, errors = db.exec(
        select(
            func.count(),
            func.coalesce(func.sum(sa.case((col(ApiCall.http_status) != 200, 1), else_=0)), 0),
        ).where(mine)
    ).one()
    page, pages = _pages(total, page)
    found = db.exec(
        select(ApiCall)
        .where(mine)
        .order_by(col(ApiCall.called_at).desc(), col(ApiCall.id).desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return CallsPage(
        provider=provider.name,
        errors=f"{number(int(errors))} dari {number(total)} panggilan ditolak",
        calls=Paged(
            rows=[
                CallRow(
                    when=wib_datetime(c.called_at),
                    endpoint=c.endpoint,
                    http_status=c.http_status,
                    outcome=f"Ditolak: {c.error_code}" if c.error_code else "Berhasil",
                    failed=c.http_status != 200,
                    duration=f"{number(c.duration_ms)} ms",
                )
                for c in found
            ],
            total=total,
            page=page,
            pages=pages,
        ),
    )


def new_key(issued: IssuedKey) -> NewKey:
    """A key just issued, in words."""
    return NewKey(
        provider=issued.provider,
        client_code=issued.client_code,
        sign_key=issued.sign_key,
        previous=(
            f"Kunci lama tetap diterima sampai {wib_datetime(issued.previous_until)}, lalu ditolak."
            if issued.previous_until
            else "Tidak ada kunci lama yang masih diterima."
        ),
    )
