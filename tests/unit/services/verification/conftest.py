"""Photos for the verification tests: pictures with detail, so their hashes compare."""

import io

import pytest
from PIL import Image

from tests import factories


def picture(seed: int) -> Image.Image:
    """The picture `factories.detailed_photo_bytes(seed)` holds."""
    return Image.open(io.BytesIO(factories.detailed_photo_bytes(seed)))


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    """A picture as an uploaded JPEG."""
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


@pytest.fixture
def photo():
    """``photo(seed)``: the bytes of a JPEG with detail; the same seed, the same picture."""
    return lambda seed, **kw: factories.detailed_photo_bytes(seed, **kw)
