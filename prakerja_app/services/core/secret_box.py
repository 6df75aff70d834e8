"""Secrets kept at rest encrypted with the app's secret (an admin's TOTP secret, a
provider's API key): Fernet (AES-128-CBC with HMAC-SHA256) under a key derived from
``PRAKERJA_SECRET_KEY`` with HKDF, so a copy of the database alone reveals none of them.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from prakerja_app import settings

_INFO = b"prakerja secret box v1"


def _box() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        settings.secret_key()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(plain: str) -> str:
    """`plain`, encrypted and authenticated, as text for a column."""
    return _box().encrypt(plain.encode()).decode("ascii")


def open_sealed(sealed: str) -> str | None:
    """What `seal` sealed, or None when it was altered or sealed under another secret."""
    try:
        return _box().decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return None
