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


# --- what the applicant declares -----------------------------------------------------

SEX_LABELS = {"L": "Laki-laki", "P": "Perempuan"}

MARITAL_STATUS_LABELS = {
    "belum_kawin": "Belum kawin",
    "kawin": "Kawin",
    "cerai_hidup": "Cerai hidup",
    "cerai_mati": "Cerai mati",
}

EDUCATION_LABELS = {
    "sd": "SD/sederajat",
    "smp": "SMP/sederajat",
    "sma": "SMA/SMK/sederajat",
    "diploma": "Diploma (D1-D3)",
    "s1": "Sarjana (D4/S1)",
    "s2": "Magister (S2)",
    "s3": "Doktor (S3)",
}


class Employment(StrEnum):
    LAID_OFF = "korban_phk"
    FURLOUGHED = "dirumahkan"
    LOOKING = "mencari_kerja"
    WORKING = "bekerja"
    BUSINESS_OWNER = "pelaku_usaha"


EMPLOYMENT_LABELS = {
    Employment.LAID_OFF: "Korban PHK",
    Employment.FURLOUGHED: "Pekerja yang dirumahkan",
    Employment.LOOKING: "Sedang mencari kerja",
    Employment.WORKING: "Bekerja (karyawan/buruh)",
    Employment.BUSINESS_OWNER: "Pelaku usaha mikro/kecil",
}


# --- the marketplace -----------------------------------------------------------------

PURCHASE_STATUS_LABELS = {
    PurchaseStatus.BOUGHT: "Sudah dibeli, belum ditukarkan",
    PurchaseStatus.REDEEMED: "Sedang diikuti",
    PurchaseStatus.COMPLETED: "Selesai",
    PurchaseStatus.REFUNDED: "Dibatalkan, saldo dikembalikan",
}


# --- selection and deadlines ---------------------------------------------------------


class SelectionReason(StrEnum):
    """Why an application was not selected (`WaveApplication.reason_code`).

    Exclusion-list matches are stored as ``exclusion_<ExclusionReason>``, e.g.
    ``exclusion_asn``; see `selection_reason_label`.
    """

    QUOTA = "quota"
    KK_CAP = "kk_cap"
    ALREADY_PARTICIPANT = "already_participant"
    NO_IDENTITY = "no_identity"


EXCLUSION_REASON_PREFIX = "exclusion_"

SELECTION_REASON_LABELS = {
    SelectionReason.QUOTA: (
        "Kuota gelombang ini sudah terpenuhi oleh peserta yang terpilih lebih dahulu dalam undian."
    ),
    SelectionReason.KK_CAP: (
        "Jumlah penerima dari Kartu Keluarga (KK) Anda sudah mencapai batas untuk gelombang ini."
    ),
    SelectionReason.ALREADY_PARTICIPANT: (
        "NIK Anda sudah pernah menjadi penerima Kartu Prakerja. Satu orang hanya dapat"
        " menerima satu kartu."
    ),
    SelectionReason.NO_IDENTITY: "Data NIK Anda belum lengkap.",
    **{
        f"{EXCLUSION_REASON_PREFIX}{reason.value}": (
            f"NIK Anda terdaftar dalam daftar pengecualian: {label}."
        )
        for reason, label in EXCLUSION_LABELS.items()
    },
}


def selection_reason_label(code: str | None) -> str:
    """The Indonesian sentence for a selection reason code ("" for none)."""
    if not code:
        return ""
    return SELECTION_REASON_LABELS.get(code, "Tidak memenuhi ketentuan seleksi.")


class RevokeReason(StrEnum):
    NO_PURCHASE = "no_purchase"


REVOKE_REASON_LABELS = {
    RevokeReason.NO_PURCHASE: (
        "Tidak membeli pelatihan pertama dalam 30 hari setelah dinyatakan lolos seleksi."
    ),
}


LEDGER_KIND_LABELS = {
    LedgerKind.GRANT: "Saldo pelatihan diterima",
    LedgerKind.PURCHASE: "Pembelian pelatihan",
    LedgerKind.REFUND: "Pengembalian dana pelatihan",
    LedgerKind.FORFEIT: "Saldo dikembalikan ke negara",
}
