"""What a person reads for each value of the program's vocabularies (`core.vocab`).

One table per vocabulary, in Bahasa Indonesia. Pages, views and message templates take
their labels from here, so renaming a status on every page is one edit. The tables are
typed ``dict[str, str]``: a column's stored value finds its label, as does the `StrEnum`
member (`EXCLUSION_LABELS` alone is keyed by its enum, which `exclusion_reason_code` needs).
"""

from prakerja_app.services.core.vocab import (
    AdminRole,
    ApplicationResult,
    Category,
    Education,
    Employment,
    ExclusionReason,
    LedgerKind,
    MaritalStatus,
    OutboxStatus,
    PaymentKind,
    PaymentStatus,
    PurchaseStatus,
    RevokeReason,
    SelectionReason,
    Sex,
    SurveyStatus,
    TrainingFormat,
    exclusion_reason_code,
)
from prakerja_app.services.money.partner.interface import PayoutChannel

ADMIN_ROLE_LABELS: dict[str, str] = {
    AdminRole.SUPER_ADMIN: "Super admin",
    AdminRole.OPERATOR: "Operator",
    AdminRole.VERIFIER: "Verifikator",
    AdminRole.FINANCE_MAKER: "Keuangan (pembuat)",
    AdminRole.FINANCE_CHECKER: "Keuangan (pemeriksa)",
    AdminRole.AUDITOR: "Auditor",
}

PAYOUT_CHANNEL_LABELS: dict[str, str] = {
    PayoutChannel.BNI: "Rekening BNI",
    PayoutChannel.OVO: "OVO",
    PayoutChannel.GOPAY: "GoPay",
    PayoutChannel.LINKAJA: "LinkAja",
    PayoutChannel.DANA: "DANA",
}

PAYMENT_STATUS_LABELS: dict[str, str] = {
    PaymentStatus.SCHEDULED: "Menunggu Diproses",
    PaymentStatus.PROCESSING: "Sedang Diproses",
    PaymentStatus.PAID: "Berhasil",
    PaymentStatus.FAILED: "Gagal",
}

# Why the partner could not pay into an account, and what the participant can do: the
# partner's error codes (`partner.interface.FailureReason`), any other code as "other".
PAYOUT_FAILURE_OTHER = "other"
PAYOUT_FAILURE_LABELS: dict[str, tuple[str, str]] = {
    "account_not_found": (
        "akun tidak ditemukan",
        "Periksa nomor akun Anda dan tautkan akun yang benar; kami coba lagi pada"
        " pembayaran berikutnya.",
    ),
    "account_inactive": (
        "akun tidak aktif",
        'Aktifkan kembali akun Anda lalu tekan "Saya sudah memperbaikinya", atau tautkan'
        " akun lain; kami coba lagi pada pembayaran berikutnya.",
    ),
    "ewallet_not_upgraded": (
        "akun belum di-upgrade",
        'Upgrade akun Anda lalu kami coba lagi: setelah upgrade, tekan "Saya sudah'
        ' memperbaikinya".',
    ),
    "name_mismatch": (
        "nama pemilik akun tidak sama dengan nama di KTP",
        "Tautkan akun atas nama Anda sendiri; kami coba lagi pada pembayaran berikutnya.",
    ),
    PAYOUT_FAILURE_OTHER: (
        "ditolak oleh bank atau dompet digital",
        'Periksa akun Anda lalu tekan "Saya sudah memperbaikinya"; kami coba lagi pada'
        " pembayaran berikutnya.",
    ),
}


def payout_failure_label(code: str | None) -> tuple[str, str]:
    """Why a payout failed and what to do, in plain words, for the partner's code."""
    return PAYOUT_FAILURE_LABELS.get(code or "", PAYOUT_FAILURE_LABELS[PAYOUT_FAILURE_OTHER])


SURVEY_STATUS_LABELS: dict[str, str] = {
    SurveyStatus.NOT_YET: "Belum tersedia",
    SurveyStatus.OPEN: "Dapat diisi",
    SurveyStatus.ANSWERED: "Selesai",
    SurveyStatus.CLOSED: "Terlewat",
}

PAYMENT_KIND_LABELS: dict[str, str] = {
    PaymentKind.INCENTIVE: "Insentif",
    PaymentKind.SURVEY: "Insentif survei",
}

TRAINING_FORMAT_LABELS: dict[str, str] = {
    TrainingFormat.VIDEO: "Video mandiri",
    TrainingFormat.WEBINAR: "Webinar",
}

CATEGORY_LABELS: dict[str, str] = {
    Category.FOREIGN_LANGUAGES: "Bahasa Asing",
    Category.DIGITAL_MARKETING: "Pemasaran Digital",
    Category.ONLINE_SELLING: "Penjualan Online",
    Category.OFFICE_ADMINISTRATION: "Administrasi Perkantoran",
    Category.COOKING: "Kuliner",
    Category.MAKE_UP: "Tata Rias",
    Category.PHOTOGRAPHY: "Fotografi",
    Category.VIDEO_EDITING: "Penyuntingan Video",
    Category.INFORMATION_TECHNOLOGY: "Teknologi Informasi",
    Category.ENTREPRENEURSHIP: "Kewirausahaan",
    Category.FINANCE: "Keuangan",
    Category.SEWING_AND_CRAFTS: "Menjahit dan Kerajinan",
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

SEX_LABELS: dict[str, str] = {Sex.MALE: "Laki-laki", Sex.FEMALE: "Perempuan"}

MARITAL_STATUS_LABELS: dict[str, str] = {
    MaritalStatus.SINGLE: "Belum kawin",
    MaritalStatus.MARRIED: "Kawin",
    MaritalStatus.DIVORCED: "Cerai hidup",
    MaritalStatus.WIDOWED: "Cerai mati",
}

EDUCATION_LABELS: dict[str, str] = {
    Education.PRIMARY: "SD/sederajat",
    Education.JUNIOR_HIGH: "SMP/sederajat",
    Education.SENIOR_HIGH: "SMA/SMK/sederajat",
    Education.DIPLOMA: "Diploma (D1-D3)",
    Education.BACHELOR: "Sarjana (D4/S1)",
    Education.MASTER: "Magister (S2)",
    Education.DOCTORATE: "Doktor (S3)",
}

EMPLOYMENT_LABELS: dict[str, str] = {
    Employment.LAID_OFF: "Korban PHK",
    Employment.FURLOUGHED: "Pekerja yang dirumahkan",
    Employment.LOOKING: "Sedang mencari kerja",
    Employment.WORKING: "Bekerja (karyawan/buruh)",
    Employment.BUSINESS_OWNER: "Pelaku usaha mikro/kecil",
}

PURCHASE_STATUS_LABELS: dict[str, str] = {
    PurchaseStatus.BOUGHT: "Sudah dibeli, belum ditukarkan",
    PurchaseStatus.REDEEMED: "Sedang diikuti",
    PurchaseStatus.COMPLETED: "Selesai",
    PurchaseStatus.REFUNDED: "Dibatalkan, saldo dikembalikan",
}

OUTBOX_STATUS_LABELS: dict[str, str] = {
    OutboxStatus.PENDING: "Menunggu dikirim",
    OutboxStatus.SENDING: "Sedang dikirim",
    OutboxStatus.SENT: "Terkirim",
    OutboxStatus.LOCAL: "Disimpan lokal",
    OutboxStatus.FAILED: "Gagal",
}

SELECTION_REASON_LABELS: dict[str, str] = {
    SelectionReason.QUOTA: (
        "Kuota gelombang ini sudah terpenuhi oleh peserta yang terpilih lebih dahulu dalam undian."
    ),
    SelectionReason.KK_CAP: (
        "Jumlah penerima dari Kartu Keluarga (KK) Anda sudah mencapai batas untuk gelombang ini."
    ),
    SelectionReason.PROVINCE_QUOTA: (
        "Kuota provinsi domisili Anda untuk gelombang ini sudah terpenuhi oleh peserta yang"
        " terpilih lebih dahulu dalam undian."
    ),
    SelectionReason.VERIFICATION_REJECTED: (
        "Data pendaftaran Anda tidak lolos verifikasi. Alasannya tertulis di dasbor Anda."
    ),
    SelectionReason.ALREADY_PARTICIPANT: (
        "NIK Anda sudah pernah menjadi penerima Kartu Prakerja. Satu orang hanya dapat"
        " menerima satu kartu."
    ),
    SelectionReason.NO_IDENTITY: "Data NIK Anda belum lengkap.",
    **{
        exclusion_reason_code(reason): f"NIK Anda terdaftar dalam daftar pengecualian: {label}."
        for reason, label in EXCLUSION_LABELS.items()
    },
}
UNKNOWN_SELECTION_REASON = "Tidak memenuhi ketentuan seleksi."


def selection_reason_label(code: str | None) -> str:
    """The Indonesian sentence for a selection reason code ("" for none)."""
    if not code:
        return ""
    return SELECTION_REASON_LABELS.get(code, UNKNOWN_SELECTION_REASON)


REVOKE_REASON_LABELS: dict[str, str] = {
    RevokeReason.NO_PURCHASE: (
        "Tidak membeli pelatihan pertama dalam 30 hari setelah dinyatakan lolos seleksi."
    ),
}

LEDGER_KIND_LABELS: dict[str, str] = {
    LedgerKind.GRANT: "Saldo pelatihan diterima",
    LedgerKind.PURCHASE: "Pembelian pelatihan",
    LedgerKind.REFUND: "Pengembalian dana pelatihan",
    LedgerKind.FORFEIT: "Saldo dikembalikan ke negara",
}

APPLICATION_RESULT_LABELS: dict[str, str] = {
    ApplicationResult.PENDING: "Menunggu hasil seleksi",
    ApplicationResult.SELECTED: "Terpilih",
    ApplicationResult.NOT_SELECTED: "Tidak terpilih",
    ApplicationResult.EXCLUDED: "Dikecualikan",
}
