"""What the redeem-code API sends back: each refusal's HTTP status and message, and a
voucher as the ``data`` object of the 2020 Prakerja API's envelope."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace.errors import RedeemError
from prakerja_app.services.marketplace.redemption import (
    MAX_BODY_BYTES,
    TIMESTAMP_WINDOW_SECONDS,
    VoucherStatus,
)


@dataclass(frozen=True)
class ErrorSpec:
    """One refusal of the API: its HTTP status and the message the provider reads."""

    http_status: int
    message: str


# Every refusal, in the order the checks run. The HTTP layer answers
# {"success": false, "code": <key>, "message": <message>} with <http_status>.
ERRORS: dict[RedeemError, ErrorSpec] = {
    RedeemError.MISSING_HEADERS: ErrorSpec(
        401, "Header client_code, timestamp, dan signature wajib ada."
    ),
    RedeemError.TIMESTAMP_INVALID: ErrorSpec(
        401, "Header timestamp harus berupa detik Unix (angka)."
    ),
    RedeemError.TIMESTAMP_EXPIRED: ErrorSpec(
        401,
        f"Timestamp berselisih lebih dari {TIMESTAMP_WINDOW_SECONDS} detik dari waktu server;"
        " periksa jam server Anda dan buat signature baru.",
    ),
    RedeemError.UNKNOWN_CLIENT: ErrorSpec(401, "client_code tidak dikenal."),
    RedeemError.BODY_TOO_LARGE: ErrorSpec(413, f"Body permintaan melebihi {MAX_BODY_BYTES} byte."),
    RedeemError.MALFORMED_BODY: ErrorSpec(
        400,
        'Body harus berupa JSON {"redeem_code":"..."}; redeem_code berisi huruf, angka,'
        " '-' atau '_' (maksimal 64 karakter).",
    ),
    RedeemError.SIGNATURE_INVALID: ErrorSpec(401, "Signature tidak valid."),
    RedeemError.CODE_NOT_FOUND: ErrorSpec(404, "Kode redeem tidak ditemukan."),
    RedeemError.CODE_OTHER_PROVIDER: ErrorSpec(
        403, "Kode redeem ini untuk pelatihan lembaga pelatihan lain."
    ),
    RedeemError.CODE_REFUNDED: ErrorSpec(
        409, "Pembelian dengan kode redeem ini sudah dibatalkan; kode tidak dapat digunakan."
    ),
    RedeemError.CODE_NOT_REDEEMED: ErrorSpec(
        409, "Kode redeem belum di-commit, sehingga pelatihan belum dapat dilaporkan selesai."
    ),
    RedeemError.COMPLETED_AT_INVALID: ErrorSpec(
        422, "completed_at tidak boleh sebelum waktu redeem atau setelah waktu sekarang."
    ),
}

# data.status: 1 for a redeemed voucher, as the 2020 API answered; 0, 2 and 3 are ours.
STATUS_NUMBERS = {
    PurchaseStatus.BOUGHT: 0,
    PurchaseStatus.REDEEMED: 1,
    PurchaseStatus.COMPLETED: 2,
    PurchaseStatus.REFUNDED: 3,
}
STATUS_LABELS = {
    PurchaseStatus.BOUGHT: "Belum digunakan",
    PurchaseStatus.REDEEMED: "Sudah digunakan",
    PurchaseStatus.COMPLETED: "Selesai",
    PurchaseStatus.REFUNDED: "Dibatalkan",
}


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def voucher_data(voucher: VoucherStatus) -> dict[str, Any]:
    """The ``data`` object of the API's answer."""
    status = PurchaseStatus(voucher.status)
    return {
        "redeem_code": voucher.redeem_code,
        "course_code": voucher.course_code,
        "course_name": voucher.course_name,
        "dp_platform": voucher.dp_platform,
        "status": STATUS_NUMBERS[status],
        "status_label": STATUS_LABELS[status],
        "redeem_at": _iso(voucher.redeemed_at),
        "completed_at": _iso(voucher.completed_at),
        "certificate_number": voucher.certificate_number,
        "certificate_url": voucher.certificate_url,
    }
