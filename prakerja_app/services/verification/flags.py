"""Finding the signals that send an applicant to the verification queue.

The rules **[ours]** (docs/console.md, "The verification queue"):

- photo: a KTP photo or selfie within `evidence.PHOTO_DISTANCE` bits (pHash, 64 bits)
  of another applicant's photo (different accounts hold different NIKs); blank pictures
  are not compared;
- phone: one number for which codes were asked by more than `PHONE_CAP` accounts (an
  account holds one number, and a number one account, by the database; agents try a
  number on many accounts);
- kk: a family card held by more applicants of one wave than that wave's KK cap
  (`Wave.kk_cap`), while the wave is not drawn yet;
- client: more than `CLIENT_CAP` accounts created from one client (`AccountOrigin`);
- registry: a registry status other than "ok" or "offline" (`identity.Registry`).

Only applicants with an NIK who are not participants get a case; the others appear as
evidence. Each (applicant, evidence) is one `VerificationFlag`, found once: a sweep
that finds it again changes nothing. A new flag joins the applicant's open case, or the
rejected one (the decision stands), or opens a case (none yet, or the last one was
approved: new evidence is looked at again). At most `EVIDENCE_MAX` others are kept per
shared phone, card or client.

`detect` runs at "Kirim data" for that applicant (their photos against all others,
their client and registry status; the phone and the wave come later), and `sweep` (the
job, every 15 minutes) for everyone, photos of the last day again.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from prakerja_app.models import (
    AccountOrigin,
    ApplicantProfile,
    OtpCode,
    Participant,
    PhotoFingerprint,
    VerificationCase,
    VerificationFlag,
    Wave,
    WaveApplication,
    id_of,
)
from prakerja_app.services.core.vocab import CaseStatus, FlagKind, WaveStatus
from prakerja_app.services.verification.evidence import BANDS, PHOTO_DISTANCE, distance

logger = logging.getLogger(__name__)

PHONE_CAP = 2  # accounts that may ask for codes to one number
CLIENT_CAP = 5  # accounts that may be created from one client (a family, a small office)
EVIDENCE_MAX = 20  # others kept as evidence per shared phone, card or client
REGISTRY_CLEAR = frozenset({"ok", "offline"})
PHONE_CODE_PURPOSE = "phone"  # `registration.phone_verification.PURPOSE`
PHOTO_RECHECK = timedelta(days=1)  # photos the sweep compares again with all others
_CHUNK = 500
_UNDRAWN = (WaveStatus.SCHEDULED, WaveStatus.OPEN, WaveStatus.CLOSED)


@dataclass(frozen=True)
class Signal:
    """One flag to raise: the applicant, the kind, the other applicant (the evidence) and
    the fact: bits apart (photo), "members/cap" (phone, kk, client), the status (registry)."""

    user_id: int
    kind: FlagKind
    other_user_id: int | None
    detail: str
    scope: str = ""  # tells flags of one kind and evidence apart (the wave, for kk)

    @property
    def key(self) -> str:
        """What makes the flag the same one when it is found again."""
        return ":".join(str(p) for p in (self.kind, self.scope, self.other_user_id or "") if p)


@dataclass(frozen=True)
class DetectReport:
    """What a detection added."""

    flags: int
    cases: int


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(set(ids))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _photos(db: Session, user_ids: list[int] | None) -> list[Signal]:
    mine, theirs = aliased(PhotoFingerprint), aliased(PhotoFingerprint)
    nearest: dict[tuple[int, int], int] = {}
    for band in range(BANDS):
        a, b = getattr(mine, f"band{band}"), getattr(theirs, f"band{band}")
        query = (
            select(mine.user_id, mine.phash, theirs.user_id, theirs.phash)
            .join(theirs, sa.and_(b == a, col(theirs.user_id) != mine.user_id))
            .where(a.is_not(None))
        )
        if user_ids is not None:
            query = query.where(col(mine.user_id).in_(user_ids))
        for user, phash, other, other_hash in db.exec(query):
            bits = distance(phash, other_hash)
            if bits <= PHOTO_DISTANCE:
                for pair in ((user, other), (other, user)):
                    nearest[pair] = min(bits, nearest.get(pair, bits))
    return [Signal(u, FlagKind.PHOTO, o, str(bits)) for (u, o), bits in nearest.items()]


def _shared(
    kind: FlagKind, groups: dict[Any, list[int]], cap: int, scope: str = ""
) -> list[Signal]:
    """Every member of each group beyond the cap, with (up to EVIDENCE_MAX) others."""
    signals: list[Signal] = []
    for members in groups.values():
        if len(members) <= cap:
            continue
        detail = f"{len(members)}/{cap}"
        for user in members:
            others = [m for m in members if m != user][:EVIDENCE_MAX]
            signals.extend(Signal(user, kind, other, detail, scope) for other in others)
    return signals


def _grouped(rows: Iterable[tuple[Any, int]]) -> dict[Any, list[int]]:
    groups: dict[Any, list[int]] = defaultdict(list)
    for key, user in rows:
        if user not in groups[key]:
            groups[key].append(user)
    return groups


def _involving(column: Any, source: Any, user_column: Any, user_ids: list[int] | None):
    """Restrict a group key to the groups one of `user_ids` belongs to (None: all)."""
    if user_ids is None:
        return sa.true()
    return column.in_(select(source).where(user_column.in_(user_ids)))


def _phones(db: Session) -> list[Signal]:
    codes = col(OtpCode.purpose) == PHONE_CODE_PURPOSE
    crowded = (
        select(OtpCode.target)
        .where(codes)
        .group_by(col(OtpCode.target))
        .having(func.count(sa.distinct(col(OtpCode.user_id))) > PHONE_CAP)
    )
    rows = db.exec(
        select(OtpCode.target, OtpCode.user_id)
        .where(codes, col(OtpCode.target).in_(crowded))
        .distinct()
        .order_by(col(OtpCode.target), col(OtpCode.user_id))
    )
    return _shared(FlagKind.PHONE, _grouped(rows), PHONE_CAP)


def _clients(db: Session, user_ids: list[int] | None) -> list[Signal]:
    origin = AccountOrigin
    crowded = (  # for one applicant, only their client's group is counted (an index read)
        select(origin.client_hash)
        .where(
            _involving(col(origin.client_hash), origin.client_hash, col(origin.user_id), user_ids)
        )
        .group_by(col(origin.client_hash))
        .having(func.count() > CLIENT_CAP)
    )
    rows = db.exec(
        select(origin.client_hash, origin.user_id)
        .where(col(origin.client_hash).in_(crowded))
        .order_by(col(origin.client_hash), col(origin.user_id))
    )
    return _shared(FlagKind.CLIENT, _grouped(rows), CLIENT_CAP)


def _family_cards(db: Session) -> list[Signal]:
    signals: list[Signal] = []
    waves = db.exec(
        select(Wave).where(col(Wave.kk_cap).is_not(None), col(Wave.status).in_(_UNDRAWN))
    ).all()
    for wave in waves:
        cap = wave.kk_cap or 0
        kk = col(ApplicantProfile.kk_number)
        joined = col(ApplicantProfile.user_id) == WaveApplication.user_id
        crowded = (
            select(ApplicantProfile.kk_number)
            .join(WaveApplication, joined)
            .where(WaveApplication.wave_id == wave.id)
            .group_by(kk)
            .having(func.count() > cap)
        )
        rows = db.exec(
            select(ApplicantProfile.kk_number, WaveApplication.user_id)
            .join(ApplicantProfile, joined)
            .where(WaveApplication.wave_id == wave.id, kk.is_not(None), kk.in_(crowded))
            .order_by(kk, col(WaveApplication.user_id))
        )
        signals += _shared(FlagKind.KK, _grouped(rows), cap, scope=str(wave.number))
    return signals


def _registry(db: Session, user_ids: list[int] | None) -> list[Signal]:
    status = col(ApplicantProfile.registry_status)
    query = select(ApplicantProfile.user_id, ApplicantProfile.registry_status).where(
        status.is_not(None), status.not_in(REGISTRY_CLEAR)
    )
    if user_ids is not None:
        query = query.where(col(ApplicantProfile.user_id).in_(user_ids))
    return [Signal(user, FlagKind.REGISTRY, None, found or "") for user, found in db.exec(query)]


def _subjects(db: Session, user_ids: set[int]) -> set[int]:
    """Those of `user_ids` who may have a case: an NIK, and no card yet."""
    found: set[int] = set()
    for chunk in _chunks(user_ids):
        found.update(
            db.exec(
                select(ApplicantProfile.user_id)
                .outerjoin(Participant, col(Participant.user_id) == ApplicantProfile.user_id)
                .where(
                    col(ApplicantProfile.user_id).in_(chunk),
                    col(ApplicantProfile.nik).is_not(None),
                    col(Participant.id).is_(None),
                )
            )
        )
    return found


def _write(db: Session, signals: list[Signal], now: datetime) -> DetectReport:
    subjects = _subjects(db, {s.user_id for s in signals})
    signals = [s for s in signals if s.user_id in subjects]
    known: set[tuple[int, str]] = set()
    latest: dict[int, VerificationCase | None] = {}
    for chunk in _chunks(subjects):
        known.update(
            db.exec(
                select(VerificationFlag.user_id, VerificationFlag.key).where(
                    col(VerificationFlag.user_id).in_(chunk)
                )
            )
        )
        for row in db.exec(
            select(VerificationCase)
            .where(col(VerificationCase.user_id).in_(chunk))
            .order_by(col(VerificationCase.id))
        ):
            latest[row.user_id] = row
    added = opened = 0
    for signal in sorted(signals, key=lambda s: (s.user_id, s.key)):
        if (signal.user_id, signal.key) in known:
            continue
        known.add((signal.user_id, signal.key))
        case = latest.get(signal.user_id)
        if case is None or case.status == CaseStatus.APPROVED:
            case = VerificationCase(user_id=signal.user_id, status=CaseStatus.OPEN, opened_at=now)
            db.add(case)
            db.flush()
            latest[signal.user_id], opened = case, opened + 1
        db.add(
            VerificationFlag(
                case_id=id_of(case),
                user_id=signal.user_id,
                kind=signal.kind,
                other_user_id=signal.other_user_id,
                key=signal.key,
                detail=signal.detail[:32],
                found_at=now,
            )
        )
        added += 1
    return DetectReport(added, opened)


def _raise(db: Session, found: list[Signal], now: datetime) -> DetectReport:
    """Write the new ones of `found`; a race with another detection opening the same case
    is given up (a savepoint rolls back; the next sweep finds it)."""
    if not found:
        return DetectReport(0, 0)
    try:
        with db.begin_nested():
            return _write(db, found, now)
    except IntegrityError:
        logger.warning("verification flags raced another detection; the sweep will add them")
        return DetectReport(0, 0)


def detect(db: Session, *, now: datetime, user_ids: list[int]) -> DetectReport:
    """At "Kirim data": raise the flags of `user_ids` known by then (their photos against
    every other photo, their client, their registry status), and the same flags of those
    they share with; in the caller's transaction (the caller commits)."""
    found = [*_photos(db, user_ids), *_clients(db, user_ids), *_registry(db, user_ids)]
    return _raise(db, found, now)


def sweep(db: Session, now: datetime) -> DetectReport:
    """The job: raise every applicant's new flags; commits.

    Phones, family cards, clients and registry statuses are grouped over everyone. Photos
    are compared at "Kirim data", each against all others through the bands' indexes; the
    sweep compares again those stored in the last `PHOTO_RECHECK` (one missed by a race),
    rather than every pair of millions each time.
    """
    recent = list(
        db.exec(
            select(PhotoFingerprint.user_id)
            .where(col(PhotoFingerprint.created_at) >= now - PHOTO_RECHECK)
            .distinct()
        )
    )
    found = [
        *(_photos(db, recent) if recent else []),
        *_phones(db),
        *_family_cards(db),
        *_clients(db, None),
        *_registry(db, None),
    ]
    report = _raise(db, found, now)
    db.commit()
    return report
