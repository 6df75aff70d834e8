"""Step 6: the mobile number, proven with the 6-digit code sent to it by SMS."""

from datetime import timedelta

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, OtpCode
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.vocab import Channel
from prakerja_app.services.messaging import delivery, outbox
from prakerja_app.services.messaging.outbox import body_of
from prakerja_app.services.messaging.senders import Outgoing
from prakerja_app.services.registration import phone_verification
from prakerja_app.services.registration.steps import Step, current_step
from prakerja_app.services.views.messages import text
from tests import factories

PHONE = "+6281234567890"
INVALID = "Nomor HP tidak valid. Gunakan nomor seluler Indonesia, misalnya 0812 3456 7890."
TAKEN = "Nomor HP ini sudah dipakai akun lain. Gunakan nomor HP Anda sendiri."


pytestmark = pytest.mark.usefixtures("registration_env")  # the code key in the test's folder


@pytest.fixture
def applicant(db, now):
    """An applicant who has submitted their personal data: step 6 is next."""
    return factories.applicant_at(db, now, Step.PHONE, via_services=True)


def _send(db, now, user, raw_phone="0812-3456-7890"):
    return phone_verification.send_code(db, user_id=user.id, raw_phone=raw_phone, now=now)


def _verify(db, now, user, code):
    phone_verification.verify(db, user_id=user.id, code=code, now=now)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_send_code_texts_six_digits_to_the_number(db, now, applicant):
    assert _send(db, now, applicant, "+62 (0)812 3456 7890") == "+62 812****7890"
    [sms] = factories.outbox(db, PHONE, "sms")
    code = factories.sms_code(db, PHONE)
    assert body_of(sms) == (
        f"Kode OTP Kartu Prakerja Anda: {code}. Berlaku 5 menit. JANGAN berikan kode ini"
        " kepada siapa pun."
    )
    otp = db.exec(select(OtpCode)).one()
    assert (otp.user_id, otp.purpose, otp.target) == (applicant.id, "phone", PHONE)
    assert code not in otp.code_hash
    assert phone_verification.pending_phone(db, applicant.id) == PHONE
    assert factories.profile_of(db, applicant.id).phone is None  # not proven yet
    assert current_step(db, applicant.id) == Step.PHONE


def test_the_right_code_proves_the_number(db, now, applicant):
    _send(db, now, applicant)
    later = now + timedelta(minutes=2)
    _verify(db, later, applicant, factories.sms_code(db, PHONE))
    profile = factories.profile_of(db, applicant.id)
    assert (profile.phone, profile.phone_verified_at) == (PHONE, later)
    assert current_step(db, applicant.id) == Step.TEST
    assert db.exec(select(OtpCode.used_at)).one() == later
    assert phone_verification.pending_phone(db, applicant.id) is None
    actions = db.exec(select(AuditLog.action).where(AuditLog.actor_user_id == applicant.id)).all()
    assert "registration.phone" in actions


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("021 5551234", "phone_invalid", INVALID),  # a landline
        ("+1 415 555 0100", "phone_invalid", INVALID),  # another country
        ("0812-abcd-7890", "phone_invalid", INVALID),
        ("0812 345", "phone_invalid", INVALID),
        ("  ", "phone_required", "Nomor HP wajib diisi."),
    ],
)
def test_not_an_indonesian_mobile_number(db, now, applicant, typed, code, message):
    refused = factories.refused(db, _send, now, applicant, typed)
    assert (refused.code, refused.field, text(refused)) == (code, "phone", message)
    assert factories.outbox(db, PHONE) == []


def test_a_number_proven_by_another_account_is_refused(db, now, applicant):
    factories.applicant_at(db, now, Step.TEST, via_services=True, phone="0812 3456 7890")
    refused = factories.refused(db, _send, now, applicant, "+62 812-3456-7890")
    assert (refused.code, refused.field, text(refused)) == ("phone_taken", "phone", TAKEN)
    assert len(factories.outbox(db, PHONE, "sms")) == 1  # only the other account's code


def test_a_number_taken_between_sending_and_verifying_is_refused(db, now, applicant):
    rival = factories.applicant_at(db, now, Step.PHONE, via_services=True)
    _send(db, now, applicant)
    mine = factories.sms_code(db, PHONE)
    _send(db, now, rival)  # neither has proven the number yet: both may ask
    _verify(db, now, rival, factories.sms_code(db, PHONE))
    refused = factories.refused(db, _verify, now, applicant, mine)
    assert (refused.code, refused.field, text(refused)) == ("phone_taken", "phone", TAKEN)
    assert factories.profile_of(db, applicant.id).phone is None
    assert current_step(db, applicant.id) == Step.PHONE


def test_verify_without_a_code(db, now, applicant):
    refused = factories.refused(db, _verify, now, applicant, "123456")
    assert (refused.code, refused.field, text(refused)) == (
        "otp_missing",
        "otp",
        "Minta kode OTP terlebih dahulu.",
    )


def test_five_wrong_codes_lock_the_code(db, now, applicant):
    _send(db, now, applicant)
    right = factories.sms_code(db, PHONE)
    for left in (4, 3, 2, 1):
        with pytest.raises(DomainError) as refused:
            _verify(db, now, applicant, _wrong(right))
        assert (refused.value.code, text(refused.value)) == (
            "otp_wrong",
            f"Kode OTP salah. Sisa percobaan: {left}.",
        )
    with pytest.raises(DomainError) as refused:
        _verify(db, now, applicant, _wrong(right))
    locked = "Kode OTP salah 5 kali dan sudah diblokir. Minta kode baru."
    assert (refused.value.code, text(refused.value)) == ("otp_locked", locked)
    refused = factories.refused(db, _verify, now, applicant, right)  # even the right code now
    assert (refused.code, text(refused)) == ("otp_locked", locked)
    assert factories.profile_of(db, applicant.id).phone is None
    assert current_step(db, applicant.id) == Step.PHONE


def test_a_new_code_after_a_minute_unlocks_and_replaces_the_old_one(db, now, applicant):
    _send(db, now, applicant)
    old = factories.sms_code(db, PHONE)
    for _ in range(5):
        with pytest.raises(DomainError):
            _verify(db, now, applicant, _wrong(old))
    later = now + timedelta(seconds=60)
    _send(db, later, applicant)
    new = factories.sms_code(db, PHONE)
    if new != old:
        with pytest.raises(DomainError):
            _verify(db, later, applicant, old)
    _verify(db, later, applicant, new)
    assert current_step(db, applicant.id) == Step.TEST


def test_a_second_code_within_a_minute_is_refused(db, now, applicant):
    _send(db, now, applicant)
    refused = factories.refused(db, _send, now + timedelta(seconds=30), applicant, "0857 1234 5678")
    assert (refused.code, refused.field, text(refused)) == (
        "otp_cooldown",
        "otp",
        "Tunggu 30 detik sebelum meminta kode baru.",
    )
    assert phone_verification.pending_phone(db, applicant.id) == PHONE


def test_the_code_goes_with_the_latest_number(db, now, applicant):
    _send(db, now, applicant)
    later = now + timedelta(minutes=1)
    _send(db, later, applicant, "0857 1234 5678")
    assert phone_verification.pending_phone(db, applicant.id) == "+6285712345678"
    _verify(db, later, applicant, factories.sms_code(db, "+6285712345678"))
    assert factories.profile_of(db, applicant.id).phone == "+6285712345678"


def test_an_expired_code_is_refused(db, now, applicant):
    _send(db, now, applicant)
    code = factories.sms_code(db, PHONE)
    refused = factories.refused(db, _verify, now + timedelta(minutes=5), applicant, code)
    assert (refused.code, text(refused)) == (
        "otp_expired",
        "Kode OTP sudah kedaluwarsa. Minta kode baru.",
    )


def test_a_number_proven_at_the_same_moment_is_refused_cleanly(db, now, applicant, monkeypatch):
    """Both requests passed the check; the database's unique phone stops the second."""
    rival = factories.applicant_at(db, now, Step.PHONE, via_services=True)
    _send(db, now, applicant)
    mine = factories.sms_code(db, PHONE)
    _send(db, now, rival)
    _verify(db, now, rival, factories.sms_code(db, PHONE))
    monkeypatch.setattr(phone_verification, "_phone_taken", lambda *args: False)
    refused = factories.refused(db, _verify, now, applicant, mine)
    assert (refused.code, refused.field, text(refused)) == ("phone_taken", "phone", TAKEN)
    assert current_step(db, applicant.id) == Step.PHONE


# --- limits ----------------------------------------------------------------------------


@pytest.mark.security
def test_the_cooldown_is_checked_before_whether_a_number_is_taken(db, now, applicant):
    factories.applicant_at(db, now, Step.TEST, via_services=True, phone="0812 9999 0000")
    _send(db, now, applicant)
    refused = factories.raised(_send, db, now + timedelta(seconds=10), applicant, "0812 9999 0000")
    assert refused.code == "otp_cooldown"  # not "phone_taken": a quick retry learns nothing


@pytest.mark.security
def test_an_account_tries_at_most_five_different_numbers_a_day(db, now, applicant):
    moment = now
    for n in range(phone_verification.PHONE_TRIES.count):
        _send(db, moment, applicant, f"0813 1111 000{n}")
        moment += timedelta(minutes=2)
    _send(db, moment, applicant, "0813 1111 0004")  # a number already tried is fine
    moment += timedelta(minutes=2)
    refused = factories.raised(_send, db, moment, applicant, "0813 1111 0009")
    assert (refused.code, refused.field) == ("rate_limited", "phone")
    assert text(refused).startswith("Anda sudah mencoba terlalu banyak nomor HP")
    assert _send(db, now + timedelta(days=1, minutes=1), applicant, "0813 1111 0009")


@pytest.mark.security
def test_a_number_gets_at_most_ten_codes_a_day(db, now, applicant):
    moment = now
    for _ in range(one_time_codes.DAILY_LIMIT):
        _send(db, moment, applicant)
        moment += timedelta(minutes=1)
    refused = factories.raised(_send, db, moment, applicant)
    assert refused.code == "otp_daily_limit"
    assert text(refused) == "Kode OTP sudah dikirim 10 kali dalam 24 jam terakhir. Coba lagi besok."
    assert len(factories.outbox(db, PHONE, "sms")) == one_time_codes.DAILY_LIMIT


@pytest.mark.security
def test_the_code_leaves_the_outbox_once_sent(db, now, applicant):
    _send(db, now, applicant)
    [sms] = factories.outbox(db, PHONE, "sms")
    code = factories.sms_code(db, PHONE)
    assert code not in sms.body  # kept apart, in `secret`, until it is no use
    delivery.deliver_batch(db, Channel.SMS, _Delivering(), now=now)
    db.refresh(sms)
    assert (sms.status, sms.secret) == ("sent", None)
    assert code not in body_of(sms)


@pytest.mark.security
def test_an_unsent_code_is_erased_once_it_expired(db, now, applicant):
    _send(db, now, applicant)
    [sms] = factories.outbox(db, PHONE, "sms")
    assert outbox.redact_expired(db, now + one_time_codes.CODE_TTL - timedelta(seconds=1)) == 0
    assert outbox.redact_expired(db, now + one_time_codes.CODE_TTL) == 1
    db.refresh(sms)
    assert sms.secret is None and "••••••" in body_of(sms)


class _Delivering:
    """An SMS gateway that accepts everything."""

    def send(self, message: Outgoing) -> str:
        assert "[[RAHASIA]]" not in message.body
        return "ok"

    def close(self) -> None:
        """Nothing to close."""
