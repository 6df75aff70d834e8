"""What the flags are computed from, recorded as it arrives: the account's client (a
keyed hash, never the address) and each stored photo's perceptual hash.

A photo's pHash (`imagehash.phash`, 64 bits) changes little when the same picture is
re-encoded, resized or slightly cropped; two photos are "the same" within
`PHOTO_DISTANCE` differing bits. The hash is cut into four 16-bit bands: two hashes at
most 3 bits apart agree on at least one band (pigeonhole), so an indexed equality join on
the bands finds every candidate pair without comparing all photos with all.
"""

import hashlib
import hmac
from datetime import datetime

import imagehash
from PIL import Image
from sqlmodel import Session, select

from prakerja_app import settings
from prakerja_app.models import AccountOrigin, PhotoFingerprint

PHOTO_DISTANCE = 3  # bits of 64: at most this many apart is the same photo
BANDS = 4  # PHOTO_DISTANCE + 1 bands, so a match shares one
BAND_BITS = 64 // BANDS
# A hash with fewer than this many bits set, or unset, is a blank picture (one colour):
# nothing to recognise, so it is never compared.
MIN_DETAIL_BITS = 8


def client_hash(client: str) -> str:
    """The stored form of a client (its IP address): an HMAC with the app's secret, so
    the table cannot be turned back into addresses by trying them all."""
    return hmac.new(settings.secret_key(), f"client:{client}".encode(), hashlib.sha256).hexdigest()


def record_origin(db: Session, *, user_id: int, client: str, now: datetime) -> None:
    """Remember the client a new account was created from; in the caller's transaction."""
    db.add(AccountOrigin(user_id=user_id, client_hash=client_hash(client), created_at=now))


def photo_hash(img: Image.Image) -> str:
    """The perceptual hash of a picture, as 16 hex characters."""
    return str(imagehash.phash(img))


def bands(phash: str) -> list[int | None]:
    """The hash's four 16-bit bands, high first; all None for a blank picture."""
    value = int(phash, 16)
    if not MIN_DETAIL_BITS <= value.bit_count() <= 64 - MIN_DETAIL_BITS:
        return [None] * BANDS
    mask = (1 << BAND_BITS) - 1
    return [(value >> (BAND_BITS * (BANDS - 1 - i))) & mask for i in range(BANDS)]


def distance(a: str, b: str) -> int:
    """How many bits two hashes differ in."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def record_fingerprint(db: Session, *, user_id: int, photo: str, phash: str, now: datetime) -> None:
    """Keep the hash of an applicant's photo (replacing the one it had); in the caller's
    transaction."""
    row = db.exec(
        select(PhotoFingerprint).where(
            PhotoFingerprint.user_id == user_id, PhotoFingerprint.photo == photo
        )
    ).first()
    if row is None:
        row = PhotoFingerprint(user_id=user_id, photo=photo, phash=phash, created_at=now)
        db.add(row)
    row.phash, row.created_at = phash, now
    row.band0, row.band1, row.band2, row.band3 = bands(phash)
