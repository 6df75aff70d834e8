"""Passwords: the choice rules of NIST SP 800-63B, and argon2id hashing through passlib.

Rules: 8 to 128 characters of any kind, no composition rules, not a commonly used
password (zxcvbn's list of 30,000 plus Indonesian favourites), and not containing the
account's email or name.
"""

import re

from passlib.context import CryptContext
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 128
_LOCAL_FAVOURITES = (
    "bismillah",
    "indonesia",
    "kartuprakerja",
    "katasandi",
    "merdeka45",
    "prakerja",
    "rahasia",
    "sayangku",
    "sayang123",
)
_COMMON = frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(_LOCAL_FAVOURITES)

# OWASP's argon2id parameters (19 MiB, 2 passes, 1 lane). A hash made with others (before:
# passlib's 64 MiB, 3, 4) "needs update", and `verify_password` returns its rehash.
_context = CryptContext(
    schemes=["argon2"],
    deprecated="auto",
    argon2__type="ID",
    argon2__memory_cost=19456,
    argon2__rounds=2,
    argon2__parallelism=1,
)
# Verified against when the email is unknown, so a miss costs the same time as a hit.
_DUMMY_HASH = _context.hash("prakerja-dummy-password")


def hash_password(password: str) -> str:
    """Hash a password with argon2id (slow by design: page states run it on their own
    threads, `state.hashing`)."""
    return _context.hash(password)


def verify_password(password: str, password_hash: str | None) -> tuple[bool, str | None]:
    """Check a password; return (ok, new_hash) where new_hash is set when a rehash is due.

    With ``password_hash=None`` (no such account) a dummy hash is checked so that the
    answer takes as long as for a real account, and the result is always False.
    """
    if password_hash is None:
        _context.verify(password, _DUMMY_HASH)
        return False, None
    ok, new_hash = _context.verify_and_update(password, password_hash)
    return ok, new_hash if ok else None


def check_password_choice(password: str, *, email: str, full_name: str) -> None:
    """Refuse a new password that is too short, too long, common, or made of personal data.

    Raises:
        DomainError: ``password_short``, ``password_long``, ``password_common`` or
            ``password_personal``, with field ``password``.
    """
    if len(password) < MIN_LENGTH:
        raise DomainError(AccountError.PASSWORD_SHORT, "password", minimum=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        raise DomainError(AccountError.PASSWORD_LONG, "password", maximum=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _COMMON or len(set(lowered)) == 1:
        raise DomainError(AccountError.PASSWORD_COMMON, "password")
    local_part = email.lower().partition("@")[0]
    personal = [email.lower(), local_part, *re.split(r"\W+", full_name.lower())]
    if any(len(word) >= 3 and word in lowered for word in personal):
        raise DomainError(AccountError.PASSWORD_PERSONAL, "password")
