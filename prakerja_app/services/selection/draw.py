"""The selection of a wave: a reproducible, auditable draw, from the committed seed to cards.

How a wave is drawn **[ours]** (docs/program-rules.md, "Waves and the draw"):

1. When the wave opens, `commit_seed` draws a secret random seed and publishes its SHA-256
   (`Wave.seed_hash`). The seed itself stays secret until the results are announced.
2. After the wave closes, `run_selection` decides every application in one transaction of
   set-based SQL (the same statements on SQLite and PostgreSQL, no loop over rows):

   a. exclusions first: an NIK on an exclusion list (ASN, TNI, Polri, ..., blacklisted),
      an NIK or account that already holds a card, or an application without an NIK is
      "excluded", with the reason (``exclusion_asn``, ``already_participant``, ...);
   b. priority groups: 1 for laid-off workers (korban PHK) and people proposed by the
      ministry, 2 for everyone else;
   c. the eligible are ordered by (group, SHA-256 hex of ``f"{seed}:{application_id}"``,
      application id); ``draw_rank`` is that position. With a KK cap (`Wave.kk_cap`),
      members of one family card beyond the cap in that order are passed over. The first
      `Wave.quota` of the rest are "selected"; the others are "not_selected" with the
      reason ``quota`` (or ``kk_cap`` when their family card's places were all taken);
   d. each selected applicant becomes a `Participant` with a card number, the training
      balance (a ledger grant) and a first-purchase deadline; everyone is told the
      outcome (outbox email, plus an SMS for the selected).

3. With the results the seed is revealed; `published_draw` lists what the draw used
   (application id, group, excluded, family) and anyone can recompute the winners with
   `verify_draw`, and check the seed against the hash published at opening.

Card numbers come from the wave and the draw rank (`cards`); the result messages are
queued by `announcements`.
"""

import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import (
    ApplicantProfile,
    ExclusionEntry,
    LedgerEntry,
    Participant,
    Wave,
    WaveApplication,
)
from prakerja_app.services.core import audit, program
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.sql import table_of, text_literal, time_literal
from prakerja_app.services.core.vocab import (
    EXCLUSION_REASON_PREFIX,
    ApplicationResult,
    Employment,
    LedgerKind,
    SelectionReason,
    WaveStatus,
)
from prakerja_app.services.selection import announcements
from prakerja_app.services.selection.cards import MAX_WAVE_NUMBER, card_expression
from prakerja_app.services.selection.errors import SelectionError

SEED_BYTES = 32
PRIORITY_FIRST = 1  # laid-off workers and people proposed by the ministry
PRIORITY_OTHERS = 2

_applications = table_of(WaveApplication)
_profiles = table_of(ApplicantProfile)
_participants = table_of(Participant)
_exclusions = table_of(ExclusionEntry)


@dataclass(frozen=True)
class SelectionReport:
    """The outcome of a wave's draw, as the program office announces it."""

    wave_number: int
    quota: int
    applicants: int
    excluded: int
    selected: int
    not_selected: int
    seed_hash: str
    seed: str
    announced_at: datetime


class DrawEntry(NamedTuple):
    """One line of a wave's published draw list: what the draw used of an application.

    `family` stands for the family card (KK) without revealing its number: the smallest
    application id in the wave with the same KK (None when the KK is unknown).
    """

    application_id: int
    priority_group: int
    excluded: bool
    family: int | None


# --- the seed ----------------------------------------------------------------------------


def seed_hash_of(seed: str) -> str:
    """The published commitment to a seed: the SHA-256 hex of its text."""
    return hashlib.sha256(seed.encode()).hexdigest()


def draw_hash(seed: str, application_id: int) -> str:
    """An application's place in the random order: SHA-256 hex of ``"{seed}:{id}"``."""
    return hashlib.sha256(f"{seed}:{application_id}".encode()).hexdigest()


def commit_seed(db: Session, wave_id: int, now: datetime) -> str:
    """Commit the wave to a fresh random seed by publishing its hash; return the hash.

    Call it when the wave opens. The seed (32 random bytes from `secrets`, as 64 hex
    characters) is stored in `Wave.seed` and its SHA-256 hex in `Wave.seed_hash`. The hash
    is public from now on; the seed must not be shown anywhere (page, export, log, audit
    entry) until the results are announced: read it through `revealed_seed`. Idempotent:
    a wave that has a seed keeps it, since a new one would break the commitment. Works in
    the caller's transaction (the caller commits).

    Raises:
        DomainError: ``wave_unknown``; ``seed_too_late`` when the wave has closed without
            a seed (a seed chosen once the applicants are known would prove nothing).
    """
    wave = db.get(Wave, wave_id, populate_existing=True)
    if wave is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN)
    if wave.seed_hash is not None:
        return wave.seed_hash
    if wave.status == WaveStatus.ANNOUNCED or now >= wave.closes_at:
        raise DomainError(SelectionError.SEED_TOO_LATE)
    seed = secrets.token_hex(SEED_BYTES)
    digest = seed_hash_of(seed)
    claimed = db.exec(
        sa.update(Wave)
        .where(col(Wave.id) == wave_id, col(Wave.seed_hash).is_(None))
        .values(seed=seed, seed_hash=digest)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.refresh(wave)
    if claimed == 1:
        audit.record(
            db,
            actor_id=None,
            action="wave.seed_commit",
            entity="wave",
            entity_id=wave_id,
            after={"seed_hash": digest, "at": now},
        )
    return wave.seed_hash or digest


def revealed_seed(wave: Wave) -> str | None:
    """The wave's seed once its results are announced, else None (it is still secret)."""
    return wave.seed if wave.status == WaveStatus.ANNOUNCED else None


# --- the draw ----------------------------------------------------------------------------


def run_selection(db: Session, wave_number: int, now: datetime) -> SelectionReport:
    """Draw a closed wave, create its participants, queue the messages, and commit.

    Everything happens in one transaction (see the module docstring for the steps). Run
    twice, it is idempotent: an announced wave is not drawn again, and the same report is
    returned, rebuilt from the stored results.

    Args:
        wave_number: the wave (gelombang) to draw.
        now: the program's time; the draw is refused before the wave's closing time.

    Raises:
        DomainError: ``wave_unknown``; ``wave_not_closed`` before `Wave.closes_at`;
            ``wave_not_opened`` for a wave that never opened; ``seed_missing`` for a wave
            without a committed seed; ``wave_number`` beyond what a card number holds.
    """
    wave = _wave_by_number(db, wave_number)
    if wave.status == WaveStatus.ANNOUNCED:
        return _report(db, wave)
    _check_drawable(wave, now)
    try:
        claimed = db.exec(
            sa.update(Wave)
            .where(
                col(Wave.id) == wave.id,
                col(Wave.status).in_([WaveStatus.OPEN, WaveStatus.CLOSED]),
            )
            .values(status=WaveStatus.ANNOUNCED, announced_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:  # another run drew it since we looked
            db.rollback()
            return _report(db, _wave_by_number(db, wave_number))
        _exclude(db, wave, now)
        _draw(db, wave, now)
        _make_participants(db, wave, now)
        selected = _count(db, wave, ApplicationResult.SELECTED)
        db.exec(
            sa.update(Wave)
            .where(col(Wave.id) == wave.id)
            .values(selected_count=selected)
            .execution_options(synchronize_session=False)
        )
        _grant_balances(db, wave, now)
        announcements.queue_results(db, wave, now)
        db.refresh(wave)
        report = _report(db, wave)
        audit.record(
            db,
            actor_id=None,
            action="wave.select",
            entity="wave",
            entity_id=wave.id,
            after={
                "quota": report.quota,
                "kk_cap": wave.kk_cap,
                "applicants": report.applicants,
                "excluded": report.excluded,
                "selected": report.selected,
                "not_selected": report.not_selected,
                "seed_hash": report.seed_hash,
                "seed": report.seed,
                "at": now,
            },
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return report


def _wave_by_number(db: Session, wave_number: int) -> Wave:
    wave = db.exec(
        select(Wave).where(Wave.number == wave_number).execution_options(populate_existing=True)
    ).first()
    if wave is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN, number=wave_number)
    return wave


def check_drawable(db: Session, wave_number: int, now: datetime) -> None:
    """Refuse, as `run_selection` would, a wave that cannot be drawn at `now`.

    Lets the operator hear at once what a queued draw would only report later. An
    announced wave passes: drawing it again just returns its report.
    """
    wave = _wave_by_number(db, wave_number)
    if wave.status != WaveStatus.ANNOUNCED:
        _check_drawable(wave, now)


def _check_drawable(wave: Wave, now: datetime) -> None:
    if now < wave.closes_at:
        raise DomainError(
            SelectionError.WAVE_NOT_CLOSED, number=wave.number, closes_at=wave.closes_at
        )
    if wave.status not in (WaveStatus.OPEN, WaveStatus.CLOSED):
        raise DomainError(SelectionError.WAVE_NOT_OPENED, number=wave.number)
    if wave.seed is None or wave.seed_hash != seed_hash_of(wave.seed):
        raise DomainError(SelectionError.SEED_MISSING, number=wave.number)
    if not 1 <= wave.number <= MAX_WAVE_NUMBER:
        raise DomainError(SelectionError.WAVE_NUMBER, maximum=MAX_WAVE_NUMBER)


def _count(db: Session, wave: Wave, result: str) -> int:
    return db.exec(
        select(func.count()).where(
            WaveApplication.wave_id == wave.id, WaveApplication.result == result
        )
    ).one()


def _report(db: Session, wave: Wave) -> SelectionReport:
    counts = dict(
        db.exec(
            select(WaveApplication.result, func.count())
            .where(WaveApplication.wave_id == wave.id)
            .group_by(col(WaveApplication.result))
        ).all()
    )
    return SelectionReport(
        wave_number=wave.number,
        quota=wave.quota,
        applicants=sum(counts.values()),
        excluded=counts.get(ApplicationResult.EXCLUDED, 0),
        selected=counts.get(ApplicationResult.SELECTED, 0),
        not_selected=counts.get(ApplicationResult.NOT_SELECTED, 0),
        seed_hash=wave.seed_hash or "",
        seed=wave.seed or "",
        announced_at=wave.announced_at or wave.closes_at,
    )


def _priority_group() -> sa.ColumnElement:
    return sa.case(
        (
            sa.or_(
                _profiles.c.employment_status == Employment.LAID_OFF,
                _profiles.c.ministry_proposed.is_(sa.true()),
            ),
            PRIORITY_FIRST,
        ),
        else_=PRIORITY_OTHERS,
    )


def _pending(wave: Wave) -> sa.ColumnElement:
    return sa.and_(
        _applications.c.wave_id == wave.id,
        _applications.c.result == ApplicationResult.PENDING,
    )


def _exclude(db: Session, wave: Wave, now: datetime) -> None:
    """Step a: applications without an NIK, former participants, exclusion lists.

    One statement per reason, each a plain (anti-)semi-join that PostgreSQL runs as a hash
    join whatever the lists' size (an OR of IN-subqueries, or NOT IN, would fall back to
    rescanning a list per application). Earlier statements win: a former participant on
    an exclusion list is told they already hold a card.
    """
    has_nik = sa.exists().where(
        _profiles.c.user_id == _applications.c.user_id, _profiles.c.nik.is_not(None)
    )
    db.exec(
        sa.update(_applications)
        .where(_pending(wave), ~has_nik)
        .values(
            result=ApplicationResult.EXCLUDED,
            reason_code=SelectionReason.NO_IDENTITY,
            priority_group=PRIORITY_OTHERS,
            decided_at=now,
        )
    )
    listed = (
        sa.select(func.min(_exclusions.c.reason))
        .where(_exclusions.c.nik == _profiles.c.nik)
        .scalar_subquery()
    )
    for found, reason in (
        (
            sa.exists().where(_participants.c.nik == _profiles.c.nik),
            text_literal(SelectionReason.ALREADY_PARTICIPANT),
        ),
        (
            sa.exists().where(_participants.c.user_id == _applications.c.user_id),
            text_literal(SelectionReason.ALREADY_PARTICIPANT),
        ),
        (
            sa.exists().where(_exclusions.c.nik == _profiles.c.nik),
            text_literal(EXCLUSION_REASON_PREFIX) + listed,
        ),
    ):
        db.exec(
            sa.update(_applications)
            .where(_pending(wave), _profiles.c.user_id == _applications.c.user_id, found)
            .values(
                result=ApplicationResult.EXCLUDED,
                reason_code=reason,
                priority_group=_priority_group(),
                decided_at=now,
            )
        )


def _hash_expression(
    db: Session, seed: str, application_id: sa.ColumnElement
) -> sa.ColumnElement[str]:
    """SQL for `draw_hash`: SQLite's registered ``sha256`` (db.py) or PostgreSQL's."""
    text = text_literal(f"{seed}:") + sa.cast(application_id, sa.String())
    if db.get_bind().dialect.name == "postgresql":
        utf8: sa.ColumnClause[str] = sa.literal_column("'UTF8'")
        hex_: sa.ColumnClause[str] = sa.literal_column("'hex'")
        hashed = func.encode(func.sha256(func.convert_to(text, utf8)), hex_, type_=sa.String())
        return hashed.collate("C")  # byte order, as Python compares the hex strings
    return func.sha256(text, type_=sa.String())


def _draw(db: Session, wave: Wave, now: datetime) -> None:
    """Steps b and c: priority groups, the seeded order, the quota and the KK cap."""
    eligible = (
        sa.select(
            _applications.c.id,
            _priority_group().label("grp"),
            _profiles.c.kk_number.label("kk"),
            _hash_expression(db, wave.seed or "", _applications.c.id).label("h"),
        )
        .join_from(_applications, _profiles, _profiles.c.user_id == _applications.c.user_id)
        .where(_pending(wave))
        .subquery("eligible")
    )
    order = (eligible.c.grp, eligible.c.h, eligible.c.id)
    draw_rank = func.row_number().over(order_by=order)
    cap = wave.kk_cap
    if cap is None:
        ranked = sa.select(eligible.c.id, eligible.c.grp, draw_rank.label("draw_rank")).subquery(
            "ranked"
        )
        chosen = ranked.c.draw_rank <= wave.quota
        decided = sa.select(
            ranked.c.id,
            ranked.c.grp,
            ranked.c.draw_rank,
            sa.case(
                (chosen, text_literal(ApplicationResult.SELECTED)),
                else_=text_literal(ApplicationResult.NOT_SELECTED),
            ).label("result"),
            sa.case((chosen, sa.null()), else_=text_literal(SelectionReason.QUOTA)).label("reason"),
        )
    else:
        # kk_rank: place within the family card, in draw order (no KK: never capped).
        kk_rank = sa.case(
            (eligible.c.kk.is_(None), 1),
            else_=func.row_number().over(partition_by=eligible.c.kk, order_by=order),
        )
        ranked = sa.select(
            eligible.c.id,
            eligible.c.grp,
            eligible.c.kk,
            draw_rank.label("draw_rank"),
            kk_rank.label("kk_rank"),
        ).subquery("ranked")
        capped = ranked.c.kk_rank > cap
        # pos: place among those not passed over by the cap; the first `quota` win.
        placed = sa.select(
            ranked.c.id,
            ranked.c.grp,
            ranked.c.kk,
            ranked.c.draw_rank,
            ranked.c.kk_rank,
            func.row_number()
            .over(partition_by=sa.case((capped, 1), else_=0), order_by=ranked.c.draw_rank)
            .label("pos"),
        ).subquery("placed")
        passed_over = placed.c.kk_rank > cap
        chosen = sa.and_(placed.c.kk_rank <= cap, placed.c.pos <= wave.quota)
        # The family's places are all taken when its cap-th member was selected.
        last_place = func.max(sa.case((placed.c.kk_rank == cap, placed.c.pos))).over(
            partition_by=placed.c.kk
        )
        decided = sa.select(
            placed.c.id,
            placed.c.grp,
            placed.c.draw_rank,
            sa.case(
                (chosen, text_literal(ApplicationResult.SELECTED)),
                else_=text_literal(ApplicationResult.NOT_SELECTED),
            ).label("result"),
            sa.case(
                (chosen, sa.null()),
                (
                    sa.and_(passed_over, last_place <= wave.quota),
                    text_literal(SelectionReason.KK_CAP),
                ),
                else_=text_literal(SelectionReason.QUOTA),
            ).label("reason"),
        )
    # In id order, the update walks the table and its indexes in order rather than in the
    # draw's random order (much faster on PostgreSQL for a million rows).
    decisions = decided.order_by(decided.selected_columns.id).subquery("decided")
    db.exec(
        sa.update(_applications)
        .where(_applications.c.id == decisions.c.id)
        .values(
            result=decisions.c.result,
            reason_code=decisions.c.reason,
            priority_group=decisions.c.grp,
            draw_rank=decisions.c.draw_rank,
            decided_at=now,
        )
    )


def _make_participants(db: Session, wave: Wave, now: datetime) -> None:
    """Step d: a participant with a card and a deadline for every selected applicant."""
    deadline = now + timedelta(days=program.FIRST_PURCHASE_DAYS)
    chosen = (
        sa.select(
            _applications.c.user_id,
            _profiles.c.nik,
            sa.literal(wave.id, sa.Integer()),
            card_expression(wave.number, _applications.c.draw_rank),
            time_literal(now),
            time_literal(deadline),
        )
        .join_from(_applications, _profiles, _profiles.c.user_id == _applications.c.user_id)
        .where(
            _applications.c.wave_id == wave.id,
            _applications.c.result == ApplicationResult.SELECTED,
        )
    )
    db.exec(
        sa.insert(_participants).from_select(
            ["user_id", "nik", "wave_id", "card_number", "selected_at", "first_purchase_deadline"],
            chosen,
        )
    )


def _grant_balances(db: Session, wave: Wave, now: datetime) -> None:
    """Step d: the training balance of each new participant, as one ledger grant each."""
    ledger = table_of(LedgerEntry)
    grants = sa.select(
        _participants.c.id,
        sa.literal(program.TRAINING_BALANCE, sa.Integer()),
        text_literal(LedgerKind.GRANT),
        text_literal("grant:") + sa.cast(_participants.c.id, sa.String()),
        time_literal(now),
    ).where(_participants.c.wave_id == wave.id)
    db.exec(
        sa.insert(ledger).from_select(
            ["participant_id", "amount", "kind", "idempotency_key", "created_at"], grants
        )
    )


# --- checking the draw -------------------------------------------------------------------


def published_draw(db: Session, wave_number: int) -> list[DrawEntry]:
    """The list a wave's draw can be re-run from, by application id; only once announced.

    Raises:
        DomainError: ``wave_unknown``, or ``not_announced`` before the results are out.
    """
    wave = _wave_by_number(db, wave_number)
    if wave.status != WaveStatus.ANNOUNCED:
        raise DomainError(SelectionError.NOT_ANNOUNCED, number=wave.number)
    family = sa.case(
        (_profiles.c.kk_number.is_(None), sa.null()),
        else_=func.min(_applications.c.id).over(partition_by=_profiles.c.kk_number),
    )
    rows = db.exec(
        select(
            _applications.c.id,
            _applications.c.priority_group,
            _applications.c.result == ApplicationResult.EXCLUDED,
            family,
        )
        .join_from(
            _applications,
            _profiles,
            _profiles.c.user_id == _applications.c.user_id,
            isouter=True,
        )
        .where(_applications.c.wave_id == wave.id)
        .order_by(_applications.c.id)
    ).all()
    return [DrawEntry(int(i), int(g or PRIORITY_OTHERS), bool(x), f) for i, g, x, f in rows]


def verify_draw(
    seed: str, applications: Iterable[DrawEntry], *, quota: int, kk_cap: int | None = None
) -> list[int]:
    """Recompute a wave's winners from its revealed seed and published list, in draw order.

    Plain Python, independent of the database: order the applications that were not
    excluded by (priority group, `draw_hash`, id), pass over members of a family beyond
    `kk_cap`, and take the first `quota`.
    """
    eligible = sorted(
        (a for a in applications if not a.excluded),
        key=lambda a: (a.priority_group, draw_hash(seed, a.application_id), a.application_id),
    )
    winners: list[int] = []
    per_family: Counter[int] = Counter()
    for entry in eligible:
        if len(winners) >= quota:
            break
        if kk_cap is not None and entry.family is not None:
            if per_family[entry.family] >= kk_cap:
                continue
            per_family[entry.family] += 1
        winners.append(entry.application_id)
    return winners
