"""Delisting a digital platform, as Ruangguru left on 4 September 2020: first what it
stops (`preview_delisting`), then doing it (`delist`).

A delisting marks the platform "withdrawn" at once, with its reason and the time it takes
effect (typed in WIB, stored in UTC; now or later, never earlier). Until that time the
platform sells as before; from then on `catalogue` offers none of its trainings and no
purchase of them is made, both judged against the program's ``now``.

Vouchers already bought on the platform and not yet redeemed stay valid: the participant
paid for the training out of their balance, the training provider (Ruangguru stayed one)
still gives it, and the redeem-code API accepts the code as before. Cancelling them
would move money for trainings the participant still wants and can still take; in 2020
the program office told those who had bought on Ruangguru that they could still follow
their training. The preview counts them so the office can tell those participants.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, func, select

from prakerja_app.models import Platform, Purchase, Training, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError, collect, refuse_fields
from prakerja_app.services.core.formatting import WIB
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import PlatformStatus, PurchaseStatus
from prakerja_app.services.marketplace.errors import MarketplaceError

REASON_MIN = 10
REASON_MAX = 300  # `Platform.withdrawal_reason`
SAMPLE = 5  # trainings named in the preview
# A time this little before now means now: the form's default, filled in when the page
# was opened, or the current minute typed a moment ago.
GRACE = timedelta(minutes=5)
MAX_ID = 2**31 - 1
_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Delisting:
    """What a delisting does: the trainings it stops and the vouchers left to redeem."""

    platform_id: int
    platform: str
    reason: str
    effective_at: datetime
    trainings: int  # trainings on sale now that will no longer be sold
    sample: list[str]  # the first few of them, "code · title", by title
    unredeemed: int  # vouchers bought on the platform and not yet redeemed
    unredeemed_value: int  # what they cost, in rupiah


def _platform(db: Session, platform_id: object, lock: bool) -> Platform:
    """The platform, still listed; locked until the transaction ends when `lock`."""
    known = (
        db.get(Platform, platform_id, with_for_update=lock)
        if isinstance(platform_id, int)
        and not isinstance(platform_id, bool)
        and 0 < platform_id <= MAX_ID
        else None
    )
    if known is None:
        raise DomainError(MarketplaceError.PLATFORM_UNKNOWN, field="platform")
    if known.status != PlatformStatus.ACTIVE:
        raise DomainError(
            MarketplaceError.PLATFORM_ALREADY_WITHDRAWN,
            field="platform",
            withdrawn_at=known.withdrawn_at,
        )
    return known


def _reason(raw: object) -> str:
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    if len(text) < REASON_MIN:
        raise DomainError(MarketplaceError.DELISTING_REASON_TOO_SHORT, minimum=REASON_MIN)
    if len(text) > REASON_MAX:
        raise DomainError(MarketplaceError.DELISTING_REASON_TOO_LONG, maximum=REASON_MAX)
    return text


def _effective_at(raw: object, now: datetime) -> datetime:
    """A WIB time "2020-09-04T12:00" as UTC, not before now (within `GRACE`: now)."""
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        if not _LOCAL_TIME.fullmatch(text):
            raise ValueError(text)
        moment = datetime.fromisoformat(text).replace(tzinfo=WIB).astimezone(UTC)
    except (ValueError, OverflowError):  # not a date, or year 1 before UTC begins
        raise DomainError(MarketplaceError.EFFECTIVE_TIME_INVALID) from None
    if moment < now - GRACE:
        raise DomainError(MarketplaceError.EFFECTIVE_TIME_PAST)
    return max(moment, now)


def _checked(
    db: Session,
    now: datetime,
    platform_id: object,
    reason: object,
    effective_at: object,
    *,
    lock: bool = False,
) -> tuple[Platform, Delisting]:
    platform = _platform(db, platform_id, lock)
    errors: dict[str, DomainError] = {}
    text = collect(errors, "reason", lambda: _reason(reason))
    moment = collect(errors, "effective_at", lambda: _effective_at(effective_at, now))
    if errors or text is None or moment is None:
        raise refuse_fields(**errors)
    pid = id_of(platform)
    on_sale = (Training.platform_id == pid, col(Training.active).is_(True))
    trainings = db.exec(select(func.count()).select_from(Training).where(*on_sale)).one()
    sample = db.exec(
        select(Training.code, Training.title)
        .where(*on_sale)
        .order_by(col(Training.title), col(Training.code))
        .limit(SAMPLE)
    ).all()
    unredeemed, value = db.exec(
        select(func.count(), func.coalesce(func.sum(Purchase.price), 0))
        .select_from(Purchase)
        .join(Training, col(Training.id) == col(Purchase.training_id))
        .where(Training.platform_id == pid, Purchase.status == PurchaseStatus.BOUGHT)
    ).one()
    return platform, Delisting(
        platform_id=pid,
        platform=platform.name,
        reason=text,
        effective_at=moment,
        trainings=int(trainings),
        sample=[f"{code} · {title}" for code, title in sample],
        unredeemed=int(unredeemed),
        unredeemed_value=int(value),
    )


def preview_delisting(
    db: Session, *, now: datetime, platform_id: int, reason: str, effective_at: str
) -> Delisting:
    """What delisting the platform would do, checked as `delist` checks it; changes nothing.

    Args:
        db: the session (only read).
        now: the program time.
        platform_id: the platform's id.
        reason: why it leaves, 10-300 characters (spaces are tidied).
        effective_at: when it takes effect, "YYYY-MM-DDTHH:MM" in WIB, not before now
            (a time up to 5 minutes ago means now).

    Raises:
        DomainError: ``platform_unknown`` or ``platform_already_withdrawn`` (field
            ``platform``); or a FormErrors with ``delisting_reason_too_short``/``_too_long``
            (``reason``) and ``effective_time_invalid``/``effective_time_past``
            (``effective_at``).
    """
    return _checked(db, now, platform_id, reason, effective_at)[1]


def delist(
    db: Session,
    *,
    now: datetime,
    actor_id: int,
    platform_id: int,
    reason: str,
    effective_at: str,
) -> Delisting:
    """Delist the platform from `effective_at`, audited as ``platform.delist``; commit.

    Unredeemed vouchers stay valid (see the module's docstring).

    Raises:
        DomainError: as `preview_delisting`, checked again in this transaction.
    """
    with committing(db):
        platform, done = _checked(db, now, platform_id, reason, effective_at, lock=True)
        before = {"status": platform.status, "withdrawn_at": platform.withdrawn_at}
        platform.status = PlatformStatus.WITHDRAWN
        platform.withdrawn_at, platform.withdrawal_reason = done.effective_at, done.reason
        db.add(platform)
        audit.record(
            db,
            actor_id=actor_id,
            action="platform.delist",
            entity="platform",
            entity_id=done.platform_id,
            before=before,
            after={
                "status": platform.status,
                "withdrawn_at": done.effective_at,
                "reason": done.reason,
                "trainings_on_sale": done.trainings,
                "unredeemed_vouchers": done.unredeemed,
            },
        )
    return done
