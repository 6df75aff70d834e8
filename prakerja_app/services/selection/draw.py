"""The selection of a wave: a reproducible, auditable draw, from the committed seed to cards.

How a wave is drawn **[ours]** (docs/program-rules.md, "Waves and the draw"):

1. When the wave opens, `commit_seed` draws a secret random seed and publishes its SHA-256
   (`Wave.seed_hash`). The seed itself stays secret until the results are announced.
2. After the wave closes, `run_selection` (the draw job) decides every application in one
   transaction of
   set-based SQL (the same statements on SQLite and PostgreSQL, no loop over rows), in one
   pass over the wave's applications:

   a. exclusions first: an NIK on an exclusion list (ASN, TNI, Polri, ..., blacklisted),
      an NIK or account that already holds a card, an applicant a verifier rejected
      (`verification.decisions`), or an application without an NIK is "excluded", with
      the reason (``exclusion_asn``, ``already_participant``, ...);
   b. priority groups: 1 for laid-off workers (korban PHK) and people proposed by the
      ministry (in their profile, or by NIK on the priority list, whose matches are kept
      in `DrawPriority` so the published draw shows the group used), 2 for everyone else;
   c. the eligible are ordered by (group, SHA-256 hex of ``f"{seed}:{application_id}"``,
      application id); the draw rank is that position, and the selected carry it in their
      card numbers. With a KK cap (`Wave.kk_cap`),
      members of one family card beyond the cap in that order are passed over; with a
      quota for their province of domicile (`WaveProvinceQuota`), so are the rest of the
      family's candidates from that province beyond it. The first `Wave.quota` of the
      rest are "selected"; the others are "not_selected" with the reason ``quota`` (or
      ``kk_cap`` / ``province_quota`` when their family's or province's places were all
      taken);
   d. each selected applicant becomes a `Participant` with a card number, the training
      balance (a ledger grant) and a first-purchase deadline.

   Only what cannot be derived is written: the exclusions and the KK cap's passings-over
   on their applications, and the participants. The others stay "pending" and read as
   not selected for the quota once the wave is announced (`outcomes`), so a wave of five
   million does not rewrite four million rows. The wave is then "drawn": the program
   office sees the counts, applicants see nothing yet.

3. `publish_results` announces them: the seed is revealed, and everyone is told the
   outcome afterwards, in batches, by `announcements` (an email, plus an SMS for the
   selected), which also starts the selected's 30 days from the announcement.
   `published_draw` lists what the draw used (application id, group, excluded, family,
   province; the group and family from the profiles, which registration no longer
   changes once an applicant has joined a wave) and anyone
   can recompute the winners with `verify_draw`, and check the seed against the hash
   published at opening.

Card numbers come from the wave and the draw rank (`cards`); the result messages are
queued by `announcements`.
"""

import hashlib
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple, cast

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from prakerja_app.models import (
    ApplicantProfile,
    DrawPriority,
    ExclusionEntry,
    LedgerEntry,
    Participant,
    PriorityEntry,
    VerificationCase,
    Wave,
    WaveApplication,
    WaveProvinceQuota,
    id_of,
)
from prakerja_app.services.core import audit, program
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.sql import table_of, text_literal, time_literal
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import (
    EXCLUSION_REASON_PREFIX,
    ApplicationResult,
    CaseStatus,
    DrawStage,
    Employment,
    LedgerKind,
    SelectionReason,
    WaveStatus,
)
from prakerja_app.services.selection import outcomes
from prakerja_app.services.selection.cards import MAX_WAVE_NUMBER, card_expression
from prakerja_app.services.selection.errors import SelectionError

SEED_BYTES = 32
DRAW_WORK_MEM = "1GB"  # PostgreSQL memory for the draw's sorts and hashes (5M applicants)
PRIORITY_FIRST = 1  # laid-off workers and people proposed by the ministry
PRIORITY_OTHERS = 2

_applications = table_of(WaveApplication)
_profiles = table_of(ApplicantProfile)
_participants = table_of(Participant)
_exclusions = table_of(ExclusionEntry)
_priority_list = table_of(PriorityEntry)
_draw_priority = table_of(DrawPriority)
_cases = table_of(VerificationCase)


@dataclass(frozen=True)
class SelectionReport:
    """The outcome of a wave's draw; the seed is "" until the results are announced."""

    wave_number: int
    quota: int
    applicants: int
    excluded: int
    selected: int
    not_selected: int
    seed_hash: str
    seed: str
    drawn_at: datetime
    announced_at: datetime | None


class DrawEntry(NamedTuple):
    """One line of a wave's published draw list: what the draw used of an application.

    `family` stands for the family card (KK) without revealing its number: the smallest
    application id in the wave with the same KK (None when the KK is unknown);
    `province` is the 2-digit code of the applicant's province of domicile.
    """

    application_id: int
    priority_group: int
    excluded: bool
    family: int | None
    province: str | None = None


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


def run_selection(
    db: Session,
    wave_number: int,
    now: datetime,
    on_stage: Callable[[DrawStage], None] | None = None,
) -> SelectionReport:
    """Draw a closed wave, create its participants and their balances, and commit.

    Everything durable happens in one transaction (see the module docstring for the
    steps); the wave is then "drawn", and its results wait for `publish_results`. Run
    twice, it is idempotent: a drawn or announced wave is not drawn again, and the same
    report is returned, rebuilt from the stored results.

    Args:
        wave_number: the wave (gelombang) to draw.
        now: the program's time; the draw is refused before the wave's closing time.
        on_stage: told each `DrawStage` as the transaction reaches it (the job's progress).

    Raises:
        DomainError: ``wave_unknown``; ``wave_not_closed`` before `Wave.closes_at`;
            ``wave_not_opened`` for a wave that never opened; ``seed_missing`` for a wave
            without a committed seed; ``wave_number`` beyond what a card number holds.
    """
    wave = _wave_by_number(db, wave_number)
    if wave.status in (WaveStatus.DRAWN, WaveStatus.ANNOUNCED):
        return _report(db, wave)
    _check_drawable(wave, now)
    reached = on_stage or (lambda _stage: None)
    try:
        claimed = db.exec(
            sa.update(Wave)
            .where(
                col(Wave.id) == wave.id,
                col(Wave.status).in_([WaveStatus.OPEN, WaveStatus.CLOSED]),
            )
            .values(status=WaveStatus.DRAWN, drawn_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:  # another run drew it since we looked
            db.rollback()
            return _report(db, _wave_by_number(db, wave_number))
        _give_memory(db)
        reached(DrawStage.DECIDING)
        decisions = _decide(db, wave, province_quotas(db, id_of(wave)))
        _record_decisions(db, wave, decisions, now)
        reached(DrawStage.PARTICIPANTS)
        _make_participants(db, wave, decisions, now)
        decisions.drop(db.connection())
        reached(DrawStage.BALANCES)
        _grant_balances(db, wave, now)
        db.refresh(wave)
        report = _report(db, wave)
        db.exec(
            sa.update(Wave)
            .where(col(Wave.id) == wave.id)
            .values(selected_count=report.selected)
            .execution_options(synchronize_session=False)
        )
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
                "balance_granted": report.selected * program.TRAINING_BALANCE,
                "seed_hash": report.seed_hash,
                "at": now,
            },
        )
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return report


def publish_results(
    db: Session, *, wave_id: int, now: datetime, actor_id: int | None
) -> SelectionReport:
    """Announce a drawn wave's results and reveal its seed; commit.

    The selected become participants now; the result messages are queued afterwards, in
    batches that also start each one's 30 days to buy a first training from `now`
    (`announcements`), by the job the caller starts. Nothing here grows with the wave.

    Raises:
        DomainError: ``wave_unknown``; ``not_drawn`` before the draw; ``already_announced``.
    """
    wave = db.get(Wave, wave_id, populate_existing=True)
    if wave is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN)
    if wave.status == WaveStatus.ANNOUNCED:
        raise DomainError(SelectionError.ALREADY_ANNOUNCED, number=wave.number)
    if wave.status != WaveStatus.DRAWN:
        raise DomainError(SelectionError.NOT_DRAWN, number=wave.number)
    with committing(db):
        claimed = db.exec(
            sa.update(Wave)
            .where(col(Wave.id) == wave_id, col(Wave.status) == WaveStatus.DRAWN)
            .values(status=WaveStatus.ANNOUNCED, announced_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:  # a second click, at the same moment
            raise DomainError(SelectionError.ALREADY_ANNOUNCED, number=wave.number)
        db.refresh(wave)
        report = _report(db, wave)
        audit.record(
            db,
            actor_id=actor_id,
            action="wave.publish",
            entity="wave",
            entity_id=wave_id,
            after={
                "selected": report.selected,
                "seed_hash": report.seed_hash,
                "seed": report.seed,
                "at": now,
            },
        )
    return report


def province_quotas(db: Session, wave_id: int) -> dict[str, int]:
    """The wave's quotas by province code (empty: no province has its own)."""
    rows = db.exec(
        select(WaveProvinceQuota.province_code, WaveProvinceQuota.quota).where(
            WaveProvinceQuota.wave_id == wave_id
        )
    ).all()
    return dict(rows)


def _wave_by_number(db: Session, wave_number: int) -> Wave:
    wave = db.exec(
        select(Wave).where(Wave.number == wave_number).execution_options(populate_existing=True)
    ).first()
    if wave is None:
        raise DomainError(SelectionError.WAVE_UNKNOWN, number=wave_number)
    return wave


def check_drawable(db: Session, wave_number: int, now: datetime) -> None:
    """Refuse, as `run_selection` would, a wave that cannot be drawn at `now`.

    Lets the operator hear at once what a queued draw would only report later. A drawn
    or announced wave passes: drawing it again just returns its report.
    """
    wave = _wave_by_number(db, wave_number)
    if wave.status not in (WaveStatus.DRAWN, WaveStatus.ANNOUNCED):
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


def _report(db: Session, wave: Wave) -> SelectionReport:
    applicants, excluded, selected, not_selected = outcomes.counts(db, wave)
    return SelectionReport(
        wave_number=wave.number,
        quota=wave.quota,
        applicants=applicants,
        excluded=excluded,
        selected=selected,
        not_selected=not_selected,
        seed_hash=wave.seed_hash or "",
        seed=revealed_seed(wave) or "",
        drawn_at=wave.drawn_at or wave.closes_at,
        announced_at=wave.announced_at,
    )


def _priority_group() -> sa.ColumnElement:
    """The group, over applications joined to their profile and `DrawPriority`."""
    return sa.case(
        (
            sa.or_(
                _profiles.c.employment_status == Employment.LAID_OFF,
                _profiles.c.ministry_proposed.is_(sa.true()),
                _draw_priority.c.application_id.is_not(None),
            ),
            PRIORITY_FIRST,
        ),
        else_=PRIORITY_OTHERS,
    )


def _give_memory(db: Session) -> None:
    """Let this transaction sort and hash millions of rows in memory (PostgreSQL)."""
    if db.get_bind().dialect.name == "postgresql":
        db.connection().execute(sa.text(f"SET LOCAL work_mem = '{DRAW_WORK_MEM}'"))


def _hash_expression(db: Session, seed: str, application_id: sa.ColumnElement) -> sa.ColumnElement:
    """SQL ordering like `draw_hash`: SQLite's registered ``sha256`` hex (db.py), or
    PostgreSQL's digest as bytes (bytewise, the same order as its hex, and cheaper)."""
    text = text_literal(f"{seed}:") + sa.cast(application_id, sa.String())
    if db.get_bind().dialect.name == "postgresql":
        utf8: sa.ColumnClause[str] = sa.literal_column("'UTF8'")
        return func.sha256(func.convert_to(text, utf8), type_=sa.LargeBinary())
    return func.sha256(text, type_=sa.String())


def _exclusion_reason() -> tuple[sa.ColumnElement, sa.FromClause]:
    """Step a, as one expression over one join: why an application is excluded (None:
    eligible), and the join it reads. Earlier reasons win: a former participant on an
    exclusion list is told they already hold a card. A verifier's rejection excludes
    (``verification_rejected``); a case still open does not."""
    by_nik = _participants.alias("card_by_nik")
    by_user = _participants.alias("card_by_user")
    listed = (
        sa.select(_exclusions.c.nik, func.min(_exclusions.c.reason).label("reason"))
        .group_by(_exclusions.c.nik)
        .subquery("listed")
    )
    rejected = (
        sa.select(_cases.c.user_id)
        .where(_cases.c.status == text_literal(CaseStatus.REJECTED))
        .group_by(_cases.c.user_id)
        .subquery("rejected")
    )
    joined = (
        _applications.outerjoin(_profiles, _profiles.c.user_id == _applications.c.user_id)
        .outerjoin(by_nik, by_nik.c.nik == _profiles.c.nik)
        .outerjoin(by_user, by_user.c.user_id == _applications.c.user_id)
        .outerjoin(listed, listed.c.nik == _profiles.c.nik)
        .outerjoin(rejected, rejected.c.user_id == _applications.c.user_id)
    )
    reason = sa.case(
        (_profiles.c.nik.is_(None), text_literal(SelectionReason.NO_IDENTITY)),
        (
            sa.or_(by_nik.c.id.is_not(None), by_user.c.id.is_not(None)),
            text_literal(SelectionReason.ALREADY_PARTICIPANT),
        ),
        (listed.c.reason.is_not(None), text_literal(EXCLUSION_REASON_PREFIX) + listed.c.reason),
        (
            rejected.c.user_id.is_not(None),
            text_literal(SelectionReason.VERIFICATION_REJECTED),
        ),
        else_=sa.null(),
    )
    return reason, joined


def _decisions_table() -> sa.Table:
    """A temporary table for the draw's written decisions, dropped before commit."""
    return sa.Table(
        "draw_decision",
        sa.MetaData(),
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("nik", sa.String(16)),
        sa.Column("result", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("draw_rank", sa.Integer),
        prefixes=["TEMPORARY"],
    )


def _passings_over(
    rows: sa.Subquery, cap: int, quotas: dict[str, int]
) -> tuple[sa.ColumnElement[bool], sa.ColumnElement[bool], sa.ColumnElement]:
    """Over the draw's ranked rows: whether the KK cap passes a row over, whether its
    province's quota does (a family candidate beyond the province's places), and that
    province's quota (NULL: none)."""
    kk_capped = rows.c.kk_rank > cap if cap else sa.false()
    if not quotas:
        return kk_capped, sa.false(), sa.null()
    limit = sa.case(quotas, value=rows.c.prov, else_=sa.null())
    return kk_capped, sa.and_(~kk_capped, limit.is_not(None), rows.c.prov_rank > limit), limit


def _decide(db: Session, wave: Wave, quotas: dict[str, int]) -> sa.Table:
    """Steps a to c in one pass over the wave: the exclusions, priority groups, the seeded
    order, the quota, the KK cap and the province quotas. Keeps only what is written: the
    excluded, the selected with their draw rank, and those a KK cap or province quota
    passed over (the rest of the eligible were not selected for the quota, which
    `outcomes` derives)."""
    _record_priority_listed(db, wave)
    reason, joined = _exclusion_reason()
    joined = joined.outerjoin(_draw_priority, _draw_priority.c.application_id == _applications.c.id)
    base = (
        sa.select(
            _applications.c.id,
            _applications.c.user_id,
            _profiles.c.nik,
            _profiles.c.kk_number.label("kk"),
            _profiles.c.province_code.label("prov"),
            reason.label("excluded"),
            _priority_group().label("grp"),
            _hash_expression(db, wave.seed or "", _applications.c.id).label("h"),
        )
        .select_from(joined)
        .where(
            _applications.c.wave_id == wave.id,
            _applications.c.result == ApplicationResult.PENDING,
        )
        .subquery("base")
    )
    eligible = base.c.excluded.is_(None)
    order = (base.c.grp, base.c.h, base.c.id)
    draw_rank = func.row_number().over(partition_by=eligible, order_by=order)
    cap = wave.kk_cap or 0  # 0: no cap
    # kk_rank: place within the family card, in draw order (no KK: never capped).
    kk_rank: sa.ColumnElement = sa.literal(1)
    if cap:
        kk_rank = sa.case(
            (sa.or_(base.c.kk.is_(None), ~eligible), 1),
            else_=func.row_number().over(partition_by=(eligible, base.c.kk), order_by=order),
        )
    ranked = sa.select(
        base.c.id,
        base.c.user_id,
        base.c.nik,
        base.c.kk,
        base.c.prov,
        base.c.excluded,
        draw_rank.label("draw_rank"),
        kk_rank.label("kk_rank"),
    ).subquery("ranked")
    limited = ranked
    if quotas:  # prov_rank: place among the province's family candidates, in draw order
        kk_capped, _, _ = _passings_over(ranked, cap, {})
        prov_rank = func.row_number().over(
            partition_by=(ranked.c.excluded.is_(None), kk_capped, ranked.c.prov),
            order_by=ranked.c.draw_rank,
        )
        limited = sa.select(ranked, prov_rank.label("prov_rank")).subquery("limited")
    placed, pos = limited, limited.c.draw_rank
    if cap or quotas:  # pos: place among the eligible not passed over
        kk_capped, prov_capped, _ = _passings_over(limited, cap, quotas)
        placed = sa.select(
            limited,
            func.row_number()
            .over(
                partition_by=(limited.c.excluded.is_(None), sa.or_(kk_capped, prov_capped)),
                order_by=limited.c.draw_rank,
            )
            .label("pos"),
        ).subquery("placed")
        pos = placed.c.pos
    kk_capped, prov_capped, limit = _passings_over(placed, cap, quotas)
    eligible = placed.c.excluded.is_(None)
    chosen = sa.and_(eligible, ~kk_capped, ~prov_capped, pos <= wave.quota)  # the first `quota`
    family_full: sa.ColumnElement[bool] = sa.false()
    if cap:  # a family's places are all taken when its cap-th candidate was selected
        last_place = func.max(sa.case((sa.and_(placed.c.kk_rank == cap, ~prov_capped), pos))).over(
            partition_by=(eligible, placed.c.kk)
        )
        family_full = sa.and_(eligible, kk_capped, last_place <= wave.quota)
    province_full: sa.ColumnElement[bool] = sa.false()
    if quotas:  # likewise a province's, when its last place was selected
        last_place = func.max(
            sa.case((sa.and_(placed.c.prov_rank == limit, ~kk_capped), pos))
        ).over(partition_by=(eligible, placed.c.prov))
        province_full = sa.and_(eligible, prov_capped, last_place <= wave.quota)
    decided = sa.select(
        placed.c.id,
        placed.c.user_id,
        placed.c.nik,
        sa.case(
            (~eligible, text_literal(ApplicationResult.EXCLUDED)),
            (chosen, text_literal(ApplicationResult.SELECTED)),
            else_=text_literal(ApplicationResult.NOT_SELECTED),
        ).label("result"),
        sa.case(
            (~eligible, placed.c.excluded),
            (chosen, sa.null()),
            (family_full, text_literal(SelectionReason.KK_CAP)),
            else_=text_literal(SelectionReason.PROVINCE_QUOTA),
        ).label("reason"),
        sa.case((chosen, placed.c.draw_rank), else_=sa.null()).label("draw_rank"),
        sa.or_(~eligible, chosen, family_full, province_full).label("written"),
    ).subquery("decided")
    decisions = _decisions_table()
    decisions.create(db.connection())
    db.exec(
        sa.insert(decisions).from_select(
            ["id", "user_id", "nik", "result", "reason", "draw_rank"],
            sa.select(
                decided.c.id,
                decided.c.user_id,
                decided.c.nik,
                decided.c.result,
                decided.c.reason,
                decided.c.draw_rank,
            ).where(decided.c.written),
        )
    )
    if db.get_bind().dialect.name == "postgresql":
        db.connection().execute(sa.text(f"ANALYZE {decisions.name}"))  # plan the joins on it
    return decisions


def _record_priority_listed(db: Session, wave: Wave) -> None:
    """Keep which of the wave's applications have their NIK on the priority list now."""
    listed = sa.exists().where(_priority_list.c.nik == _profiles.c.nik)
    db.exec(
        sa.insert(_draw_priority).from_select(
            ["application_id"],
            sa.select(_applications.c.id)
            .join(_profiles, _profiles.c.user_id == _applications.c.user_id)
            .where(
                _applications.c.wave_id == wave.id,
                _applications.c.result == ApplicationResult.PENDING,
                listed,
            ),
        )
    )


def _record_decisions(db: Session, wave: Wave, decisions: sa.Table, now: datetime) -> None:
    """Write the exclusions and the KK cap's passings-over on their applications."""
    db.exec(
        sa.update(_applications)
        .where(
            _applications.c.id == decisions.c.id,
            decisions.c.result != ApplicationResult.SELECTED,
        )
        .values(result=decisions.c.result, reason_code=decisions.c.reason, decided_at=now)
    )


def _make_participants(db: Session, wave: Wave, decisions: sa.Table, now: datetime) -> None:
    """Step d: a participant with a card and a deadline for every selected applicant, in
    account order (the order of their unique indexes, rather than the draw's)."""
    deadline = now + timedelta(days=program.FIRST_PURCHASE_DAYS)
    chosen = (
        sa.select(
            decisions.c.user_id,
            decisions.c.nik,
            sa.literal(wave.id, sa.Integer()),
            card_expression(wave.number, decisions.c.draw_rank),
            time_literal(now),
            time_literal(deadline),
        )
        .where(decisions.c.result == ApplicationResult.SELECTED)
        .order_by(decisions.c.user_id)
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
    rows = (
        db.connection()
        .execute(
            sa.select(
                _applications.c.id,
                _priority_group(),
                _applications.c.result == ApplicationResult.EXCLUDED,
                family,
                _profiles.c.province_code,
            )
            .select_from(
                _applications.outerjoin(
                    _profiles, _profiles.c.user_id == _applications.c.user_id
                ).outerjoin(_draw_priority, _draw_priority.c.application_id == _applications.c.id)
            )
            .where(_applications.c.wave_id == wave.id)
            .order_by(_applications.c.id)
        )
        .all()
    )
    table = cast(list[tuple[Any, ...]], rows)
    return [DrawEntry(int(i), int(g), bool(x), f, p) for i, g, x, f, p in table]


def verify_draw(
    seed: str,
    applications: Iterable[DrawEntry],
    *,
    quota: int,
    kk_cap: int | None = None,
    province_quotas: dict[str, int] | None = None,
) -> list[int]:
    """Recompute a wave's winners from its revealed seed and published list, in draw order.

    Plain Python, independent of the database: order the applications that were not
    excluded by (priority group, `draw_hash`, id), pass over members of a family beyond
    `kk_cap`, then the family's candidates beyond their province's quota, and take the
    first `quota`.
    """
    limits = province_quotas or {}
    per_province: Counter[str] = Counter()
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
        limit = limits.get(entry.province or "")
        if limit is not None:
            if per_province[entry.province or ""] >= limit:
                continue
            per_province[entry.province or ""] += 1
        winners.append(entry.application_id)
    return winners
