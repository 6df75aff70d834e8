"""Pictures for the verification tests: photos with detail, so their hashes compare."""

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFilter


def picture(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A picture with shapes in it, the same for the same seed."""
    rng = random.Random(seed)
    img = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(img)
    step = 40
    for x in range(0, size[0], step):
        for y in range(0, size[1], step):
            shade = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            draw.rectangle((x, y, x + step - 1, y + step - 1), fill=shade)
    return img.filter(ImageFilter.GaussianBlur(3))


def jpeg(img: Image.Image, quality: int = 90) -> bytes:
    """A picture as an uploaded JPEG."""
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


@pytest.fixture
def photo():
    """``photo(seed)``: the bytes of a JPEG with detail; the same seed, the same picture."""
    return lambda seed, **kw: jpeg(picture(seed), **kw)
