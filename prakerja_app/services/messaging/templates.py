"""Every email and SMS the program sends, in one place, in Bahasa Indonesia.

A template is text with ``{named}`` fields; services fill them with facts already
formatted for people (a date in WIB, an amount in rupiah). Emails end with the program
office's signature. The draw fills its result templates in SQL, a million at a time
(`selection.draw`), so templates stay plain ``str.format`` text.
"""

from dataclasses import dataclass

SIGNATURE = "Salam,\nManajemen Pelaksana Program Kartu Prakerja"
SMS_TITLE_LENGTH = 40


@dataclass(frozen=True)
class Email:
    """An email ready for the outbox."""

    subject: str
    body: str


@dataclass(frozen=True)
class EmailTemplate:
    """An email with ``{named}`` fields in its subject and body; the signature is added."""

    subject: str
    body: str

    @property
    def signed_body(self) -> str:
        """The body with the program office's signature, fields still unfilled."""
        return f"{self.body}\n\n{SIGNATURE}"

    def render(self, **fields: str) -> Email:
        """The email with its fields filled in."""
        return Email(self.subject.format(**fields), self.signed_body.format(**fields))


def short_title(title: str) -> str:
    """A training title cut to fit an SMS."""
    return title if len(title) <= SMS_TITLE_LENGTH else title[: SMS_TITLE_LENGTH - 1] + "…"


# --- the program office -------------------------------------------------------------

ADMIN_INVITE = EmailTemplate(
    "Undangan akun admin Kartu Prakerja",
    "Halo {name},\n\n"
    "{inviter} mengundang Anda sebagai admin Manajemen Pelaksana Program Kartu Prakerja"
    " ({roles}). Buka tautan berikut untuk membuat kata sandi:\n\n"
    "{link}\n\n"
    "Tautan ini berlaku 72 jam dan hanya dapat dipakai satu kali. Setelah itu, saat masuk"
    " pertama kali Anda akan memasang aplikasi autentikator. Jika Anda tidak mengenal"
    " undangan ini, abaikan email ini.",
)

# --- a forgotten password --------------------------------------------------------------

PASSWORD_RESET = EmailTemplate(
    "Atur ulang kata sandi Kartu Prakerja",
    "Halo {name},\n\n"
    "Kami menerima permintaan untuk mengatur ulang kata sandi akun Kartu Prakerja Anda. Buka"
    " tautan berikut untuk membuat kata sandi baru:\n\n"
    "{link}\n\n"
    "Tautan ini berlaku {minutes} menit dan hanya dapat dipakai satu kali. Setelah kata sandi"
    " diganti, Anda keluar dari semua perangkat dan perlu masuk lagi. Jika Anda tidak meminta"
    " ini, abaikan email ini; kata sandi Anda tidak berubah.",
)
PASSWORD_RESET_SMS = (
    "Kode OTP untuk mengatur ulang kata sandi Kartu Prakerja: {code}. Berlaku 5 menit. JANGAN"
    " berikan kode ini kepada siapa pun, termasuk petugas."
)

# --- registration ----------------------------------------------------------------------

CONFIRM_EMAIL = EmailTemplate(
    "Konfirmasi email pendaftaran Kartu Prakerja",
    "Halo {name},\n\n"
    "Terima kasih telah mendaftar Kartu Prakerja. Buka tautan berikut untuk mengonfirmasi"
    " alamat email Anda:\n\n"
    "{link}\n\n"
    "Tautan ini berlaku 24 jam dan hanya dapat dipakai satu kali. Jika Anda tidak merasa"
    " mendaftar, abaikan email ini.",
)
ALREADY_REGISTERED = EmailTemplate(
    "Pendaftaran Kartu Prakerja dengan email Anda",
    "Halo {name},\n\n"
    "Seseorang baru saja mencoba mendaftar Kartu Prakerja dengan alamat email ini, padahal"
    " email ini sudah terdaftar. Jika itu Anda, silakan masuk:\n\n"
    "{login}\n\n"
    "Jika bukan Anda, abaikan email ini; akun Anda tidak berubah.",
)
PHONE_CODE_SMS = (
    "Kode OTP Kartu Prakerja Anda: {code}. Berlaku 5 menit. JANGAN berikan kode ini kepada"
    " siapa pun."
)
TEST_DONE = EmailTemplate(
    "Tes motivasi Kartu Prakerja selesai",
    "Halo {name},\n\n"
    "Anda telah menyelesaikan tes motivasi Kartu Prakerja. Langkah berikutnya: masuk ke"
    " situs Kartu Prakerja dan gabung ke gelombang yang sedang dibuka.",
)

# --- selection -------------------------------------------------------------------------

SELECTED = EmailTemplate(
    "Selamat! Anda lolos seleksi Kartu Prakerja Gelombang {wave}",
    "Halo {name},\n\n"
    "Selamat, Anda terpilih sebagai penerima Kartu Prakerja Gelombang {wave}.\n\n"
    "Nomor Kartu Prakerja: {card}\n"
    "Saldo pelatihan: {balance}\n\n"
    "Beli pelatihan pertama Anda paling lambat {deadline}. Jika sampai batas waktu itu belum"
    " ada pelatihan yang dibeli, kepesertaan Anda dicabut dan saldo pelatihan dikembalikan"
    " ke negara.\n\n"
    "Lihat kartu Anda dan pilih pelatihan di dasbor: {dashboard}",
)
SELECTED_SMS = (
    "Selamat, Anda lolos Kartu Prakerja Gel. {wave}. No. kartu {card}. Beli pelatihan"
    " pertama paling lambat {deadline}."
)
NOT_SELECTED = EmailTemplate(
    "Hasil seleksi Kartu Prakerja Gelombang {wave}",
    "Halo {name},\n\n"
    "Mohon maaf, Anda belum terpilih sebagai penerima Kartu Prakerja pada Gelombang"
    " {wave}.\n\n"
    "Alasannya: {reason}\n\n"
    "Anda dapat bergabung kembali pada gelombang berikutnya dengan satu klik di dasbor,"
    " tanpa mengisi ulang data: {dashboard}",
)
EXCLUDED = EmailTemplate(
    "Hasil seleksi Kartu Prakerja Gelombang {wave}",
    "Halo {name},\n\n"
    "Mohon maaf, pendaftaran Anda pada Gelombang {wave} tidak dapat diikutkan dalam seleksi"
    " Kartu Prakerja.\n\n"
    "Alasannya: {reason}\n\n"
    "Jika menurut Anda data ini keliru, sampaikan pengaduan melalui dasbor: {dashboard}",
)
PURCHASE_REMINDER = EmailTemplate(
    "Pengingat: segera beli pelatihan pertama Kartu Prakerja Anda",
    "Halo {name},\n\n"
    "Anda belum membeli pelatihan dengan Kartu Prakerja {card}. Batas waktu membeli"
    " pelatihan pertama adalah {deadline}.\n\n"
    "Jika sampai batas waktu itu belum ada pelatihan yang dibeli, kepesertaan Anda dicabut,"
    " saldo pelatihan dikembalikan ke negara, dan NIK Anda tidak dapat mendaftar lagi.",
)
PURCHASE_REMINDER_SMS = (
    "Kartu Prakerja: beli pelatihan pertama paling lambat {deadline}, atau kepesertaan Anda"
    " dicabut."
)
REVOKED = EmailTemplate(
    "Kepesertaan Kartu Prakerja Anda dicabut",
    "Halo {name},\n\n"
    "Kepesertaan Kartu Prakerja Anda ({card}) dicabut.\n\n"
    "Alasannya: {reason} Batas waktunya {deadline}.\n\n"
    "Sisa saldo pelatihan ({forfeited}) dikembalikan ke negara, dan NIK Anda tidak dapat"
    " mendaftar Kartu Prakerja lagi.",
)
REVOKED_SMS = (
    "Kartu Prakerja: kepesertaan Anda dicabut karena tidak membeli pelatihan pertama dalam"
    " {days} hari. Saldo dikembalikan ke negara."
)

# --- the marketplace -------------------------------------------------------------------

PURCHASE_CODE_SMS = (
    'Kode OTP pembelian pelatihan "{title}" ({price}): {code}. Berlaku 5 menit. JANGAN'
    " berikan kode ini kepada siapa pun."
)
PAYOUT_ACCOUNT_CODE_SMS = (
    "Kode OTP untuk menghubungkan {channel} berakhiran {last4} sebagai rekening pencairan"
    " insentif Prakerja: {code}. Berlaku 5 menit. JANGAN berikan kode ini kepada siapa pun."
)
CERTIFICATE_ISSUED = EmailTemplate(
    "Sertifikat pelatihan Anda sudah terbit",
    "Halo {name},\n\n"
    'Selamat, Anda telah menyelesaikan pelatihan "{title}" dari {provider}.\n'
    "Nomor sertifikat: {number}\n"
    "Siapa pun dapat memeriksa keaslian sertifikat Anda di:\n"
    "{link}\n\n"
    "Langkah berikutnya: beri rating dan ulasan untuk pelatihan ini di dasbor Kartu"
    " Prakerja. Setelah pelatihan pertama Anda selesai dan diulas, insentif dijadwalkan.",
)

# --- payments ----------------------------------------------------------------------------

PAYMENT_PAID = EmailTemplate(
    "{what} Kartu Prakerja Anda sudah dibayar",
    "Halo {name},\n\n"
    "{what} sebesar {amount} sudah kami kirim ke {account} pada {date}. Nomor referensi"
    " pembayaran: {reference}.\n\n"
    "Riwayat pembayaran Anda ada di dasbor:\n\n{link}",
)
PAYMENT_PAID_SMS = "Kartu Prakerja: {what} {amount} sudah dikirim ke {account}. Ref {reference}."
PAYMENT_FAILED = EmailTemplate(
    "{what} Kartu Prakerja Anda belum dapat dibayar",
    "Halo {name},\n\n"
    "{what} sebesar {amount} gagal dikirim ke {account}: {reason}.\n\n"
    "{todo}\n\n"
    "Buka dasbor Anda:\n\n{link}",
)
PAYMENT_FAILED_SMS = (
    "Kartu Prakerja: {what} {amount} gagal dikirim: {reason}. Buka dasbor untuk memperbaikinya."
)

# --- the surveys -----------------------------------------------------------------------

SURVEY_OPENED = EmailTemplate(
    "{title} Kartu Prakerja sudah dibuka",
    "Halo {name},\n\n"
    "{title} (survei ke-{number} dari 3) sudah dapat Anda isi di dasbor Kartu Prakerja"
    " sampai {last_day}. Survei ini berisi {questions} pertanyaan pilihan ganda dan dapat"
    " diisi dalam beberapa menit.\n\n"
    "Setelah jawaban dikirim, insentif survei sebesar {amount} dibayarkan ke rekening"
    " pencairan Anda pada pembayaran berikutnya. Jawaban Anda tidak memengaruhi"
    " pembayaran.\n\n"
    "Isi survei: {link}",
)
SURVEY_OPENED_SMS = (
    "Kartu Prakerja: {title} sudah dibuka sampai {last_day}. Isi di dasbor untuk insentif"
    " survei {amount}."
)
