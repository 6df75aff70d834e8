"""What a person reads when the program refuses something: one sentence per refusal code.

Services raise `DomainError` with a code and the facts (`details`); this is the one
table that turns them into Bahasa Indonesia, for every page, the command line and the
tests. A code missing here is a bug: `tests/unit/services/views/test_messages.py`
checks that every code of every area has its sentence.
"""

from collections.abc import Callable
from enum import StrEnum

from prakerja_app.services.accounts.email_links import LinkPurpose
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.audit_queries import AuditError
from prakerja_app.services.core.errors import CoreError, DomainError, FormErrors
from prakerja_app.services.core.formatting import (
    jakarta_today,
    long_date,
    number,
    rupiah,
    wib_datetime,
)
from prakerja_app.services.core.labels import EXCLUSION_LABELS, selection_reason_label
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.messaging.errors import MessagingError
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.operations.errors import OperationsError
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.selection.errors import SelectionError
from prakerja_app.services.surveys.errors import SurveyError
from prakerja_app.services.verification.errors import VerificationError

Text = str | Callable[[DomainError], str]

# What to choose, by field, for `RegistrationError.CHOICE_INVALID`.
_CHOICES = {
    "sex": "jenis kelamin",
    "marital_status": "status perkawinan",
    "education": "pendidikan terakhir",
    "employment_status": "status pekerjaan",
    "training_interest": "minat pelatihan",
}
_PHOTOS = {"ktp_photo": "foto KTP", "selfie_photo": "foto selfie dengan KTP"}


def _sixteen_digits(label: str) -> dict[str, Text]:
    return {
        "required": f"{label} wajib diisi.",
        "not_digits": f"{label} hanya boleh berisi angka.",
        "length": lambda e: (
            f"{label} harus 16 digit (Anda memasukkan {e.details['length']} digit)."
        ),
    }


_NIK, _KK = _sixteen_digits("NIK"), _sixteen_digits("Nomor KK")


def _withdrawn(e: DomainError) -> str:
    since = (
        f" sejak {long_date(jakarta_today(e.details['withdrawn_at']))}"
        if e.details["withdrawn_at"]
        else ""
    )
    return (
        f"{e.details['platform']} tidak lagi menjadi platform digital Kartu Prakerja{since}."
        " Pilih pelatihan di platform digital lain."
    )


def _link_invalid(e: DomainError) -> str:
    if e.details.get("purpose") == LinkPurpose.CONFIRM_EMAIL:
        return (
            "Tautan konfirmasi tidak valid atau sudah dipakai. Jika email Anda sudah"
            " terkonfirmasi, silakan masuk."
        )
    if e.details.get("purpose") == LinkPurpose.ADMIN_INVITE:
        return (
            "Tautan undangan tidak valid atau sudah dipakai. Jika kata sandi sudah dibuat,"
            " silakan masuk."
        )
    if e.details.get("purpose") == LinkPurpose.PASSWORD_RESET:
        return (
            "Tautan atur ulang kata sandi tidak valid atau sudah dipakai. Minta tautan baru"
            " jika Anda masih perlu mengganti kata sandi."
        )
    return "Tautan tidak valid atau sudah dipakai."


def _link_expired(e: DomainError) -> str:
    if e.details.get("purpose") == LinkPurpose.CONFIRM_EMAIL:
        return (
            "Tautan konfirmasi sudah kedaluwarsa (berlaku 24 jam). Kirim ulang email"
            " konfirmasi untuk mendapatkan tautan baru."
        )
    if e.details.get("purpose") == LinkPurpose.ADMIN_INVITE:
        return (
            "Tautan undangan sudah kedaluwarsa (berlaku 72 jam). Minta super admin mengirim"
            " undangan baru."
        )
    if e.details.get("purpose") == LinkPurpose.PASSWORD_RESET:
        return "Tautan atur ulang kata sandi sudah kedaluwarsa. Minta tautan baru."
    return "Tautan sudah kedaluwarsa. Minta tautan baru."


_TOO_OFTEN = {
    "registration": "Terlalu banyak pendaftaran dari perangkat ini.",
    "registration_ip": "Terlalu banyak pendaftaran dari jaringan ini.",
    "nik_try": "Anda sudah mencoba terlalu banyak NIK yang berbeda hari ini.",
    "phone_try": "Anda sudah mencoba terlalu banyak nomor HP yang berbeda hari ini.",
    "reset_email": "Terlalu banyak permintaan atur ulang kata sandi untuk email ini.",
    "reset_client": "Terlalu banyak permintaan atur ulang kata sandi dari jaringan ini.",
    "reset_code_resend": "Kode baru dapat diminta satu kali per menit.",
    "reset_code_email": "Terlalu banyak permintaan kode untuk email ini.",
    "reset_code_client": "Terlalu banyak permintaan kode dari jaringan ini.",
}


def _rate_limited(e: DomainError) -> str:
    minutes = e.details.get("minutes", 60)
    later = f"dalam {minutes} menit" if minutes < 120 else f"dalam {minutes // 60} jam"
    reason = _TOO_OFTEN.get(e.details.get("scope", ""), "Terlalu banyak percobaan.")
    return f"{reason} Coba lagi {later}."


def _wave(e: DomainError) -> str:
    return f"Gelombang {e.details['number']}" if e.details.get("number") else "Gelombang"


MESSAGES: dict[StrEnum, Text] = {
    # --- shared ---
    CoreError.FORM_INVALID: "Periksa kembali isian yang ditandai.",
    CoreError.LOGIN_REQUIRED: "Silakan masuk terlebih dahulu.",
    CoreError.ACCESS_DENIED: "Anda tidak berhak membuka halaman ini.",
    CoreError.INVALID_REQUEST: "Permintaan tidak valid. Muat ulang halaman lalu coba lagi.",
    CoreError.RATE_LIMITED: _rate_limited,
    CoreError.PHONE_REQUIRED: "Nomor HP wajib diisi.",
    CoreError.PHONE_INVALID: (
        "Nomor HP tidak valid. Gunakan nomor seluler Indonesia, misalnya 0812 3456 7890."
    ),
    # --- accounts ---
    AccountError.EMAIL_INVALID: "Alamat email tidak valid, contoh: nama@contoh.id.",
    AccountError.EMAIL_TAKEN: "Email ini sudah terdaftar. Silakan masuk.",
    AccountError.NAME_INVALID: "Tulis nama lengkap dengan huruf (2-120 karakter).",
    AccountError.PASSWORD_SHORT: lambda e: f"Kata sandi minimal {e.details['minimum']} karakter.",
    AccountError.PASSWORD_LONG: lambda e: f"Kata sandi maksimal {e.details['maximum']} karakter.",
    AccountError.PASSWORD_COMMON: (
        "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain."
    ),
    AccountError.PASSWORD_PERSONAL: "Kata sandi tidak boleh memuat email atau nama Anda.",
    AccountError.BAD_CREDENTIALS: "Email atau kata sandi salah.",
    AccountError.EMAIL_UNCONFIRMED: (
        "Email Anda belum dikonfirmasi. Buka tautan di email konfirmasi yang kami kirim, atau"
        " kirim ulang emailnya."
    ),
    AccountError.THROTTLED: lambda e: (
        f"Terlalu banyak percobaan masuk yang gagal. Tunggu {e.details['seconds']} detik,"
        " lalu coba lagi."
    ),
    AccountError.OTP_DAILY_LIMIT: lambda e: (
        f"Kode OTP sudah dikirim {e.details['limit']} kali dalam 24 jam terakhir. Coba lagi besok."
    ),
    AccountError.BUSY: "Sedang banyak yang masuk. Coba lagi dalam beberapa detik.",
    AccountError.TICKET_INVALID: "Sesi masuk sudah kedaluwarsa. Silakan masuk lagi.",
    AccountError.CODE_FORMAT: (
        "Masukkan 6 angka dari aplikasi autentikator, atau salah satu kode pemulihan (10 karakter)."
    ),
    AccountError.CODE_WRONG: "Kode salah atau sudah dipakai. Periksa aplikasi autentikator Anda.",
    AccountError.SIGN_IN_EXPIRED: (
        "Langkah masuk sudah berakhir. Masukkan email dan kata sandi lagi."
    ),
    AccountError.ALREADY_ENROLLED: "Aplikasi autentikator sudah terpasang untuk akun ini.",
    AccountError.ROLES_MISSING: "Pilih paling sedikit satu peran.",
    AccountError.LAST_SUPER_ADMIN: "Harus tetap ada paling sedikit satu super admin yang aktif.",
    AccountError.NOT_YOURSELF: "Tindakan ini tidak dapat dilakukan pada akun Anda sendiri.",
    AccountError.ADMIN_UNKNOWN: "Akun admin tidak ditemukan.",
    AccountError.PASSWORD_MISMATCH: "Kedua kata sandi tidak sama.",
    AccountError.RESET_CODE_WRONG: (
        "Kode salah atau sudah tidak berlaku. Periksa 6 angka di SMS terakhir, atau minta"
        " kode baru."
    ),
    AccountError.LINK_INVALID: _link_invalid,
    AccountError.LINK_EXPIRED: _link_expired,
    AccountError.OTP_MISSING: "Minta kode OTP terlebih dahulu.",
    AccountError.OTP_FORMAT: lambda e: f"Kode OTP terdiri dari {e.details['digits']} angka.",
    AccountError.OTP_EXPIRED: "Kode OTP sudah kedaluwarsa. Minta kode baru.",
    AccountError.OTP_LOCKED: lambda e: (
        f"Kode OTP salah {e.details['attempts']} kali dan sudah diblokir. Minta kode baru."
    ),
    AccountError.OTP_WRONG: lambda e: (
        f"Kode OTP salah. Sisa percobaan: {e.details['attempts_left']}."
    ),
    AccountError.OTP_COOLDOWN: lambda e: (
        f"Tunggu {e.details['seconds']} detik sebelum meminta kode baru."
    ),
    # --- registration ---
    RegistrationError.STEP_ORDER: lambda e: (
        "Langkah ini sudah selesai."
        if e.details.get("done")
        else "Langkah ini belum dapat dilakukan. Selesaikan langkah yang sedang aktif."
    ),
    RegistrationError.NIK_REQUIRED: _NIK["required"],
    RegistrationError.NIK_NOT_DIGITS: _NIK["not_digits"],
    RegistrationError.NIK_LENGTH: _NIK["length"],
    RegistrationError.NIK_REGION: "Kode wilayah pada NIK tidak valid.",
    RegistrationError.NIK_BIRTH_DATE: "Tanggal lahir pada NIK tidak valid.",
    RegistrationError.NIK_TAKEN: (
        "NIK ini sudah terdaftar pada akun lain. Satu NIK hanya dapat dipakai satu akun."
    ),
    RegistrationError.KK_REQUIRED: _KK["required"],
    RegistrationError.KK_NOT_DIGITS: _KK["not_digits"],
    RegistrationError.KK_LENGTH: _KK["length"],
    RegistrationError.KK_REGION: "Kode wilayah pada nomor KK tidak valid.",
    RegistrationError.KK_SAME_AS_NIK: (
        "Nomor KK berbeda dengan NIK. Lihat nomor di bagian atas Kartu Keluarga."
    ),
    RegistrationError.BIRTH_DATE_INVALID: "Isi tanggal lahir sesuai KTP.",
    RegistrationError.BIRTH_DATE_MISMATCH: (
        "Tanggal lahir tidak sesuai dengan NIK. Periksa kembali NIK dan tanggal lahir sesuai KTP."
    ),
    RegistrationError.CHOICE_INVALID: lambda e: choice_text(e.field or ""),
    RegistrationError.ADDRESS_INVALID: (
        "Tulis alamat lengkap (jalan, RT/RW, kelurahan), 10-300 huruf."
    ),
    RegistrationError.DISTRICT_INVALID: "Tulis nama kecamatan domisili.",
    RegistrationError.PROVINCE_UNKNOWN: "Pilih provinsi dari daftar.",
    RegistrationError.REGENCY_UNKNOWN: "Pilih kabupaten/kota dari daftar.",
    RegistrationError.SEX_MISMATCH: "Jenis kelamin tidak sesuai dengan NIK Anda.",
    RegistrationError.SCHOOL_ANSWER_MISSING: "Pilih apakah Anda sedang sekolah atau kuliah.",
    RegistrationError.IN_FORMAL_EDUCATION: (
        "Peserta yang sedang sekolah atau kuliah (pendidikan formal) tidak dapat mengikuti"
        " Kartu Prakerja."
    ),
    RegistrationError.OCCUPATION_STATEMENT_MISSING: (
        "Pejabat negara, anggota DPRD, ASN, TNI, Polri, kepala dan perangkat desa, serta"
        " direksi/komisaris BUMN/BUMD tidak dapat mengikuti Kartu Prakerja. Centang"
        " pernyataan ini bila Anda tidak termasuk di dalamnya."
    ),
    RegistrationError.DATA_LOCKED: "Data diri sudah dikirim dan tidak dapat diubah lagi.",
    RegistrationError.DATA_MISSING: "Isi dan simpan data diri terlebih dahulu.",
    RegistrationError.PHOTO_FIELD: "Jenis foto tidak dikenal.",
    RegistrationError.PHOTO_MISSING: lambda e: (
        "Pilih foto terlebih dahulu."
        if e.details.get("empty_upload")
        else f"Unggah {_PHOTOS.get(e.field or '', 'foto')} terlebih dahulu."
    ),
    RegistrationError.PHOTO_TOO_LARGE: lambda e: (
        f"Ukuran foto paling besar {e.details['megabytes']} MB."
    ),
    RegistrationError.PHOTO_TYPE: "Foto harus berformat JPG atau PNG.",
    RegistrationError.PHOTO_SMALL: lambda e: (
        f"Foto terlalu kecil. Gunakan foto yang jelas, minimal {e.details['pixels']} piksel."
    ),
    RegistrationError.HONESTY_REQUIRED: "Centang pernyataan bahwa data yang Anda isi benar.",
    RegistrationError.PHONE_TAKEN: (
        "Nomor HP ini sudah dipakai akun lain. Gunakan nomor HP Anda sendiri."
    ),
    RegistrationError.TEST_NOT_STARTED: "Mulai tes terlebih dahulu.",
    RegistrationError.TEST_QUESTION: "Jawab pertanyaan yang sedang ditampilkan.",
    RegistrationError.TEST_CHOICE: "Pilih salah satu jawaban.",
    RegistrationError.REGISTRY_UNKNOWN: (
        "NIK tidak ditemukan di data kependudukan (Dukcapil). Periksa kembali NIK Anda."
    ),
    RegistrationError.UNDER_AGE: lambda e: (
        f"Usia Anda belum {e.details['minimum']} tahun. Peserta minimal berusia"
        f" {e.details['minimum']} tahun."
    ),
    RegistrationError.FORMAL_EDUCATION: (
        "Anda sedang menempuh pendidikan formal (sekolah atau kuliah), sehingga belum dapat"
        " menjadi peserta."
    ),
    RegistrationError.EXCLUDED_OCCUPATION: (
        "Pekerjaan yang Anda nyatakan (pejabat negara, DPRD, ASN, TNI, Polri, kepala atau"
        " perangkat desa, direksi/komisaris BUMN/BUMD) tidak dapat mengikuti program."
    ),
    RegistrationError.EXCLUDED: lambda e: (
        f"NIK Anda terdaftar dalam daftar pengecualian: {EXCLUSION_LABELS[e.details['reason']]}."
    ),
    RegistrationError.ALREADY_PARTICIPANT: (
        "NIK ini sudah pernah menjadi penerima Kartu Prakerja. Satu orang hanya dapat"
        " menerima satu kartu."
    ),
    RegistrationError.SEARCH_EMPTY: "Isi kata pencarian.",
    RegistrationError.SEARCH_KIND_UNKNOWN: (
        "Pilih cari berdasarkan email, nomor HP, NIK, atau nomor kartu."
    ),
    RegistrationError.CARD_NUMBER_INVALID: "Nomor kartu Prakerja terdiri dari 16 angka.",
    RegistrationError.APPLICANT_UNKNOWN: "Pendaftar tidak ditemukan.",
    RegistrationError.REASON_TOO_SHORT: lambda e: (
        f"Tulis alasan yang jelas, minimal {e.details['minimum']} karakter."
    ),
    RegistrationError.REASON_TOO_LONG: lambda e: (
        f"Alasan paling banyak {e.details['maximum']} karakter."
    ),
    RegistrationError.NIK_MISSING: "Pendaftar ini belum mengisi NIK.",
    RegistrationError.PHOTOS_MISSING: "Pendaftar ini belum mengunggah foto KTP dan selfie.",
    # --- selection ---
    SelectionError.WAVE_UNKNOWN: lambda e: f"{_wave(e)} tidak ditemukan.",
    SelectionError.WAVE_CLOSED: "Gelombang ini tidak sedang dibuka untuk domisili Anda.",
    SelectionError.WAVE_NOT_CLOSED: lambda e: (
        f"Seleksi Gelombang {e.details['number']} baru dapat dijalankan setelah gelombang ditutup"
        f" ({wib_datetime(e.details['closes_at'])})."
    ),
    SelectionError.WAVE_NOT_OPENED: lambda e: (
        f"Gelombang {e.details['number']} belum pernah dibuka."
    ),
    SelectionError.WAVE_NUMBER: lambda e: (
        f"Nomor gelombang untuk nomor kartu paling besar {e.details['maximum']}."
    ),
    SelectionError.SEED_TOO_LATE: (
        "Benih undian harus dikunci saat gelombang dibuka, sebelum gelombang ditutup."
    ),
    SelectionError.SEED_MISSING: lambda e: (
        f"Gelombang {e.details['number']} tidak memiliki benih undian yang dikunci saat dibuka,"
        " sehingga undiannya tidak dapat diperiksa."
    ),
    SelectionError.NOT_ANNOUNCED: lambda e: (
        f"Hasil seleksi Gelombang {e.details['number']} belum diumumkan."
    ),
    SelectionError.NUMBER_INVALID: lambda e: (
        f"Nomor gelombang harus berupa angka 1 sampai {e.details['maximum']}."
    ),
    SelectionError.NUMBER_TAKEN: lambda e: (
        f"Nomor {e.details['number']} sudah dipakai gelombang lain. Pilih nomor lain."
    ),
    SelectionError.TIME_INVALID: "Isi tanggal dan jam (WIB), misalnya 10-09-2020 12.00.",
    SelectionError.CLOSES_BEFORE_OPENS: "Waktu tutup harus sesudah waktu buka.",
    SelectionError.CLOSES_IN_PAST: "Waktu tutup sudah lewat. Pilih waktu tutup yang akan datang.",
    SelectionError.QUOTA_INVALID: lambda e: (
        f"Kuota harus berupa bilangan bulat positif, paling banyak {number(e.details['maximum'])}."
    ),
    SelectionError.KK_CAP_INVALID: lambda e: (
        "Batas per KK dikosongkan (tanpa batas) atau diisi bilangan bulat 1 sampai"
        f" {e.details['maximum']}."
    ),
    SelectionError.PROVINCES_REQUIRED: "Pilih paling sedikit satu provinsi.",
    SelectionError.PROVINCE_QUOTA_INVALID: lambda e: (
        f"Kuota {e.details['province']} dikosongkan atau diisi bilangan bulat positif, paling"
        f" banyak kuota gelombang ({number(e.details['quota'])})."
    ),
    SelectionError.PROVINCE_QUOTA_OUTSIDE: lambda e: (
        f"{e.details['province']} tidak termasuk wilayah gelombang ini. Pilih provinsinya atau"
        " kosongkan kuotanya."
    ),
    SelectionError.NOT_EDITABLE: lambda e: (
        f"Gelombang {e.details['number']} sudah dibuka, sehingga pengaturannya tidak dapat"
        " diubah lagi."
    ),
    SelectionError.ALREADY_OPENED: lambda e: f"Gelombang {e.details['number']} sudah dibuka.",
    SelectionError.CLOSING_PASSED: lambda e: (
        f"Waktu tutup Gelombang {e.details['number']} ({wib_datetime(e.details['closes_at'])})"
        " sudah lewat. Ubah waktu tutupnya sebelum membuka gelombang."
    ),
    SelectionError.NOT_OPEN: lambda e: (
        f"Gelombang {e.details['number']} tidak sedang dibuka, sehingga tidak dapat ditutup."
    ),
    SelectionError.NOT_STARTED: lambda e: (
        f"Gelombang {e.details['number']} baru menerima pendaftaran mulai"
        f" {wib_datetime(e.details['opens_at'])}, sehingga belum dapat ditutup."
    ),
    SelectionError.DRAW_RUNNING: lambda e: (
        f"Undian Gelombang {e.details['number']} sedang berjalan. Tunggu sampai selesai."
    ),
    SelectionError.ALREADY_DRAWN: lambda e: (
        f"Undian Gelombang {e.details['number']} sudah dijalankan dan tidak dapat diulang."
    ),
    SelectionError.NOT_DRAWN: lambda e: (
        f"Undian Gelombang {e.details['number']} belum dijalankan, sehingga belum ada hasil"
        " untuk diumumkan."
    ),
    SelectionError.ALREADY_ANNOUNCED: lambda e: (
        f"Hasil seleksi Gelombang {e.details['number']} sudah diumumkan."
    ),
    SelectionError.STATEMENT_REQUIRED: (
        "Centang pernyataan bahwa data Anda benar dan dapat dipertanggungjawabkan."
    ),
    SelectionError.REGISTRATION_INCOMPLETE: (
        "Selesaikan pendaftaran terlebih dahulu, lalu gabung ke gelombang yang dibuka."
    ),
    SelectionError.NO_APPLICATION: "Anda belum pernah bergabung ke gelombang mana pun.",
    SelectionError.APPLICATION_PENDING: lambda e: (
        f"Anda sudah terdaftar di Gelombang {e.details['number']}. Tunggu pengumuman hasil"
        " seleksinya."
    ),
    SelectionError.ALREADY_SELECTED: "Anda sudah terpilih sebagai penerima Kartu Prakerja.",
    SelectionError.APPLICATION_EXCLUDED: lambda e: (
        "Anda tidak dapat bergabung kembali. Alasannya: "
        + selection_reason_label(e.details["reason"])
    ),
    SelectionError.NOT_PARTICIPANT: "Fitur ini hanya untuk peserta Kartu Prakerja.",
    SelectionError.REVOKED: (
        "Kepesertaan Anda sudah dicabut, sehingga saldo pelatihan tidak dapat dipakai."
    ),
    # --- the marketplace ---
    MarketplaceError.TRAINING_UNKNOWN: "Pelatihan tidak ditemukan.",
    MarketplaceError.TRAINING_INACTIVE: "Pelatihan ini sudah tidak dijual. Pilih pelatihan lain.",
    MarketplaceError.PLATFORM_WITHDRAWN: _withdrawn,
    MarketplaceError.FIRST_PURCHASE_DEADLINE: lambda e: (
        "Batas waktu membeli pelatihan pertama"
        f" ({long_date(jakarta_today(e.details['deadline']))}) sudah lewat."
    ),
    MarketplaceError.IDEMPOTENCY_KEY: (
        "Permintaan pembelian tidak valid. Muat ulang halaman lalu coba lagi."
    ),
    MarketplaceError.IDEMPOTENCY_KEY_USED: (
        "Permintaan pembelian ini sudah dipakai untuk pembelian lain. Muat ulang halaman."
    ),
    MarketplaceError.ALREADY_BOUGHT: (
        "Anda sudah membeli pelatihan ini. Kode vouchernya ada di dasbor Anda."
    ),
    MarketplaceError.PHONE_MISSING: (
        "Nomor HP Anda belum terverifikasi, sehingga kode OTP tidak dapat dikirim."
    ),
    MarketplaceError.PURCHASE_NOT_FOUND: "Pelatihan tidak ditemukan.",
    MarketplaceError.STARS_INVALID: "Pilih rating 1 sampai 5 bintang.",
    MarketplaceError.REVIEW_TOO_SHORT: lambda e: (
        f"Tulis ulasan minimal {e.details['minimum']} karakter tentang pelatihan ini."
    ),
    MarketplaceError.REVIEW_TOO_LONG: lambda e: (
        f"Ulasan paling banyak {e.details['maximum']} karakter."
    ),
    MarketplaceError.REVIEW_NOT_COMPLETED: (
        "Ulasan dapat diberikan setelah pelatihan selesai dan sertifikat terbit."
    ),
    MarketplaceError.REVIEW_EXISTS: "Anda sudah memberi ulasan untuk pelatihan ini.",
    MarketplaceError.PLATFORM_UNKNOWN: "Platform tidak ditemukan. Muat ulang halaman.",
    MarketplaceError.PLATFORM_ALREADY_WITHDRAWN: lambda e: (
        "Platform ini sudah dikeluarkan dari katalog"
        + (
            f" (berlaku {wib_datetime(e.details['withdrawn_at'])})."
            if e.details["withdrawn_at"]
            else "."
        )
    ),
    MarketplaceError.DELISTING_REASON_TOO_SHORT: lambda e: (
        f"Tulis alasan minimal {e.details['minimum']} karakter."
    ),
    MarketplaceError.DELISTING_REASON_TOO_LONG: lambda e: (
        f"Alasan paling banyak {e.details['maximum']} karakter."
    ),
    MarketplaceError.EFFECTIVE_TIME_INVALID: (
        "Isi tanggal dan jam berlaku (WIB), misalnya 04-09-2020 12.00."
    ),
    MarketplaceError.EFFECTIVE_TIME_PAST: "Waktu berlaku tidak boleh sebelum sekarang.",
    MarketplaceError.TRAINING_ALREADY_ACTIVE: "Pelatihan ini sudah aktif.",
    MarketplaceError.TRAINING_ALREADY_INACTIVE: "Pelatihan ini sudah nonaktif.",
    MarketplaceError.PROVIDER_UNKNOWN: "Lembaga pelatihan tidak ditemukan. Muat ulang halaman.",
    MarketplaceError.PRICE_NOT_NUMBER: "Tulis harga dalam angka rupiah, misalnya 150000.",
    MarketplaceError.PRICE_NOT_POSITIVE: "Harga harus lebih dari Rp 0.",
    MarketplaceError.PRICE_ABOVE_BALANCE: lambda e: (
        f"Harga tidak boleh lebih dari saldo pelatihan ({rupiah(e.details['maximum'])})."
    ),
    MarketplaceError.PRICE_UNCHANGED: "Harga ini sama dengan harga sekarang.",
    MarketplaceError.PRICE_LOCKED: lambda e: (
        "Harga tidak dapat diubah: pelatihan ini sudah terjual"
        + (f" sejak {wib_datetime(e.details['locked_at'])}." if e.details["locked_at"] else ".")
    ),
    MarketplaceError.PRICE_CHANGED: lambda e: (
        f"Harga pelatihan ini baru saja berubah menjadi {rupiah(e.details['price'])}. Minta"
        " kode OTP baru untuk membeli dengan harga itu."
    ),
    # --- money ---
    MoneyError.LEDGER_AMOUNT: "Jumlah transaksi tidak valid.",
    MoneyError.LEDGER_PARTICIPANT: "Peserta tidak ditemukan.",
    MoneyError.INSUFFICIENT_BALANCE: lambda e: (
        f"Saldo pelatihan Anda tidak cukup: sisa {rupiah(e.details['left'])}, harga pelatihan"
        f" {rupiah(e.details['price'])}."
    ),
    MoneyError.PAYOUT_CHANNEL_UNKNOWN: "Pilih bank atau e-wallet dari daftar.",
    MoneyError.PAYOUT_CHANNEL_NOT_YET: lambda e: (
        "DANA baru dapat dipakai untuk pencairan insentif mulai"
        f" {long_date(jakarta_today(e.details['available_from']))}. Pilih bank atau e-wallet lain."
    ),
    MoneyError.PAYOUT_NUMBER_REQUIRED: "Nomor rekening atau nomor e-wallet wajib diisi.",
    MoneyError.PAYOUT_BANK_NUMBER: lambda e: (
        f"Nomor rekening BNI terdiri dari {e.details['digits']} angka."
    ),
    MoneyError.PAYOUT_EWALLET_NUMBER: (
        "Nomor e-wallet adalah nomor HP yang terdaftar di e-wallet, misalnya 0812 3456 7890."
    ),
    MoneyError.PAYOUT_DEADLINE: lambda e: (
        "Batas waktu menghubungkan atau mengganti rekening pencairan sudah lewat"
        f" ({wib_datetime(e.details['deadline'])})."
    ),
    MoneyError.PAYOUT_PHONE_MISSING: (
        "Nomor HP Anda belum terverifikasi, sehingga kode OTP tidak dapat dikirim."
    ),
    MoneyError.PAYOUT_PASSWORD_REQUIRED: "Masukkan kata sandi Anda untuk mengganti rekening.",
    MoneyError.PAYOUT_PASSWORD_WRONG: "Kata sandi salah.",
    MoneyError.PAYOUT_ALREADY_LINKED: "Rekening ini sudah terhubung dengan akun Anda.",
    MoneyError.PAYOUT_ACCOUNT_NOT_FOUND: (
        "Rekening atau akun e-wallet ini tidak ditemukan. Periksa nomornya."
    ),
    MoneyError.PAYOUT_ACCOUNT_INACTIVE: (
        "Rekening atau akun e-wallet ini tidak aktif. Aktifkan dulu, lalu coba lagi."
    ),
    MoneyError.PAYOUT_EWALLET_NOT_UPGRADED: (
        "Akun e-wallet ini belum di-upgrade (belum terverifikasi penuh). Upgrade akun Anda"
        " di aplikasi e-wallet, lalu coba lagi."
    ),
    MoneyError.PAYOUT_NAME_MISMATCH: (
        "Nama pemilik rekening tidak sesuai dengan nama di KTP Anda. Gunakan rekening atas"
        " nama Anda sendiri."
    ),
    MoneyError.PAYOUT_ACCOUNT_TAKEN: (
        "Nomor ini sudah dipakai oleh peserta lain dan tidak dapat dihubungkan. Kasus ini"
        " akan diperiksa oleh tim verifikasi."
    ),
    MoneyError.PAYOUT_PARTNER_UNAVAILABLE: (
        "Rekening belum dapat diperiksa karena layanan pembayaran sedang tidak dapat"
        " dihubungi. Coba lagi dalam beberapa menit."
    ),
    MoneyError.PAYOUT_KTP_NAME_MISSING: (
        "Nama sesuai KTP Anda belum tercatat, sehingga rekening tidak dapat diperiksa."
        " Hubungi layanan Prakerja."
    ),
    MoneyError.CASH_JOURNAL_UNBALANCED: lambda e: (
        f"Jurnal kas {e.details['journal']} tidak seimbang, jadi tidak dicatat."
    ),
    # --- payment runs (finance) ---
    MoneyError.RUN_NOT_FOUND: "Putaran pembayaran ini tidak ditemukan.",
    MoneyError.RUN_NOT_GATHERED: (
        "Putaran ini sudah disiapkan atau ditutup; muat ulang halaman untuk melihat statusnya."
    ),
    MoneyError.RUN_NOT_PREPARED: (
        "Putaran ini belum disiapkan atau sudah disetujui; muat ulang halaman untuk melihat"
        " statusnya."
    ),
    MoneyError.RUN_NOT_CANCELLABLE: (
        "Putaran yang sudah disetujui tidak dapat dibatalkan: pembayarannya sudah dikirim."
    ),
    MoneyError.RUN_EMPTY: "Tidak ada pembayaran dalam putaran ini.",
    MoneyError.RUN_CHANGED: lambda e: (
        f"Isi putaran berubah: sekarang {e.details['count']} pembayaran, total"
        f" {rupiah(e.details['total'])}. Periksa lagi lalu ulangi dengan angka ini."
    ),
    MoneyError.RUN_DECLARED_INVALID: "Isi jumlah pembayaran dan totalnya dengan angka bulat.",
    MoneyError.RUN_FOUR_EYES: (
        "Anda menyiapkan putaran ini, jadi tidak boleh menyetujuinya. Minta pemeriksa lain"
        " untuk menyetujui."
    ),
    MoneyError.RUN_REASON_SHORT: lambda e: (
        f"Tulis alasan pembatalan, paling sedikit {e.details['minimum']} karakter."
    ),
    MoneyError.PAYOUT_UNKNOWN: "Pembayaran dengan nomor referensi ini tidak kami kenal.",
    MoneyError.PAYOUT_AMOUNT_DIFFERS: "Jumlah dari mitra tidak sama dengan catatan kami.",
    MoneyError.RECHECK_NOTHING_FAILED: "Tidak ada pembayaran gagal yang perlu dicoba lagi.",
    MoneyError.RECHECK_NO_ACCOUNT: "Tautkan akun pembayaran terlebih dahulu.",
    # --- messages and jobs (the console) ---
    MessagingError.RECIPIENT_INVALID: (
        "Cari dengan alamat email lengkap (nama@contoh.id) atau nomor HP, misalnya 0812 3456 7890."
    ),
    MessagingError.STATUS_INVALID: "Pilih status dari daftar.",
    MessagingError.MESSAGE_UNKNOWN: "Pesan tidak ditemukan. Muat ulang halaman.",
    MessagingError.NOT_FAILED: (
        "Hanya pesan yang gagal yang dapat dikirim ulang; pesan ini tidak gagal atau sudah"
        " dikirim ulang."
    ),
    MessagingError.SECRET_EXPIRED: (
        "Kode atau tautan dalam pesan ini sudah tidak berlaku, jadi pesan ini tidak dikirim"
        " ulang. Minta pendaftar meminta kode atau tautan baru."
    ),
    OperationsError.JOB_UNKNOWN: "Tugas ini tidak dapat dijalankan manual. Muat ulang halaman.",
    OperationsError.JOB_RUNNING: lambda e: (
        f"Tugas ini sedang berjalan sejak {wib_datetime(e.details['started_at'])}. Tunggu"
        " sampai selesai."
    ),
    AuditError.EMAIL_INVALID: "Tulis alamat email lengkap, misalnya nama@contoh.id.",
    AuditError.WORD_INVALID: (
        "Gunakan huruf kecil, titik atau garis bawah saja, misalnya wave atau wave.open."
    ),
    AuditError.DATE_INVALID: "Tanggal tidak valid.",
    AuditError.RANGE_INVALID: "Tanggal akhir tidak boleh sebelum tanggal awal.",
    # --- exclusion and priority lists (the console) ---
    ListError.KIND_UNKNOWN: "Pilih daftar yang diunggah.",
    ListError.NOT_CSV: "Unggah berkas CSV (.csv) berisi teks UTF-8, misalnya dari Excel: Simpan"
    " sebagai CSV UTF-8.",
    ListError.TOO_LARGE: lambda e: f"Ukuran berkas paling besar {e.details['megabytes']} MB.",
    ListError.HEADER: lambda e: (
        f'Baris pertama berkas harus berisi judul kolom "{e.details["expected"]}".'
    ),
    ListError.EMPTY: "Berkas tidak berisi satu baris data pun di bawah judul kolom.",
    ListError.BUSY: (
        "Masih ada unggahan yang belum selesai. Terapkan atau buang unggahan itu terlebih dahulu."
    ),
    ListError.UPLOAD_UNKNOWN: "Unggahan tidak ditemukan. Muat ulang halaman.",
    ListError.NOT_CHECKED: (
        "Unggahan ini tidak dapat diterapkan atau dibuang sekarang. Muat ulang halaman."
    ),
    ListError.CHANGED: (
        "Daftar sudah berubah sejak pemeriksaan unggahan ini. Buang unggahan ini, lalu unggah"
        " berkasnya lagi agar perbedaannya dihitung ulang."
    ),
    # --- the surveys ---
    SurveyError.SURVEY_UNKNOWN: "Survei tidak ditemukan. Kembali ke dasbor dan pilih survei.",
    SurveyError.SURVEY_NOT_OPEN: lambda e: (
        f"Survei ini belum dibuka. Survei dapat diisi mulai {long_date(e.details['opens_on'])}."
        if e.details.get("opens_on")
        else "Survei ini belum dibuka. Survei pertama dibuka setelah insentif pertama Anda"
        " dibayarkan."
    ),
    SurveyError.SURVEY_CLOSED: lambda e: (
        f"Batas waktu mengisi survei ini sudah lewat ({long_date(e.details['closed_on'])})."
    ),
    SurveyError.SURVEY_ANSWERED: (
        "Anda sudah mengisi survei ini. Jawaban hanya dapat dikirim satu kali."
    ),
    SurveyError.ANSWERS_INVALID: "Jawaban tidak dapat dibaca. Muat ulang halaman, lalu isi lagi.",
    SurveyError.QUESTION_UNKNOWN: (
        "Ada jawaban untuk pertanyaan yang tidak ada di survei ini. Muat ulang halaman, lalu"
        " isi lagi."
    ),
    SurveyError.ANSWER_MISSING: "Pilih salah satu jawaban, lalu tekan Lanjut.",
    SurveyError.OPTION_NOT_OFFERED: "Pilih salah satu jawaban dari daftar.",
    VerificationError.CASE_UNKNOWN: "Kasus verifikasi tidak ditemukan. Muat ulang halaman.",
    VerificationError.DECIDED: lambda e: (
        "Kasus ini sudah diputuskan ("
        + {"approved": "disetujui", "rejected": "ditolak"}.get(str(e.details["status"]), "-")
        + ") dan tidak dapat diputuskan lagi."
    ),
    VerificationError.REASON_SHORT: lambda e: (
        f"Tulis alasan penolakan paling sedikit {e.details['minimum']} karakter; pendaftar"
        " akan membacanya."
    ),
    VerificationError.REASON_LONG: lambda e: (
        f"Alasan penolakan paling panjang {e.details['maximum']} karakter."
    ),
}


def choice_text(field: str) -> str:
    """The refusal for a missing choice in a field of the personal-data form."""
    return f"Pilih {_CHOICES.get(field, 'salah satu pilihan')}."


def text(error: DomainError) -> str:
    """The sentence a person reads for a refusal."""
    message = MESSAGES[error.code]
    return message if isinstance(message, str) else message(error)


def field_texts(error: FormErrors) -> dict[str, str]:
    """A form's refusals as field name -> sentence, to show next to each field."""
    return {field: text(refusal) for field, refusal in error.errors.items()}
