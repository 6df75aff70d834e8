"""The program's fixed vocabularies: values stored in status columns, with Indonesian labels."""

from enum import StrEnum


class Role(StrEnum):
    APPLICANT = "applicant"
    ADMIN = "admin"


class WaveStatus(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    ANNOUNCED = "announced"


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


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class ExclusionReason(StrEnum):
    CIVIL_SERVANT = "asn"
    MILITARY = "tni"
    POLICE = "polri"
    STATE_OFFICIAL = "pejabat_negara"
    REGIONAL_PARLIAMENT = "dprd"
    VILLAGE_OFFICIAL = "perangkat_desa"
    SOE_DIRECTOR = "direksi_bumn"
    BLACKLISTED = "blacklist"


PAYMENT_STATUS_LABELS = {
    PaymentStatus.SCHEDULED: "Menunggu Diproses",
    PaymentStatus.PROCESSING: "Sedang Diproses",
    PaymentStatus.PAID: "Berhasil Dibayar",
    PaymentStatus.FAILED: "Gagal",
}

TRAINING_FORMAT_LABELS = {
    TrainingFormat.VIDEO: "Video mandiri",
    TrainingFormat.WEBINAR: "Webinar",
}

CATEGORY_LABELS = {
    "bahasa-asing": "Bahasa Asing",
    "pemasaran-digital": "Pemasaran Digital",
    "penjualan-online": "Penjualan Online",
    "administrasi-perkantoran": "Administrasi Perkantoran",
    "kuliner": "Kuliner",
    "tata-rias": "Tata Rias",
    "fotografi": "Fotografi",
    "penyuntingan-video": "Penyuntingan Video",
    "teknologi-informasi": "Teknologi Informasi",
    "kewirausahaan": "Kewirausahaan",
    "keuangan": "Keuangan",
    "menjahit-kerajinan": "Menjahit dan Kerajinan",
}

EXCLUSION_LABELS = {
    ExclusionReason.CIVIL_SERVANT: "Aparatur Sipil Negara (ASN)",
    ExclusionReason.MILITARY: "Anggota TNI",
    ExclusionReason.POLICE: "Anggota Polri",
    ExclusionReason.STATE_OFFICIAL: "Pejabat negara",
    ExclusionReason.REGIONAL_PARLIAMENT: "Pimpinan atau anggota DPRD",
    ExclusionReason.VILLAGE_OFFICIAL: "Kepala desa atau perangkat desa",
    ExclusionReason.SOE_DIRECTOR: "Direksi, komisaris, atau dewan pengawas BUMN/BUMD",
    ExclusionReason.BLACKLISTED: "Pernah dicabut kepesertaannya",
}
