import hashlib
import hmac
import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from prakerja_app.models import OtpCode
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.views.messages import text
from tests import factories

KEY = "k" * 40
PHONE = "+6281234567890"
OTHER_PHONE = "+6285712345678"


@pytest.fixture(autouse=True)
def _secret(registration_env, monkeypatch):
    """Keep the secret key out of the repository: an explicit key, private files in tmp."""
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", KEY)


def _issue(db, now, user_id, purpose="phone", target=PHONE):
    code = one_time_codes.issue_code(
        db, user_id=user_id, purpose=purpose, target=target, phone=target, now=now
    )
    db.commit()
    return code


def _verify(db, now, user_id, code, purpose="phone", target=PHONE):
    one_time_codes.verify_code(
        db, user_id=user_id, purpose=purpose, target=target, code=code, now=now
    )


def _refused(call, *args, **kwargs) -> DomainError:
    refused = factories.raised(call, *args, **kwargs)
    assert refused.field == "otp"
    return refused


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _rows(db):
    return db.exec(
        select(OtpCode).order_by(OtpCode.id).execution_options(populate_existing=True)
    ).all()


def test_code_is_six_digits_and_stored_only_as_a_keyed_hash(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    assert re.fullmatch(r"[0-9]{6}", code)
    row = db.exec(select(OtpCode)).one()
    expected = hmac.new(
        KEY.encode(), f"phone:{user.id}:{PHONE}:{code}".encode(), hashlib.sha256
    ).hexdigest()
    assert row.code_hash == expected
    assert row.code_hash != hashlib.sha256(code.encode()).hexdigest()  # keyed, not plain
    assert code not in row.code_hash
    assert code not in repr(row.model_dump())
    assert (row.user_id, row.purpose, row.target, row.attempts) == (user.id, "phone", PHONE, 0)
    assert row.created_at == now
    assert row.expires_at == now + timedelta(minutes=5)
    assert row.used_at is None


def test_codes_are_zero_padded(db, now, monkeypatch):
    user = factories.user(db, now)
    monkeypatch.setattr(one_time_codes.secrets, "randbelow", lambda n: 42)
    assert _issue(db, now, user.id) == "000042"
    _verify(db, now, user.id, "000042")


def test_issue_flushes_but_does_not_commit(db, now):
    user = factories.user(db, now)
    one_time_codes.issue_code(
        db, user_id=user.id, purpose="phone", target=PHONE, phone=PHONE, now=now
    )
    assert db.exec(select(OtpCode)).one().id is not None
    db.rollback()
    assert db.exec(select(OtpCode)).all() == []


def test_constants():
    assert (
        timedelta(minutes=5),
        5,
        timedelta(seconds=60),
    ) == (one_time_codes.CODE_TTL, one_time_codes.MAX_ATTEMPTS, one_time_codes.RESEND_AFTER)


def test_right_code_passes_once_and_is_used_up(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    _verify(db, now + timedelta(minutes=1), user.id, code)
    db.commit()
    assert _rows(db)[0].used_at == now + timedelta(minutes=1)
    refused = _refused(_verify, db, now + timedelta(minutes=2), user.id, code)
    assert refused.code == "otp_missing"
    assert text(refused) == "Minta kode OTP terlebih dahulu."


def test_success_is_not_committed_by_the_service(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    _verify(db, now, user.id, code)
    db.rollback()  # the step it unlocks failed: the code is still there to use
    _verify(db, now, user.id, code)


def test_spaces_in_the_typed_code_are_ignored(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    _verify(db, now, user.id, f" {code[:3]} {code[3:]}\t")


def test_no_code_requested(db, now):
    user = factories.user(db, now)
    refused = _refused(_verify, db, now, user.id, "123456")
    assert refused.code == "otp_missing"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "12345",
        "1234567",
        "12a456",
        "12-345",
        "١٢٣٤٥٦",
        "".join(chr(0xFF10 + d) for d in range(1, 7)),
        None,
    ],
)
def test_malformed_code_is_refused_and_not_counted(db, now, typed):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    for _ in range(one_time_codes.MAX_ATTEMPTS + 2):
        refused = _refused(_verify, db, now, user.id, typed)
        assert (refused.code, text(refused)) == ("otp_format", "Kode OTP terdiri dari 6 angka.")
    assert _rows(db)[0].attempts == 0
    _verify(db, now, user.id, code)


def test_wrong_code_counts_down_and_the_count_survives_a_rollback(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    for left in (4, 3, 2, 1):
        refused = _refused(_verify, db, now, user.id, _wrong(code))
        assert refused.code == "otp_wrong"
        assert text(refused) == f"Kode OTP salah. Sisa percobaan: {left}."
        db.rollback()  # what a caller does after a refusal
    assert _rows(db)[0].attempts == 4


@pytest.mark.security
def test_fifth_wrong_code_locks_even_the_right_one(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    for _ in range(4):
        assert _refused(_verify, db, now, user.id, _wrong(code)).code == "otp_wrong"
    fifth = _refused(_verify, db, now, user.id, _wrong(code))
    assert fifth.code == "otp_locked"
    assert text(fifth) == "Kode OTP salah 5 kali dan sudah diblokir. Minta kode baru."
    db.rollback()
    for typed in (code, _wrong(code)):
        assert _refused(_verify, db, now, user.id, typed).code == "otp_locked"
    assert _rows(db)[0].attempts == one_time_codes.MAX_ATTEMPTS  # never counted past the limit


def test_a_new_code_after_a_lock_works(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    for _ in range(one_time_codes.MAX_ATTEMPTS):
        _refused(_verify, db, now, user.id, _wrong(code))
    later = now + one_time_codes.RESEND_AFTER
    fresh = _issue(db, later, user.id)
    _verify(db, later, user.id, fresh)


@pytest.mark.security
def test_concurrent_wrong_guesses_cannot_pass_the_limit(engine, now):
    with Session(engine, expire_on_commit=False) as db:
        user = factories.user(db, now)
        code = _issue(db, now, user.id)
        for _ in range(one_time_codes.MAX_ATTEMPTS - 1):
            _refused(_verify, db, now, user.id, _wrong(code))
    # Request A read the code while one attempt was left; request B then used it up.
    with (
        Session(engine, expire_on_commit=False) as a,
        Session(engine, expire_on_commit=False) as b,
    ):
        stale = a.exec(select(OtpCode)).one()
        a.commit()
        assert stale.attempts == one_time_codes.MAX_ATTEMPTS - 1
        assert _refused(_verify, b, now, user.id, _wrong(code)).code == "otp_locked"
        # A still sees one attempt left, but the guarded UPDATE matches nothing.
        assert _refused(_verify, a, now, user.id, _wrong(code)).code == "otp_locked"
        assert _refused(_verify, a, now, user.id, code).code == "otp_locked"
    with Session(engine) as db:
        assert db.exec(select(OtpCode)).one().attempts == one_time_codes.MAX_ATTEMPTS


def test_code_used_by_a_concurrent_request_is_not_used_twice(engine, now):
    with Session(engine, expire_on_commit=False) as db:
        user = factories.user(db, now)
        code = _issue(db, now, user.id)
    with (
        Session(engine, expire_on_commit=False) as a,
        Session(engine, expire_on_commit=False) as b,
    ):
        stale = a.exec(select(OtpCode)).one()
        a.commit()
        _verify(db=b, now=now, user_id=user.id, code=code)
        b.commit()
        assert stale.used_at is None  # A has not seen B's use
        assert _refused(_verify, a, now, user.id, code).code == "otp_missing"


def test_expires_after_five_minutes(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    expired = _refused(_verify, db, now + one_time_codes.CODE_TTL, user.id, code)
    assert expired.code == "otp_expired"
    assert text(expired) == "Kode OTP sudah kedaluwarsa. Minta kode baru."
    _verify(db, now + one_time_codes.CODE_TTL - timedelta(seconds=1), user.id, code)


def test_expired_code_does_not_count_wrong_guesses(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    late = now + timedelta(minutes=6)
    assert _refused(_verify, db, late, user.id, _wrong(code)).code == "otp_expired"
    assert _rows(db)[0].attempts == 0


def test_resend_cooldown_says_how_long_to_wait(db, now):
    user = factories.user(db, now)
    _issue(db, now, user.id)
    refused = _refused(
        one_time_codes.issue_code,
        db,
        user_id=user.id,
        purpose="phone",
        target=PHONE,
        phone=PHONE,
        now=now + timedelta(seconds=15, milliseconds=500),
    )
    assert refused.code == "otp_cooldown"
    assert text(refused) == "Tunggu 45 detik sebelum meminta kode baru."  # 44.5 rounded up
    db.rollback()
    at_59 = now + timedelta(seconds=59)
    message = text(
        _refused(
            one_time_codes.issue_code,
            db,
            user_id=user.id,
            purpose="phone",
            target=OTHER_PHONE,
            phone=OTHER_PHONE,
            now=at_59,
        )
    )
    assert message == "Tunggu 1 detik sebelum meminta kode baru."  # another number waits too
    assert len(_rows(db)) == 1


def test_seconds_until_resend_for_the_countdown(db, now):
    user = factories.user(db, now)
    wait = one_time_codes.seconds_until_resend
    assert wait(db, user_id=user.id, purpose="phone", now=now) == 0
    _issue(db, now, user.id)
    assert wait(db, user_id=user.id, purpose="phone", now=now) == 60
    assert wait(db, user_id=user.id, purpose="phone", now=now + timedelta(seconds=0.2)) == 60
    assert wait(db, user_id=user.id, purpose="phone", now=now + timedelta(seconds=59.5)) == 1
    assert wait(db, user_id=user.id, purpose="phone", now=now + timedelta(seconds=60)) == 0
    assert wait(db, user_id=user.id, purpose="phone", now=now + timedelta(hours=1)) == 0
    assert wait(db, user_id=user.id, purpose="purchase", now=now) == 0
    assert wait(db, user_id=user.id, purpose="phone", now=now - timedelta(hours=1)) == 60


def test_cooldown_applies_even_after_the_code_was_used(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    _verify(db, now, user.id, code)
    db.commit()
    refused = _refused(
        one_time_codes.issue_code,
        db,
        user_id=user.id,
        purpose="phone",
        target=PHONE,
        phone=PHONE,
        now=now,
    )
    assert refused.code == "otp_cooldown"


def test_new_code_after_sixty_seconds_invalidates_the_old_one(db, now, monkeypatch):
    codes = iter([111111, 222222])
    monkeypatch.setattr(one_time_codes.secrets, "randbelow", lambda n: next(codes))
    user = factories.user(db, now)
    old = _issue(db, now, user.id)
    later = now + timedelta(seconds=60)
    new = _issue(db, later, user.id)
    first, second = _rows(db)
    assert first.used_at == later  # invalidated
    assert second.used_at is None
    assert (old, new) == ("111111", "222222")
    assert _refused(_verify, db, later, user.id, old).code == "otp_wrong"
    _verify(db, later, user.id, new)


def test_new_code_gets_fresh_attempts(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    for _ in range(3):
        _refused(_verify, db, now, user.id, _wrong(code))
    later = now + one_time_codes.RESEND_AFTER
    fresh = _issue(db, later, user.id)
    assert text(_refused(_verify, db, later, user.id, _wrong(fresh))).endswith(": 4.")


def test_code_sent_to_another_number_is_refused(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id, target=PHONE)
    refused = _refused(_verify, db, now, user.id, code, target=OTHER_PHONE)
    assert refused.code == "otp_missing"
    assert _rows(db)[0].attempts == 0
    _verify(db, now, user.id, code, target=PHONE)


def test_code_for_another_purpose_is_refused(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id, purpose="phone")
    assert _refused(_verify, db, now, user.id, code, purpose="purchase").code == "otp_missing"
    _verify(db, now, user.id, code, purpose="phone")


def test_purposes_are_independent(db, now):
    user = factories.user(db, now)
    phone_code = _issue(db, now, user.id, purpose="phone")
    purchase_code = _issue(db, now, user.id, purpose="purchase")  # no cooldown across purposes
    assert [row.used_at for row in _rows(db)] == [None, None]
    _verify(db, now, user.id, purchase_code, purpose="purchase")
    _verify(db, now, user.id, phone_code, purpose="phone")


def test_code_of_another_user_is_refused(db, now, monkeypatch):
    codes = iter([111111, 222222])
    monkeypatch.setattr(one_time_codes.secrets, "randbelow", lambda n: next(codes))
    owner = factories.user(db, now)
    other = factories.user(db, now)
    code = _issue(db, now, owner.id)
    assert _refused(_verify, db, now, other.id, code).code == "otp_missing"
    _issue(db, now, other.id)
    assert _refused(_verify, db, now, other.id, code).code == "otp_wrong"
    _verify(db, now, owner.id, code)


def test_tampered_row_does_not_move_a_code_to_another_number(db, now):
    user = factories.user(db, now)
    code = _issue(db, now, user.id, target=PHONE)
    row = _rows(db)[0]
    row.target = OTHER_PHONE  # the hash binds the number it was sent to
    db.add(row)
    db.commit()
    assert _refused(_verify, db, now, user.id, code, target=OTHER_PHONE).code == "otp_wrong"


def test_a_different_secret_key_makes_the_code_useless(db, now, monkeypatch):
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "z" * 40)
    assert _refused(_verify, db, now, user.id, code).code == "otp_wrong"


def test_secret_from_the_private_folder_when_none_is_configured(db, now, monkeypatch, tmp_path):
    monkeypatch.delenv("PRAKERJA_SECRET_KEY")
    user = factories.user(db, now)
    code = _issue(db, now, user.id)
    assert (tmp_path / "secret_key").exists()
    _verify(db, now, user.id, code)
