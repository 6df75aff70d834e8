"""Every table of the program.

Conventions: ids are integers; times are timezone-aware UTC (`UTCDateTime`); money is an
integer number of rupiah; status columns hold the string values of the enums in
`prakerja_app.services.core.vocab`. Uniqueness that protects the program (one NIK, one
account, one payment per instalment) is declared here so the database enforces it.
"""

from datetime import UTC, date, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class UTCDateTime(sa.types.TypeDecorator):
    """Stores aware datetimes as naive UTC and returns them aware, on SQLite and PostgreSQL."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


class _Row(Protocol):
    @property
    def id(self) -> int | None: ...


def id_of(row: _Row) -> int:
    """The id of a row that is in the database (loaded, or added and flushed).

    `id` is typed ``int | None`` because it is None until the insert; this states that the
    row was inserted, for the type checker, and fails loudly if it was not.
    """
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id: it was never flushed")
    return row.id


def _at(*, required: bool = False, default_now: bool = False, index: bool = False) -> Any:
    """A UTC timestamp column: optional, required, or defaulting to the time of insert."""
    if default_now:
        return Field(default_factory=utc_now, sa_type=UTCDateTime(), nullable=False, index=index)
    if required:
        return Field(sa_type=UTCDateTime(), nullable=False, index=index)
    return Field(default=None, sa_type=UTCDateTime(), nullable=True, index=index)


# --- accounts and sessions -------------------------------------------------------------


class User(SQLModel, table=True):
    """An account: an applicant (later a participant) or a program-office admin."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    full_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="applicant", max_length=16, index=True)
    is_active: bool = True
    email_verified_at: datetime | None = _at()
    last_login_at: datetime | None = _at()
    created_at: datetime = _at(default_now=True)
    # An admin's second factor: the TOTP secret, encrypted with the app's secret
    # (`core.secret_box`); set at enrolment, proven once before `totp_enrolled_at`.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_enrolled_at: datetime | None = _at()
    totp_last_step: int | None = None  # the last time step used, so no code works twice


class AdminGrant(SQLModel, table=True):
    """One admin role (`vocab.AdminRole`) held by one admin account."""

    __table_args__ = (sa.UniqueConstraint("user_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(max_length=24)
    granted_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = _at(default_now=True)


class RecoveryCode(SQLModel, table=True):
    """A single-use code that stands in for an admin's TOTP code, stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    code_hash: str = Field(max_length=64, unique=True)
    used_at: datetime | None = _at()
    created_at: datetime = _at(default_now=True)


class LoginSession(SQLModel, table=True):
    """A server-side login session; the browser holds only the random token."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _at(default_now=True)
    last_seen_at: datetime = _at(default_now=True)
    expires_at: datetime = _at(required=True, index=True)


class AccessTicket(SQLModel, table=True):
    """A short-lived, single-use ticket, stored hashed.

    ``sign_in``: made by a successful login, exchanged once for the session cookie.
    ``upload``: given to a signed-in tab and sent with its photo upload, which travels
    without the cookie when the page and the backend are on different origins; it is
    bound to the tab's client token and the session it was issued under.
    """

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=16)
    ticket_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    session_hash: str | None = Field(default=None, max_length=64)
    client_token: str | None = Field(default=None, max_length=64)
    created_at: datetime = _at(default_now=True)
    expires_at: datetime = _at(required=True, index=True)
    used_at: datetime | None = _at()


class Attempt(SQLModel, table=True):
    """One counted attempt, to limit how often something may be done: registrations per
    client, numbers tried per account. `item` tells attempts of one subject apart."""

    __table_args__ = (
        sa.Index("ix_attempt_scope_subject_created", "scope", "subject", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=24)
    subject: str = Field(max_length=64)
    item: str = Field(default="", max_length=64)
    created_at: datetime = _at(default_now=True, index=True)


class LoginAttempt(SQLModel, table=True):
    """One login try, kept to throttle guessing per account and per client."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    client_key: str = Field(max_length=64, index=True)
    succeeded: bool = False
    created_at: datetime = _at(default_now=True, index=True)


class EmailToken(SQLModel, table=True):
    """A single-use link sent by email (address confirmation), stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=32)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _at(default_now=True)
    expires_at: datetime = _at(required=True)
    used_at: datetime | None = _at()


class OtpCode(SQLModel, table=True):
    """A 6-digit one-time code sent by SMS (phone check, purchase), stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    purpose: str = Field(max_length=32)
    target: str = Field(max_length=32)
    code_hash: str = Field(max_length=64)
    attempts: int = 0
    created_at: datetime = _at(default_now=True)
    expires_at: datetime = _at(required=True)
    used_at: datetime | None = _at()


# --- the applicant ---------------------------------------------------------------------


class ApplicantProfile(SQLModel, table=True):
    """What an applicant declared, and the result of their checks and motivation test."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    nik: str | None = Field(default=None, max_length=16, unique=True)
    kk_number: str | None = Field(default=None, max_length=16, index=True)
    birth_date: date | None = None
    sex: str | None = Field(default=None, max_length=1)
    full_name_ktp: str | None = Field(default=None, max_length=120)
    ktp_address: str | None = Field(default=None, max_length=300)
    domicile_address: str | None = Field(default=None, max_length=300)
    province_code: str | None = Field(default=None, max_length=2, index=True)
    regency_code: str | None = Field(default=None, max_length=4)
    district: str | None = Field(default=None, max_length=80)
    marital_status: str | None = Field(default=None, max_length=16)
    education: str | None = Field(default=None, max_length=16)
    employment_status: str | None = Field(default=None, max_length=24, index=True)
    training_interests: str | None = Field(default=None, max_length=300)
    in_formal_education: bool | None = None
    excluded_occupation: bool | None = None
    honesty_statement_at: datetime | None = _at()
    ktp_photo_key: str | None = Field(default=None, max_length=64)
    selfie_photo_key: str | None = Field(default=None, max_length=64)
    registry_status: str | None = Field(default=None, max_length=16)
    data_submitted_at: datetime | None = _at()
    phone: str | None = Field(default=None, max_length=16, unique=True)
    phone_verified_at: datetime | None = _at()
    test_started_at: datetime | None = _at()
    test_finished_at: datetime | None = _at()
    test_score: int | None = None
    ministry_proposed: bool = False
    created_at: datetime = _at(default_now=True)
    updated_at: datetime = _at(default_now=True)


class RegistrationStep(SQLModel, table=True):
    """A registration step the applicant has completed, saved so any device resumes there."""

    __table_args__ = (sa.UniqueConstraint("user_id", "step"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    step: str = Field(max_length=24)
    completed_at: datetime = _at(default_now=True)


class TestAnswer(SQLModel, table=True):
    """One answer of an applicant's motivation test, timed by the server when it arrived."""

    __test__ = False  # not a pytest test class, despite the name
    __table_args__ = (sa.UniqueConstraint("user_id", "question"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    question: int = Field(ge=0)
    choice: int = Field(ge=0)
    answered_at: datetime = _at(default_now=True)


class ExclusionEntry(SQLModel, table=True):
    """An NIK on an exclusion list (ASN, TNI, Polri, officials...) or blacklisted."""

    __table_args__ = (sa.UniqueConstraint("nik", "reason"),)

    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, index=True)
    reason: str = Field(max_length=24)
    source: str = Field(max_length=80)
    created_at: datetime = _at(default_now=True)


class PriorityEntry(SQLModel, table=True):
    """An NIK on the ministry's priority list: a laid-off worker proposed by Kemnaker or
    BPJS Ketenagakerjaan (`vocab.PrioritySource`)."""

    __table_args__ = (sa.UniqueConstraint("nik", "source"),)

    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, index=True)
    source: str = Field(max_length=16)
    created_at: datetime = _at(default_now=True)


class ListUpload(SQLModel, table=True):
    """An uploaded CSV that replaces the exclusion or the priority list: its dry run's
    diff, then its application (`services.lists`)."""

    __table_args__ = (
        sa.CheckConstraint(
            "lines >= 0 AND added >= 0 AND removed >= 0 AND unchanged >= 0 AND invalid >= 0",
            name="listupload_counts",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # `vocab.ListKind`
    status: str = Field(max_length=16, index=True)  # `vocab.ListUploadStatus`
    filename: str = Field(max_length=120)
    file_key: str = Field(max_length=64)  # the stored file's name in the private folder
    uploaded_by: int = Field(foreign_key="user.id")
    created_at: datetime = _at(default_now=True)
    finished_at: datetime | None = _at()
    lines: int = 0  # data lines read so far
    added: int = 0
    removed: int = 0
    unchanged: int = 0
    invalid: int = 0
    list_size: int | None = None  # the list as the dry run saw it: entries and last id
    list_last_id: int | None = None
    error: str | None = Field(default=None, max_length=40)  # `ListError` of a refused step


class ListUploadLine(SQLModel, table=True):
    """One data line of an upload, staged for its diff; deleted once applied or discarded."""

    __table_args__ = (sa.Index("ix_listuploadline_key", "upload_id", "nik", "value"),)

    upload_id: int = Field(foreign_key="listupload.id", primary_key=True)
    line_no: int = Field(primary_key=True)
    nik: str = Field(max_length=32)
    value: str = Field(max_length=32)
    problem: str | None = Field(default=None, max_length=16)  # `vocab.ListLineProblem`


class ProgramSetting(SQLModel, table=True):
    """A program setting the office can change (motivation test duration, questions...)."""

    key: str = Field(primary_key=True, max_length=64)
    value_json: str
    updated_at: datetime = _at(default_now=True)


# --- waves and participants ------------------------------------------------------------


class Wave(SQLModel, table=True):
    """A registration wave (gelombang) with its quota and its reproducible draw."""

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    opens_at: datetime = _at(required=True)
    closes_at: datetime = _at(required=True)
    quota: int = Field(sa_column_args=[sa.CheckConstraint("quota >= 0", name="wave_quota")])
    kk_cap: int | None = None
    # Comma-separated 2-digit province codes the wave is open for; None means all of Indonesia.
    province_codes: str | None = Field(default=None, max_length=200)
    status: str = Field(default="scheduled", max_length=16, index=True)
    selected_count: int | None = None
    seed_hash: str | None = Field(default=None, max_length=64)
    seed: str | None = Field(default=None, max_length=64)
    # The operator's latest request to draw (`jobs.tasks.queue_draw`), whose job run
    # reports the draw's stage; None until the draw is started.
    draw_request: str | None = Field(default=None, max_length=16)
    draw_requested_at: datetime | None = _at()
    drawn_at: datetime | None = _at()
    announced_at: datetime | None = _at()
    # The result messages are queued for the applications up to this id (the fan-out after
    # the draw, `selection.announcements`); None before it starts.
    results_queued_through: int | None = None
    results_queued_at: datetime | None = _at()


class WaveProvinceQuota(SQLModel, table=True):
    """The most applicants a wave selects from one province of domicile (a split quota)."""

    __table_args__ = (sa.UniqueConstraint("wave_id", "province_code"),)

    id: int | None = Field(default=None, primary_key=True)
    wave_id: int = Field(foreign_key="wave.id")
    province_code: str = Field(max_length=2)
    quota: int = Field(
        sa_column_args=[sa.CheckConstraint("quota > 0", name="waveprovincequota_quota")]
    )


class WaveApplication(SQLModel, table=True):
    """An applicant joining a wave, and the decisions of its draw that are not derived.

    The draw writes only the excluded and those a KK cap passed over; the selected are
    their `Participant` rows, and an application still "pending" in an announced wave was
    not selected for the quota (`selection.outcomes`).
    """

    __table_args__ = (
        sa.UniqueConstraint("wave_id", "user_id"),
        sa.Index(
            "ix_waveapplication_decided",
            "wave_id",
            "result",
            postgresql_where=sa.text("result <> 'pending'"),
            sqlite_where=sa.text("result <> 'pending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    wave_id: int = Field(foreign_key="wave.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    applied_at: datetime = _at(default_now=True)
    result: str = Field(default="pending", max_length=16)
    reason_code: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = _at()


class Participant(SQLModel, table=True):
    """An applicant selected in a wave; one per NIK, ever."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    nik: str = Field(max_length=16, unique=True)
    wave_id: int = Field(foreign_key="wave.id", index=True)
    card_number: str = Field(max_length=16, unique=True)
    selected_at: datetime = _at(default_now=True)
    first_purchase_deadline: datetime = _at(required=True, index=True)
    deadline_reminder_at: datetime | None = _at()
    revoked_at: datetime | None = _at()
    revoke_reason: str | None = Field(default=None, max_length=32)


class DrawPriority(SQLModel, table=True):
    """An application the draw put in the first priority group because its NIK was on
    the priority list then, so the published draw shows the group the draw used."""

    application_id: int = Field(foreign_key="waveapplication.id", primary_key=True)


# --- verification ----------------------------------------------------------------------


class AccountOrigin(SQLModel, table=True):
    """Where an account was created from, as a keyed hash of the client (its address):
    the address itself is never stored (`verification.flags.client_hash`)."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    client_hash: str = Field(max_length=64, index=True)
    created_at: datetime = _at(default_now=True)


class PhotoFingerprint(SQLModel, table=True):
    """The perceptual hash (64-bit pHash, 16 hex) of an applicant's stored photo, and its
    four 16-bit bands: two hashes within `flags.PHOTO_DISTANCE` bits share a band, so the
    bands' indexes find the candidates. A blank photo's bands are NULL (never compared)."""

    __table_args__ = (sa.UniqueConstraint("user_id", "photo"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    photo: str = Field(max_length=16)  # "ktp_photo" or "selfie_photo"
    phash: str = Field(max_length=16)
    band0: int | None = Field(default=None, index=True)
    band1: int | None = Field(default=None, index=True)
    band2: int | None = Field(default=None, index=True)
    band3: int | None = Field(default=None, index=True)
    created_at: datetime = _at(default_now=True, index=True)


OPEN_CASE = "status = 'open'"


class VerificationCase(SQLModel, table=True):
    """An applicant in the verification queue, and the verifier's decision. At most one
    case of an applicant is open (a partial unique index); a rejection has its reason."""

    __table_args__ = (
        sa.Index(
            "ux_verificationcase_open",
            "user_id",
            unique=True,
            postgresql_where=sa.text(OPEN_CASE),
            sqlite_where=sa.text(OPEN_CASE),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'approved', 'rejected')", name="verificationcase_status"
        ),
        sa.CheckConstraint(
            "(status = 'open') = (decided_at IS NULL)"
            " AND (status <> 'rejected' OR length(reason) >= 10)",
            name="verificationcase_decision",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    status: str = Field(default="open", max_length=16, index=True)  # `vocab.CaseStatus`
    opened_at: datetime = _at(required=True, index=True)
    decided_at: datetime | None = _at()
    decided_by: int | None = Field(default=None, foreign_key="user.id")
    reason: str | None = Field(default=None, max_length=300)  # shown to the applicant


class VerificationFlag(SQLModel, table=True):
    """One signal about an applicant (`vocab.FlagKind`), with its evidence: the other
    applicant sharing the photo, phone, family card or client, if any. `key` makes a
    signal found again by the next sweep the same row."""

    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="verificationcase.id", index=True)
    user_id: int = Field(foreign_key="user.id")
    kind: str = Field(max_length=16, index=True)
    other_user_id: int | None = Field(default=None, foreign_key="user.id")
    key: str = Field(max_length=40)
    detail: str = Field(default="", max_length=32)  # bits apart, group size, registry status
    found_at: datetime = _at(required=True)


# --- the marketplace -------------------------------------------------------------------


class Platform(SQLModel, table=True):
    """A digital platform (Bukalapak, Tokopedia, ...) that sells trainings."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=80)
    website: str = Field(max_length=200)
    description: str = Field(max_length=500)
    status: str = Field(default="active", max_length=16, index=True)
    withdrawn_at: datetime | None = _at()
    withdrawal_reason: str | None = Field(default=None, max_length=300)


class TrainingProvider(SQLModel, table=True):
    """A training provider (lembaga pelatihan), and its API credentials: the signing
    keys are sealed with the app's secret (`marketplace.api_credentials`)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    name: str = Field(max_length=120)
    city: str = Field(max_length=60)
    description: str = Field(max_length=500)
    client_code: str | None = Field(default=None, max_length=64, unique=True)
    sign_key_sealed: str | None = Field(default=None, max_length=256)
    key_issued_at: datetime | None = _at()
    # The key before the last rotation, accepted until `previous_key_until`.
    previous_key_sealed: str | None = Field(default=None, max_length=256)
    previous_key_until: datetime | None = _at()


class Training(SQLModel, table=True):
    """A course sold on one platform, made by one provider."""

    # The catalogue's word search (``ILIKE '%word%'``) uses trigram indexes on PostgreSQL
    # (`_trigram_extension`); on SQLite, which scans for LIKE anyway, they are plain ones.
    __table_args__ = (
        sa.Index(
            "ix_training_title_trgm",
            "title",
            postgresql_using="gin",
            postgresql_ops={"title": "gin_trgm_ops"},
        ),
        sa.Index(
            "ix_training_description_trgm",
            "description",
            postgresql_using="gin",
            postgresql_ops={"description": "gin_trgm_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True)
    title: str = Field(max_length=160)
    provider_id: int = Field(foreign_key="trainingprovider.id", index=True)
    platform_id: int = Field(foreign_key="platform.id", index=True)
    category: str = Field(max_length=32, index=True)
    format: str = Field(max_length=16)
    price: int = Field(
        sa_column_args=[sa.CheckConstraint("price > 0", name="training_price_positive")],
        index=True,
    )
    duration_minutes: int
    description: str = Field(max_length=1000)
    published_on: date = Field(index=True)  # the catalogue lists the newest first
    active: bool = Field(default=True, index=True)
    # Set by the first purchase; from then on the price cannot change (`PRICE_LOCK`).
    price_locked_at: datetime | None = _at()


class Purchase(SQLModel, table=True):
    """A training bought with the balance, with the voucher the provider redeems."""

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    training_id: int = Field(foreign_key="training.id", index=True)
    price: int
    voucher_code: str = Field(max_length=16, unique=True)
    idempotency_key: str = Field(max_length=64, unique=True)
    status: str = Field(default="bought", max_length=16, index=True)
    bought_at: datetime = _at(default_now=True)
    redeemed_at: datetime | None = _at()
    completed_at: datetime | None = _at()
    refunded_at: datetime | None = _at()


class Certificate(SQLModel, table=True):
    """The certificate a provider issues when a purchased training is completed."""

    id: int | None = Field(default=None, primary_key=True)
    purchase_id: int = Field(foreign_key="purchase.id", unique=True)
    number: str = Field(max_length=32, unique=True)
    verification_code: str = Field(max_length=32, unique=True)
    issued_at: datetime = _at(default_now=True)


class Review(SQLModel, table=True):
    """A participant's rating (1-5 stars) and review of a completed training."""

    id: int | None = Field(default=None, primary_key=True)
    purchase_id: int = Field(foreign_key="purchase.id", unique=True)
    training_id: int = Field(foreign_key="training.id", index=True)
    stars: int = Field(
        sa_column_args=[sa.CheckConstraint("stars BETWEEN 1 AND 5", name="review_stars")]
    )
    text: str = Field(max_length=2000)
    created_at: datetime = _at(default_now=True)


class TrainingRating(SQLModel, table=True):
    """A training's reviews summed up, counted in the transaction of each review
    (`marketplace.reviews`), so the catalogue never reads the reviews to show a rating."""

    training_id: int = Field(foreign_key="training.id", primary_key=True)
    reviews: int = 0
    stars: int = 0  # the sum of the reviews' stars


# A sold training's price is final: the database refuses to change it once
# `price_locked_at` is set, whatever statement tries (`marketplace.training_listing`).
PRICE_LOCK = {
    "sqlite": (
        """CREATE TRIGGER training_price_locked BEFORE UPDATE OF price ON training
        WHEN OLD.price_locked_at IS NOT NULL AND NEW.price <> OLD.price
        BEGIN SELECT RAISE(ABORT, 'training price is locked after its first sale'); END""",
    ),
    "postgresql": (
        """CREATE OR REPLACE FUNCTION training_price_locked() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'training price is locked after its first sale';
        END $$""",
        """CREATE TRIGGER training_price_locked BEFORE UPDATE OF price ON training
        FOR EACH ROW WHEN (OLD.price_locked_at IS NOT NULL AND NEW.price <> OLD.price)
        EXECUTE FUNCTION training_price_locked()""",
    ),
}


def _create_with(model: type[SQLModel], rules: dict[str, tuple[str, ...]]) -> None:
    """Run each dialect's `rules` (triggers and their functions) after the table's CREATE;
    the migrations run the same statements."""
    for dialect, statements in rules.items():
        for statement in statements:
            sa.event.listen(
                model.__table__,  # type: ignore[attr-defined]
                "after_create",
                sa.DDL(statement).execute_if(dialect=dialect),
            )


_create_with(Training, PRICE_LOCK)


class ApiCall(SQLModel, table=True):
    """One call to the providers' redeem-code API: who, which endpoint, how it ended and
    how long it took. No voucher code, body or signature; kept 30 days
    (`marketplace.api_calls`)."""

    __table_args__ = (sa.Index("ix_apicall_provider_called", "provider_id", "called_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # The provider named by the client_code header; None when it names none.
    provider_id: int | None = Field(default=None, foreign_key="trainingprovider.id")
    endpoint: str = Field(max_length=16)  # `redemption.Operation`
    http_status: int
    error_code: str | None = Field(default=None, max_length=32)  # `RedeemError`
    duration_ms: int
    called_at: datetime = _at(required=True, index=True)


# Trigram indexes need PostgreSQL's pg_trgm; creating the tables creates it first.
_trigram_extension = sa.DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm")
sa.event.listen(
    SQLModel.metadata, "before_create", _trigram_extension.execute_if(dialect="postgresql")
)


# --- money -----------------------------------------------------------------------------


class LedgerEntry(SQLModel, table=True):
    """One credit (+) or debit (-) of a participant's training balance, in rupiah."""

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    amount: int = Field(
        sa_column_args=[sa.CheckConstraint("amount <> 0", name="ledger_amount_nonzero")]
    )
    kind: str = Field(max_length=16)
    purchase_id: int | None = Field(default=None, foreign_key="purchase.id")
    idempotency_key: str = Field(max_length=64, unique=True)
    created_at: datetime = _at(default_now=True)


class PayoutAccount(SQLModel, table=True):
    """A bank account or e-wallet registered under the participant's own NIK.

    One account number serves one participant, ever (the unique pair, kept by the
    deactivated rows too); a participant has at most one active account (the partial
    unique index). Changing the account deactivates the old row, which stays as history.
    """

    __table_args__ = (
        sa.UniqueConstraint("provider", "account_number"),
        sa.Index(
            "uq_payoutaccount_one_active",
            "participant_id",
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    provider: str = Field(max_length=16)  # a `PayoutChannel` value
    account_number: str = Field(max_length=32)
    holder_name: str = Field(max_length=120)
    verified_at: datetime | None = _at()
    active: bool = True
    created_at: datetime = _at(default_now=True)
    deactivated_at: datetime | None = _at()


class Payment(SQLModel, table=True):
    """A scheduled cash payment: an incentive instalment (1-4) or a survey payment (1-3)."""

    __table_args__ = (sa.UniqueConstraint("participant_id", "kind", "sequence"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    kind: str = Field(max_length=16)
    sequence: int
    amount: int = Field(
        sa_column_args=[sa.CheckConstraint("amount > 0", name="payment_amount_positive")]
    )
    due_on: date = Field(index=True)
    status: str = Field(default="scheduled", max_length=16, index=True)
    failure_reason: str | None = Field(default=None, max_length=200)  # the partner's code
    idempotency_key: str = Field(max_length=64, unique=True)
    payout_account_id: int | None = Field(default=None, foreign_key="payoutaccount.id")
    paid_at: datetime | None = _at()
    created_at: datetime = _at(default_now=True)


RUN_OPEN = "status IN ('gathered', 'prepared', 'approved')"


class PaymentRun(SQLModel, table=True):
    """A payment run (`services.money.runs`): the payments due on a program day,
    gathered by the daily job, prepared by a finance maker who declares their count and
    total, approved by a different admin (the checker), then sent to the partner.

    The database keeps the four eyes (an approved run names a preparer and a different
    approver) and one open run at a time (the unique index on a constant, over the open
    rows)."""

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('gathered', 'prepared', 'approved', 'sent', 'cancelled')",
            name="paymentrun_status",
        ),
        sa.CheckConstraint(
            "approved_by IS NULL OR (prepared_by IS NOT NULL AND approved_by <> prepared_by)",
            name="paymentrun_four_eyes",
        ),
        sa.CheckConstraint(
            "status NOT IN ('approved', 'sent') OR approved_by IS NOT NULL",
            name="paymentrun_approved",
        ),
        sa.Index(
            "uq_paymentrun_one_open",
            sa.text("(1)"),
            unique=True,
            sqlite_where=sa.text(RUN_OPEN),
            postgresql_where=sa.text(RUN_OPEN),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    business_day: date  # the program day (WIB) whose due payments it gathered
    status: str = Field(default="gathered", max_length=16, index=True)
    count: int = 0  # declared by the maker when prepared
    total: int = 0
    gathered_at: datetime = _at(default_now=True)
    prepared_by: int | None = Field(default=None, foreign_key="user.id")
    prepared_at: datetime | None = _at()
    approved_by: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime | None = _at()
    cancelled_by: int | None = Field(default=None, foreign_key="user.id")
    cancelled_at: datetime | None = _at()
    cancel_reason: str | None = Field(default=None, max_length=300)
    sent_at: datetime | None = _at()
    touched_at: datetime | None = _at()  # the sender's last progress, real time (see sending)


ATTEMPT_LIVE = "status IN ('pending', 'created', 'sent')"


class PayoutAttempt(SQLModel, table=True):
    """One try at paying a `Payment` through the partner, in one run.

    Each try has its own idempotency key (the payment's key and the try's number), so a
    repeated send creates it at the partner once; a payment has at most one live try
    (pending, created at the partner, or sent) at a time, whatever runs exist."""

    __table_args__ = (
        sa.UniqueConstraint("payment_id", "number"),
        sa.CheckConstraint(
            "status IN ('pending', 'created', 'sent', 'completed', 'failed', 'cancelled')",
            name="payoutattempt_status",
        ),
        sa.Index(
            "uq_payoutattempt_one_live",
            "payment_id",
            unique=True,
            sqlite_where=sa.text(ATTEMPT_LIVE),
            postgresql_where=sa.text(ATTEMPT_LIVE),
        ),
        sa.Index("ix_payoutattempt_run_status", "run_id", "status"),  # a sender's claims
    )

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="paymentrun.id")
    payment_id: int = Field(foreign_key="payment.id")  # indexed first in its unique pairs
    number: int
    idempotency_key: str = Field(max_length=100, unique=True)
    amount: int
    payout_account_id: int = Field(foreign_key="payoutaccount.id")
    status: str = Field(default="pending", max_length=16)
    reference_no: str | None = Field(default=None, max_length=40, unique=True)
    failure_code: str | None = Field(default=None, max_length=40)
    partner_updated_at: datetime | None = _at()  # the newest status heard of, from the partner
    created_at: datetime = _at(default_now=True)
    finished_at: datetime | None = _at()


class ReconciliationMismatch(SQLModel, table=True):
    """One difference between our payouts and the partner's daily report, for finance."""

    __table_args__ = (sa.UniqueConstraint("day", "reference_no", "mismatch"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    reference_no: str = Field(max_length=40)
    mismatch: str = Field(max_length=24)  # a `reconciliation.Mismatch`
    our_amount: int | None = None
    our_status: str | None = Field(default=None, max_length=16)
    their_amount: int | None = None
    their_status: str | None = Field(default=None, max_length=16)
    found_at: datetime = _at(default_now=True)


class CashEntry(SQLModel, table=True):
    """One leg of a journal in the cash ledger of incentives and survey payments, in
    rupiah (`services.money.cash_ledger`): money moves into `account` (+) or out (-),
    and each journal's legs sum to zero."""

    __table_args__ = (sa.UniqueConstraint("journal", "account"),)

    id: int | None = Field(default=None, primary_key=True)
    journal: str = Field(max_length=80, index=True)  # e.g. "owed:incentive:12:1"
    account: str = Field(max_length=40, index=True)  # "pool", "owed:12", "paid_out"
    amount: int = Field(
        sa_column_args=[sa.CheckConstraint("amount <> 0", name="cashentry_amount_nonzero")]
    )
    payment_id: int | None = Field(default=None, foreign_key="payment.id", index=True)
    created_at: datetime = _at(default_now=True)


# The cash ledger is append-only, and on PostgreSQL a journal that does not sum to zero
# cannot commit (a deferred check, run once per journal at commit).
CASH_LEDGER_RULES = {
    "sqlite": (
        """CREATE TRIGGER cashentry_append_only_update BEFORE UPDATE ON cashentry
        BEGIN SELECT RAISE(ABORT, 'the cash ledger is append-only'); END""",
        """CREATE TRIGGER cashentry_append_only_delete BEFORE DELETE ON cashentry
        BEGIN SELECT RAISE(ABORT, 'the cash ledger is append-only'); END""",
    ),
    "postgresql": (
        """CREATE OR REPLACE FUNCTION cashentry_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the cash ledger is append-only';
        END $$""",
        """CREATE TRIGGER cashentry_append_only BEFORE UPDATE OR DELETE ON cashentry
        FOR EACH ROW EXECUTE FUNCTION cashentry_append_only()""",
        """CREATE OR REPLACE FUNCTION cashentry_balanced() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF (SELECT sum(amount) FROM cashentry WHERE journal = NEW.journal) <> 0 THEN
                RAISE EXCEPTION USING MESSAGE =
                    'cash journal ' || NEW.journal || ' does not balance';
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE CONSTRAINT TRIGGER cashentry_balanced AFTER INSERT ON cashentry
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION cashentry_balanced()""",
    ),
}
_create_with(CashEntry, CASH_LEDGER_RULES)


# --- surveys, messages, complaints, audit ----------------------------------------------


class Survey(SQLModel, table=True):
    """One of the three evaluation surveys."""

    id: int | None = Field(default=None, primary_key=True)
    sequence: int = Field(unique=True)
    title: str = Field(max_length=120)
    questions_json: str


class SurveyResponse(SQLModel, table=True):
    """A participant's answers to a survey; answers never affect payment."""

    __table_args__ = (sa.UniqueConstraint("survey_id", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    answers_json: str  # {"<question id>": "<option id>", ...} (`services.surveys`)
    submitted_at: datetime = _at(default_now=True)


class SurveyNotice(SQLModel, table=True):
    """The email and SMS that told a participant a survey opened: one per participant and
    survey (the key), claimed before the messages are queued (`services.surveys.notices`)."""

    participant_id: int = Field(foreign_key="participant.id", primary_key=True)
    sequence: int = Field(primary_key=True)
    queued_at: datetime = _at(required=True)


class OutboxMessage(SQLModel, table=True):
    """An email or SMS waiting to be sent (or kept for the development mailbox).

    The delivery worker claims due rows in (priority, id) order; the partial index holds
    only the waiting rows, so a million sent ones cost it nothing.
    """

    __table_args__ = (
        sa.Index(
            "ix_outboxmessage_due",
            "channel",
            "priority",
            "id",
            postgresql_where=sa.text("status = 'pending'"),
            sqlite_where=sa.text("status = 'pending'"),
        ),
        sa.Index(
            "ix_outboxmessage_leased",
            "lease_until",
            postgresql_where=sa.text("status = 'sending'"),
            sqlite_where=sa.text("status = 'sending'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=8)
    recipient: str = Field(max_length=254, index=True)
    subject: str = Field(default="", max_length=200)
    body: str  # with SECRET_MARK where the secret goes
    # The one-time code or link token the body carries; erased once delivered or expired.
    secret: str | None = Field(default=None, max_length=200)
    secret_expires_at: datetime | None = _at()
    status: str = Field(default="pending", max_length=16)
    priority: int = 1  # `vocab.Priority`: one-time codes first, a draw's results last
    attempts: int = 0
    next_attempt_at: datetime | None = _at()  # a retry waits until then
    lease_until: datetime | None = _at()  # while "sending": reclaimed after this
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _at(default_now=True)
    sent_at: datetime | None = _at()
    gateway_id: str | None = Field(default=None, max_length=120)  # Message-ID, SMS reference
    # The gateway's delivery report (SMS): delivered, or undelivered with its reason.
    report: str | None = Field(default=None, max_length=16)
    report_detail: str | None = Field(default=None, max_length=200)
    reported_at: datetime | None = _at()


class JobRun(SQLModel, table=True):
    """One run of a scheduled job for one tick: the unique key lets exactly one worker
    run it, however many consumers see the tick."""

    __table_args__ = (sa.UniqueConstraint("job", "tick"),)

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40)
    tick: str = Field(max_length=40)  # the minute (UTC) or program date it is for
    started_at: datetime = _at(default_now=True)
    finished_at: datetime | None = _at()
    outcome: str = Field(default="running", max_length=16)  # `vocab.JobOutcome`
    detail: str = Field(default="", max_length=500)
    stage: str | None = Field(default=None, max_length=24)  # a running draw's `DrawStage`


class Complaint(SQLModel, table=True):
    """A complaint (pengaduan) filed by an applicant or participant."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    subject: str = Field(max_length=160)
    body: str = Field(max_length=4000)
    status: str = Field(default="open", max_length=16, index=True)
    created_at: datetime = _at(default_now=True)
    resolved_at: datetime | None = _at()


class AuditLog(SQLModel, table=True):
    """Who did what to which record, and when, with the values before and after.

    Append-only and hash-chained (`services.core.audit`): entry number `seq` holds the
    hash of entry ``seq - 1`` (`prev_hash`) and its own (`row_hash`).
    """

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=64, index=True)
    entity: str = Field(max_length=32, index=True)
    entity_id: str | None = Field(default=None, max_length=32)
    before_json: str | None = None
    after_json: str | None = None
    created_at: datetime = _at(default_now=True, index=True)
    prev_hash: str = Field(max_length=64)
    row_hash: str = Field(max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The audit chain's one row: its last entry's number and hash, locked to append."""

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    last_hash: str = Field(max_length=64)
