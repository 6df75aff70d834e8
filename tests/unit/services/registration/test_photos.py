import base64
import io
import os
import re
import struct
import zlib
from pathlib import Path

import pytest
from PIL import ExifTags, Image

from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.registration import photos
from prakerja_app.services.registration.photos import (
    MAX_PHOTO_BYTES,
    delete_photo,
    photo_path,
    store_photo,
    thumbnail_data_uri,
)
from prakerja_app.services.views.messages import text


@pytest.fixture(autouse=True)
def private_dir(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path))
    return tmp_path


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def make_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Model] = "Model X"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "S",
            ExifTags.GPS.GPSLatitude: (6.0, 10.0, 30.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (106.0, 49.0, 40.0),
        }
    )
    return exif


def jpeg_bytes(size=(640, 480), color="navy", **save_args) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", **save_args)
    return buf.getvalue()


def png_bytes(size=(640, 480), mode="RGB", color="navy", **save_args) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, "PNG", **save_args)
    return buf.getvalue()


def png_with_header_size(width: int, height: int) -> bytes:
    """A small valid PNG whose IHDR claims another size (as a decompression bomb would)."""
    data = bytearray(png_bytes((300, 300)))
    ihdr = data[12:29]  # chunk type + 13 bytes of data
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def stored(key: str) -> Image.Image:
    img = Image.open(photo_path(key))
    img.load()
    return img


# Accepted photos


def test_jpeg_is_stored_re_encoded_as_jpeg_under_private_photos(private_dir):
    original = jpeg_bytes(quality=100)
    key = store_photo(original, field="ktp_photo")
    path = photo_path(key)
    assert path == private_dir / "photos" / key[:2] / f"{key}.jpg"
    assert path.is_file()
    assert path.read_bytes() != original
    img = stored(key)
    assert img.format == "JPEG"
    assert img.mode == "RGB"
    assert img.size == (640, 480)
    assert files_under(private_dir) == [path]  # no temp file left behind


def test_stored_file_and_folders_are_private(private_dir):
    key = store_photo(jpeg_bytes(), field="ktp_photo")
    path = photo_path(key)
    assert path.stat().st_mode & 0o077 == 0
    assert path.parent.stat().st_mode & 0o077 == 0
    assert (private_dir / "photos").stat().st_mode & 0o077 == 0


def test_exif_gps_comment_and_trailing_data_are_gone():
    data = jpeg_bytes(exif=make_exif(), comment=b"hidden note")
    data += b"PK\x03\x04 appended payload"
    assert Image.open(io.BytesIO(data)).getexif()[ExifTags.Base.Make] == "SpyCam"

    key = store_photo(data, field="ktp_photo")
    raw = photo_path(key).read_bytes()
    img = stored(key)
    assert not img.getexif()
    assert "exif" not in img.info
    assert "comment" not in img.info
    assert "icc_profile" not in img.info
    for secret in (b"Exif", b"SpyCam", b"hidden note", b"appended payload"):
        assert secret not in raw


def test_exif_orientation_is_applied():
    data = jpeg_bytes((400, 300), exif=make_exif(orientation=6))  # rotate 90 degrees
    img = stored(store_photo(data, field="selfie_photo"))
    assert img.size == (300, 400)


def test_png_is_accepted_and_stored_as_jpeg():
    img = stored(store_photo(png_bytes(), field="ktp_photo"))
    assert img.format == "JPEG"
    assert img.size == (640, 480)


def test_png_with_alpha_is_flattened_on_white():
    data = png_bytes((300, 300), mode="RGBA", color=(255, 0, 0, 0))
    img = stored(store_photo(data, field="selfie_photo"))
    assert img.mode == "RGB"
    assert all(channel > 245 for channel in img.getpixel((150, 150)))


def test_png_with_exif_loses_it():
    key = store_photo(png_bytes(exif=make_exif()), field="ktp_photo")
    assert b"SpyCam" not in photo_path(key).read_bytes()
    assert not stored(key).getexif()


def test_multi_picture_jpeg_from_a_phone_is_accepted():
    buf = io.BytesIO()
    first, second = Image.new("RGB", (400, 300), "red"), Image.new("RGB", (400, 300), "blue")
    first.save(buf, "MPO", save_all=True, append_images=[second])
    img = stored(store_photo(buf.getvalue(), field="selfie_photo"))
    assert img.format == "JPEG"
    assert img.size == (400, 300)


@pytest.mark.parametrize(
    ("size", "expected"),
    [((3200, 2000), (1600, 1000)), ((1000, 2400), (667, 1600)), ((1600, 900), (1600, 900))],
)
def test_big_images_are_downscaled_to_1600_on_the_long_side(size, expected):
    img = stored(store_photo(jpeg_bytes(size), field="ktp_photo"))
    assert img.size == expected


@pytest.mark.parametrize("stored_max", [photos.STORED_MAX_BYTES, 600_000])
def test_a_phone_cameras_photo_of_several_megabytes_is_kept_small(monkeypatch, stored_max):
    monkeypatch.setattr(photos, "STORED_MAX_BYTES", stored_max)  # 600 KB: a lower quality
    noisy = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    buf = io.BytesIO()
    noisy.save(buf, "JPEG", quality=60)
    data = buf.getvalue()
    assert 2 * 1024 * 1024 < len(data) <= MAX_PHOTO_BYTES  # over the old 2 MB limit
    key = store_photo(data, field="ktp_photo")
    assert photo_path(key).stat().st_size <= stored_max
    assert stored(key).size == (1600, 1200)


def test_keys_are_random_32_lowercase_hex():
    data = jpeg_bytes()
    keys = {store_photo(data, field="ktp_photo") for _ in range(5)}
    assert len(keys) == 5
    assert all(re.fullmatch(r"[0-9a-f]{32}", key) for key in keys)


# Refusals


def assert_refused(data: bytes, code: str, private_dir: Path, field: str = "ktp_photo") -> None:
    with pytest.raises(DomainError) as refused:
        store_photo(data, field=field)
    assert refused.value.code == code
    assert refused.value.field == field
    assert files_under(private_dir) == []


def test_empty_is_refused(private_dir):
    assert_refused(b"", "photo_missing", private_dir)


@pytest.mark.security
def test_more_than_2_mb_is_refused_before_decoding(private_dir, monkeypatch):
    def no_decoding(*args, **kwargs):
        raise AssertionError("the size check must come before decoding")

    monkeypatch.setattr(photos.Image, "open", no_decoding)
    assert_refused(os.urandom(MAX_PHOTO_BYTES + 1), "photo_too_large", private_dir)


def test_exactly_2_mb_is_not_refused_for_size(private_dir):
    data = jpeg_bytes()
    data += b"\0" * (MAX_PHOTO_BYTES - len(data))
    assert len(data) == MAX_PHOTO_BYTES
    assert store_photo(data, field="ktp_photo")


@pytest.mark.parametrize(
    "data",
    [
        b"hello",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"not really a jpeg" * 20,
        b"\x89PNG\r\n\x1a\n" + b"not really a png" * 20,
        b"<?php system($_GET['c']); ?>",
    ],
    ids=["text", "fake-jpeg", "fake-png", "script"],
)
def test_non_images_are_refused_as_photo_type(data, private_dir):
    assert_refused(data, "photo_type", private_dir)


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_refused(image_format, private_dir):
    buf = io.BytesIO()
    Image.new("RGB", (400, 400), "navy").save(buf, image_format)
    assert_refused(buf.getvalue(), "photo_type", private_dir)


def test_truncated_jpeg_is_refused(private_dir):
    noise = Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3))
    buf = io.BytesIO()
    noise.save(buf, "JPEG")
    data = buf.getvalue()
    assert_refused(data[: len(data) // 2], "photo_type", private_dir)


def test_image_above_the_pixel_limit_is_refused(private_dir):
    assert_refused(png_with_header_size(7000, 7000), "photo_type", private_dir)


@pytest.mark.security
def test_decompression_bomb_is_refused(private_dir):
    assert_refused(png_with_header_size(60000, 60000), "photo_type", private_dir)


@pytest.mark.parametrize("size", [(150, 400), (400, 199), (100, 100)])
def test_tiny_image_is_refused(size, private_dir):
    assert_refused(jpeg_bytes(size), "photo_small", private_dir)


def test_200_pixels_on_the_short_side_is_enough():
    assert store_photo(jpeg_bytes((200, 300)), field="ktp_photo")


def test_refusal_carries_the_field(private_dir):
    assert_refused(b"hello", "photo_type", private_dir, field="selfie_photo")
    with pytest.raises(DomainError) as refused:
        store_photo(b"hello", field="selfie_photo")
    assert text(refused.value) == "Foto harus berformat JPG atau PNG."


# Keys, thumbnails, deletion


@pytest.mark.parametrize(
    "key",
    [
        "../etc/passwd",
        "../../" + "a" * 26,
        "A" * 32,
        "0123456789ABCDEF0123456789abcdef",
        "abc123",
        "a" * 33,
        "g" * 32,
        "a" * 31 + "/",
        "a" * 32 + "\n",
        "",
    ],
)
def test_photo_path_rejects_bad_keys(key):
    with pytest.raises(ValueError):
        photo_path(key)


def test_thumbnail_is_a_small_jpeg_data_uri():
    key = store_photo(jpeg_bytes((1200, 900)), field="ktp_photo")
    uri = thumbnail_data_uri(key)
    prefix = "data:image/jpeg;base64,"
    assert uri.startswith(prefix)
    thumb = Image.open(io.BytesIO(base64.b64decode(uri.removeprefix(prefix), validate=True)))
    assert thumb.format == "JPEG"
    assert max(thumb.size) <= 320
    assert thumb.size == (320, 240)


def test_thumbnail_size_can_be_chosen():
    key = store_photo(jpeg_bytes((900, 1200)), field="ktp_photo")
    uri = thumbnail_data_uri(key, size=100)
    thumb = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert max(thumb.size) <= 100


def test_thumbnail_of_missing_photo_raises():
    with pytest.raises(FileNotFoundError):
        thumbnail_data_uri("0" * 32)


def test_delete_photo_removes_the_file_and_is_quiet_when_missing():
    key = store_photo(jpeg_bytes(), field="ktp_photo")
    other = store_photo(jpeg_bytes(), field="selfie_photo")
    delete_photo(key)
    assert not photo_path(key).exists()
    assert photo_path(other).exists()
    delete_photo(key)
    delete_photo("f" * 32)


def test_delete_photo_rejects_bad_keys():
    with pytest.raises(ValueError):
        delete_photo("../etc/passwd")


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size (what a decompression bomb does), with no real pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"x") + chunk(b"IEND", b"")
    )


@pytest.mark.security
def test_a_huge_png_is_refused_from_its_header_before_any_decoding(private_dir):
    assert_refused(_png_header(6300, 6300), "photo_type", private_dir)  # 39.7 MP


@pytest.mark.security
def test_a_large_jpeg_is_decoded_at_a_reduced_scale(private_dir, monkeypatch):
    from PIL import JpegImagePlugin

    asked = []
    real_draft = JpegImagePlugin.JpegImageFile.draft
    monkeypatch.setattr(
        JpegImagePlugin.JpegImageFile,
        "draft",
        lambda self, mode, size: asked.append(size) or real_draft(self, mode, size),
    )
    key = store_photo(jpeg_bytes((4000, 3000)), field="ktp_photo")
    assert asked == [(1600, 1600)]
    with Image.open(photo_path(key)) as stored:
        assert max(stored.size) == 1600
