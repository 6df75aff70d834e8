"""Password hashing with argon2id through passlib, constant-time for unknown accounts."""

from passlib.context import CryptContext

_context = CryptContext(schemes=["argon2"], deprecated="auto")
# Verified against when the email is unknown, so a miss costs the same time as a hit.
_DUMMY_HASH = _context.hash("prakerja-dummy-password")


def hash_password(password: str) -> str:
    """Hash a password with argon2id (slow by design: call it off the event loop)."""
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
