"""The program's fixed vocabularies: the values stored in status and choice columns.

Only the values live here; what a person reads for each is in
`prakerja_app.services.core.labels`.
"""

from enum import IntEnum, StrEnum


class Role(StrEnum):
    """The kind of account: an applicant (later a participant) or a program-office admin."""

    APPLICANT = "applicant"
    ADMIN = "admin"


class AdminRole(StrEnum):
    """What an admin may do; one admin may hold several (`accounts.roles`)."""

    SUPER_ADMIN = "super_admin"
    OPERATOR = "operator"
    VERIFIER = "verifier"
    FINANCE_MAKER = "finance_maker"
    FINANCE_CHECKER = "finance_checker"
    AUDITOR = "auditor"


class WaveStatus(StrEnum):
    """A wave's life: scheduled (editable), open (its seed committed), closed, drawn (the
    decisions recorded, not yet visible to applicants), announced (results and seed out)."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    DRAWN = "drawn"
    ANNOUNCED = "announced"


class DrawStage(StrEnum):
    """How far a running draw has come (`JobRun.stage` of its job), in order."""

    STARTED = "started"
    DECIDING = "deciding"
    PARTICIPANTS = "participants"
    BALANCES = "balances"


class ApplicationResult(StrEnum):
    PENDING = "pending"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    EXCLUDED = "excluded"


class PlatformStatus(StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


class TrainingFormat(StrEnum):
    VIDEO = "video"
    WEBINAR = "webinar"


class Category(StrEnum):
    """The training categories of the catalogue (and of the applicant's interests)."""

    FOREIGN_LANGUAGES = "bahasa-asing"
    DIGITAL_MARKETING = "pemasaran-digital"
    ONLINE_SELLING = "penjualan-online"
    OFFICE_ADMINISTRATION = "administrasi-perkantoran"
    COOKING = "kuliner"
    MAKE_UP = "tata-rias"
    PHOTOGRAPHY = "fotografi"
    VIDEO_EDITING = "penyuntingan-video"
    INFORMATION_TECHNOLOGY = "teknologi-informasi"
    ENTREPRENEURSHIP = "kewirausahaan"
    FINANCE = "keuangan"
    SEWING_AND_CRAFTS = "menjahit-kerajinan"


class PurchaseStatus(StrEnum):
    BOUGHT = "bought"
    REDEEMED = "redeemed"
    COMPLETED = "completed"
    REFUNDED = "refunded"


class LedgerKind(StrEnum):
    GRANT = "grant"
    PURCHASE = "purchase"
    REFUND = "refund"
    FORFEIT = "forfeit"


class PaymentKind(StrEnum):
    INCENTIVE = "incentive"
    SURVEY = "survey"


class PaymentStatus(StrEnum):
    SCHEDULED = "scheduled"
    PROCESSING = "processing"
    PAID = "paid"
    FAILED = "failed"


class RunStatus(StrEnum):
    """A payment run's life (`money.runs`): gathered by the daily job, prepared by a
    finance maker, approved by a checker, sent; or cancelled before approval."""

    GATHERED = "gathered"
    PREPARED = "prepared"
    APPROVED = "approved"
    SENT = "sent"
    CANCELLED = "cancelled"


class AttemptStatus(StrEnum):
    """One payout try (`PayoutAttempt`): in a run (pending), created at the partner,
    approved there (sent), then completed or failed; cancelled with its run."""

    PENDING = "pending"
    CREATED = "created"
    SENT = "sent"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class SurveyStatus(StrEnum):
    NOT_YET = "not_yet"  # survey 1 opens when the first incentive is paid, the next 30 days on
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"  # its 30 days passed unanswered


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(StrEnum):
    PENDING = "pending"  # waiting to be sent (again)
    SENDING = "sending"  # claimed by one delivery run
    SENT = "sent"  # handed to the SMTP server (or SMS gateway)
    LOCAL = "local"  # kept for the development mailbox: nothing is configured to send it
    FAILED = "failed"  # gave up after the last attempt (or an error retrying cannot fix)


class Priority(IntEnum):
    """Which outbox messages go first: lower is sooner."""

    URGENT = 0  # carries a one-time code or link: someone is waiting for it
    NORMAL = 1
    BULK = 2  # one of many queued at once (a draw's results)


class DeliveryReport(StrEnum):
    """What the SMS gateway reported after it took a message."""

    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"


class JobOutcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


class ExclusionReason(StrEnum):
    CIVIL_SERVANT = "asn"
    MILITARY = "tni"
    POLICE = "polri"
    STATE_OFFICIAL = "pejabat_negara"
    REGIONAL_PARLIAMENT = "dprd"
    VILLAGE_OFFICIAL = "perangkat_desa"
    SOE_DIRECTOR = "direksi_bumn"
    BLACKLISTED = "blacklist"


class PrioritySource(StrEnum):
    """Who proposed an NIK for the priority list."""

    KEMNAKER = "kemnaker"
    BPJSTK = "bpjstk"


class ListKind(StrEnum):
    """A list the program office uploads as CSV."""

    EXCLUSION = "exclusion"
    PRIORITY = "priority"


class ListUploadStatus(StrEnum):
    QUEUED = "queued"  # stored, waiting for its dry run
    CHECKING = "checking"
    CHECKED = "checked"  # its diff is ready
    APPLYING = "applying"
    APPLIED = "applied"
    DISCARDED = "discarded"
    FAILED = "failed"  # the file could not be read (`ListUpload.error`)


class ListLineProblem(StrEnum):
    """Why an uploaded list's line is invalid."""

    COLUMNS = "columns"  # not two values
    NIK = "nik"  # not a valid NIK
    VALUE = "value"  # an unknown reason or source
    DUPLICATE = "duplicate"  # the same NIK and value on an earlier line


# --- what the applicant declares -----------------------------------------------------


class Sex(StrEnum):
    MALE = "L"  # laki-laki
    FEMALE = "P"  # perempuan


class MaritalStatus(StrEnum):
    SINGLE = "belum_kawin"
    MARRIED = "kawin"
    DIVORCED = "cerai_hidup"
    WIDOWED = "cerai_mati"


class Education(StrEnum):
    PRIMARY = "sd"
    JUNIOR_HIGH = "smp"
    SENIOR_HIGH = "sma"
    DIPLOMA = "diploma"
    BACHELOR = "s1"
    MASTER = "s2"
    DOCTORATE = "s3"


class Employment(StrEnum):
    LAID_OFF = "korban_phk"
    FURLOUGHED = "dirumahkan"
    LOOKING = "mencari_kerja"
    WORKING = "bekerja"
    BUSINESS_OWNER = "pelaku_usaha"


# --- selection and deadlines ---------------------------------------------------------


class SelectionReason(StrEnum):
    """Why an application was not selected (`WaveApplication.reason_code`).

    Exclusion-list matches are stored as ``exclusion_<ExclusionReason>``, e.g.
    ``exclusion_asn`` (`exclusion_reason_code`).
    """

    QUOTA = "quota"
    KK_CAP = "kk_cap"
    PROVINCE_QUOTA = "province_quota"
    ALREADY_PARTICIPANT = "already_participant"
    NO_IDENTITY = "no_identity"
    VERIFICATION_REJECTED = "verification_rejected"  # a verifier rejected the applicant


EXCLUSION_REASON_PREFIX = "exclusion_"


def exclusion_reason_code(reason: ExclusionReason) -> str:
    """The selection reason code stored for an exclusion-list match: ``exclusion_asn``."""
    return f"{EXCLUSION_REASON_PREFIX}{reason.value}"


class RevokeReason(StrEnum):
    NO_PURCHASE = "no_purchase"


class FlagKind(StrEnum):
    """Why an applicant's data went to the verification queue (`VerificationFlag.kind`)."""

    PHOTO = "photo"  # the same photo (perceptual hash) as another applicant's
    PHONE = "phone"  # a phone number asked for by more accounts than the cap
    KK = "kk"  # a family card with more applicants in a wave than its cap
    CLIENT = "client"  # more accounts created from one client than the cap
    REGISTRY = "registry"  # the registry did not confirm the NIK


class CaseStatus(StrEnum):
    """A verification case (`VerificationCase.status`): open until a verifier decides."""

    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"
