"""Identity photos (KTP and selfie holding the KTP): validate, re-encode and store privately.

These photos identify a person, so they never go to Reflex's public upload folder, which
serves any file to anyone who knows or guesses its name. They are kept under
``settings.private_dir()/photos`` with a random 128-bit name, and shown only to their owner
(as a data URI built on the server) and to staff who need them.

Every upload is judged by its content, not its name or declared type: it must decode as a
JPEG or PNG of a sane size. It is then decoded and re-encoded as a fresh JPEG, which turns
it upright (EXIF orientation), shrinks it, and drops everything but the pixels: EXIF and GPS
location, comments, colour profiles, and any data appended to or hidden inside the file.
"""

import base64
import io
import os
import re
import secrets
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from prakerja_app import settings
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.verification import evidence

MAX_PHOTO_MB = 10  # what a phone camera sends (3-8 MB); the stored copy is far smaller
MAX_PHOTO_BYTES = MAX_PHOTO_MB * 1024 * 1024
STORED_MAX_BYTES = 2 * 1024 * 1024  # the re-encoded copy kept
MAX_PIXELS = 50_000_000  # a 50 MP phone camera's JPEG; decoded at a reduced scale
MAX_PNG_PIXELS = 12_000_000  # PNG cannot be decoded at a reduced scale: keep it cheap
MIN_SHORT_SIDE = 200
MAX_LONG_SIDE = 1600
JPEG_QUALITIES = (85, 70, 55)  # the first that keeps the copy under STORED_MAX_BYTES

# Multi-picture JPEGs from phone cameras open as "MPO"; their first picture is a plain JPEG.
_ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG"}
_KEY = re.compile(r"[0-9a-f]{32}")
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


def _refuse_type(field: str) -> DomainError:
    return DomainError(RegistrationError.PHOTO_TYPE, field)


def _decode(data: bytes, field: str) -> Image.Image:
    """Decode a JPEG or PNG into an upright RGB image with no metadata.

    Raises:
        DomainError: ``photo_type`` or ``photo_small``, with ``field`` set.
    """
    try:
        # Pillow refuses more than ~179 megapixels itself (DecompressionBombError) and only
        # warns above ~89; the MAX_PIXELS check below refuses far earlier, from the header.
        img: Image.Image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        if img.format not in _ACCEPTED_FORMATS:
            raise _refuse_type(field)
        width, height = img.size  # from the header: checked before decoding any pixels
        if width * height > (MAX_PNG_PIXELS if img.format == "PNG" else MAX_PIXELS):
            raise _refuse_type(field)
        if min(width, height) < MIN_SHORT_SIDE:
            raise DomainError(RegistrationError.PHOTO_SMALL, field, pixels=MIN_SHORT_SIDE)
        if img.format != "PNG":  # decode only as many pixels as the stored copy keeps
            img.draft("RGB", (MAX_LONG_SIDE, MAX_LONG_SIDE))
        img.load()
        img = ImageOps.exif_transpose(img)
        if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
            rgba = img.convert("RGBA")
            img = Image.new("RGB", rgba.size, "white")  # transparent parts become white
            img.paste(rgba, mask=rgba.getchannel("A"))
        else:
            img = img.convert("RGB")
    except _DECODE_ERRORS as exc:
        raise _refuse_type(field) from exc
    img.info = {}  # Pillow would otherwise write e.g. a JPEG comment back out
    img.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
    return img


def _jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` (mode 0600) so readers see the whole file or none of it."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def store_photo(data: bytes, *, field: str) -> str:
    """Validate an uploaded photo, re-encode it as a clean JPEG and store it privately.

    Returns the photo's key; see `store_photo_hashed`, which also gives its hash.
    """
    return store_photo_hashed(data, field=field)[0]


def store_photo_hashed(data: bytes, *, field: str) -> tuple[str, str]:
    """Validate an uploaded photo, re-encode it as a clean JPEG and store it privately;
    its perceptual hash (`verification.evidence.photo_hash`) is taken from the picture
    as stored, for the verification queue's "same photo" flag.

    Args:
        data: the uploaded file's bytes, whatever its name or declared type.
        field: the form field it came from; refusals carry it to show the message there.

    Returns:
        The photo's key (32 lowercase hex characters, for ``photo_path`` and friends)
        and its perceptual hash (16 hex characters).

    Raises:
        DomainError: ``photo_missing``, ``photo_too_large``, ``photo_type`` or
            ``photo_small``; nothing is written then.
    """
    if not data:
        raise DomainError(RegistrationError.PHOTO_MISSING, field, empty_upload=True)
    if len(data) > MAX_PHOTO_BYTES:
        raise DomainError(RegistrationError.PHOTO_TOO_LARGE, field, megabytes=MAX_PHOTO_MB)
    img = _decode(bytes(data), field)
    for quality in JPEG_QUALITIES:
        encoded = _jpeg_bytes(img, quality)
        if len(encoded) <= STORED_MAX_BYTES:
            break
    phash = evidence.photo_hash(img)

    key = secrets.token_hex(16)
    path = photo_path(key)
    root = settings.private_dir()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder in (root / "photos", path.parent):
        folder.mkdir(mode=0o700, exist_ok=True)
    _write_atomically(path, encoded)
    return key, phash


def photo_path(key: str) -> Path:
    """The file a stored photo lives in.

    Raises:
        ValueError: the key is not exactly 32 lowercase hex characters (so it can never
            point outside the photo folder).
    """
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise ValueError("Invalid photo key.")
    return settings.private_dir() / "photos" / key[:2] / f"{key}.jpg"


def thumbnail_data_uri(key: str, *, size: int = 320) -> str:
    """A small JPEG preview as a ``data:`` URI, to show the photo to its owner only.

    Args:
        key: the key ``store_photo`` returned.
        size: the longest side of the preview, in pixels.

    Raises:
        ValueError: the key is malformed or ``size`` is not positive.
        FileNotFoundError: no photo is stored under the key.
    """
    if size < 1:
        raise ValueError("Thumbnail size must be positive.")
    with Image.open(photo_path(key), formats=["JPEG"]) as img:
        img.draft("RGB", (size, size))
        thumb = img.convert("RGB")
    thumb.info = {}
    thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
    encoded = base64.b64encode(_jpeg_bytes(thumb, 80)).decode("ascii")
    return f"data:image/jpeg;base64,{encoded}"


def delete_photo(key: str) -> None:
    """Remove a stored photo, e.g. one the applicant replaced; quiet if it is already gone.

    Raises:
        ValueError: the key is malformed.
    """
    photo_path(key).unlink(missing_ok=True)
