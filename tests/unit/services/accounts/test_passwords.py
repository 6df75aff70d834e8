"""Choosing a password (NIST SP 800-63B) and checking it."""

import pytest
from passlib.context import CryptContext

from prakerja_app.services.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    check_password_choice,
    hash_password,
    verify_password,
)
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.views.messages import text

EMAIL = "siti.aminah@contoh.id"
NAME = "Siti Aminah"
SHORT = "Kata sandi minimal 8 karakter."
LONG = "Kata sandi maksimal 128 karakter."
COMMON = "Kata sandi ini terlalu umum dan mudah ditebak. Pilih kata sandi lain."
PERSONAL = "Kata sandi tidak boleh memuat email atau nama Anda."


def _refusal(password: str, email: str = EMAIL, full_name: str = NAME) -> DomainError:
    with pytest.raises(DomainError) as refused:
        check_password_choice(password, email=email, full_name=full_name)
    assert refused.value.field == "password"
    return refused.value


def _accepted(password: str, email: str = EMAIL, full_name: str = NAME) -> None:
    assert check_password_choice(password, email=email, full_name=full_name) is None


def test_limits_follow_nist():
    assert (MIN_LENGTH, MAX_LENGTH) == (8, 128)


def test_eight_characters_is_enough():
    _accepted("kopi!teh")


def test_seven_characters_is_too_short():
    refused = _refusal("kopi!te")
    assert (refused.code, text(refused)) == ("password_short", SHORT)


def test_128_characters_is_the_longest():
    _accepted(("kopi tubruk " * 11)[:128])


def test_129_characters_is_too_long():
    refused = _refusal(("kopi tubruk " * 11)[:129])
    assert (refused.code, text(refused)) == ("password_long", LONG)


@pytest.mark.parametrize(
    "password",
    [
        "kopitubrukpagihari",  # only lowercase letters: no composition rules
        "kopi tubruk pagi hari",  # spaces are characters like any other
        "kopi☕tubruk☕pagi",  # so are emoji
        "Sate Ayam Madura 2x",
        "89641273950172",  # only digits, if not a common number
    ],
)
def test_any_characters_and_no_composition_rules(password):
    _accepted(password)


def test_length_counts_characters_not_bytes():
    _accepted("☕" * 3 + "kopi" + "☕")  # 8 characters, more than 8 bytes
    assert _refusal("☕☕☕kopi").code == "password_short"


@pytest.mark.parametrize(
    "password",
    [
        "password",
        "PASSWORD",  # the list is checked whatever the case
        "12345678",
        "123456789",
        "qwertyuiop",
        "iloveyou",
        "abc12345",
        "bismillah",
        "indonesia",  # Indonesian favourites besides zxcvbn's list
        "Prakerja",
        "kartuprakerja",
        "sayang123",
        "merdeka45",
        "aaaaaaaaaa",  # one character repeated
        "        ",
    ],
)
def test_common_passwords_are_refused(password):
    refused = _refusal(password)
    assert (refused.code, text(refused)) == ("password_common", COMMON)


@pytest.mark.parametrize(
    "password",
    [
        "siti.aminah@contoh.id",  # the whole email
        "SITI.AMINAH@contoh.id!",
        "siti.aminah2020",  # the part before @
        "aminah-sayang-kopi",  # a part of the name
        "kopi-SITI-pagi",  # whatever the case
    ],
)
def test_email_and_name_are_refused(password):
    refused = _refusal(password)
    assert (refused.code, text(refused)) == ("password_personal", PERSONAL)


def test_name_parts_shorter_than_three_letters_do_not_count():
    _accepted("alamanda-di-pagi", email="al@contoh.id", full_name="Al Ihsan")


def test_short_beats_common_and_common_beats_personal():
    assert _refusal("aminah").code == "password_short"
    assert _refusal("password", full_name="Password Jones").code == "password_common"


def test_hash_then_verify():
    stored = hash_password("kopi-tubruk-pagi-hari")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")  # OWASP's parameters
    assert verify_password("kopi-tubruk-pagi-hari", stored) == (True, None)
    assert verify_password("kopi-tubruk-pagi-har", stored) == (False, None)


def test_two_hashes_of_one_password_differ():
    assert hash_password("kopi-tubruk-pagi-hari") != hash_password("kopi-tubruk-pagi-hari")


def test_no_account_is_never_a_match():
    assert verify_password("prakerja-dummy-password", None) == (False, None)


def test_a_hash_with_other_parameters_is_rehashed_with_owasps_once_the_password_matches():
    old = CryptContext(
        schemes=["argon2"], argon2__memory_cost=65536, argon2__rounds=3, argon2__parallelism=4
    ).hash("kopi-tubruk-pagi-hari")
    assert verify_password("kopi-tubruk-pagi-har", old) == (False, None)
    ok, new_hash = verify_password("kopi-tubruk-pagi-hari", old)
    assert ok
    assert new_hash is not None
    assert new_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password("kopi-tubruk-pagi-hari", new_hash) == (True, None)
