"""The evidence the flags are computed from: hashes of photos and of clients."""

from prakerja_app.services.verification import evidence
from tests.unit.services.verification.conftest import jpeg, picture


def test_a_photo_re_encoded_and_resized_keeps_its_hash_another_does_not():
    original = evidence.photo_hash(picture(1))
    from io import BytesIO

    from PIL import Image

    copy = Image.open(BytesIO(jpeg(picture(1).resize((500, 375)), quality=40)))
    assert evidence.distance(original, evidence.photo_hash(copy)) <= evidence.PHOTO_DISTANCE
    assert evidence.distance(original, evidence.photo_hash(picture(2))) > 10


def test_two_hashes_within_the_distance_share_a_band():
    phash = evidence.photo_hash(picture(3))
    value = int(phash, 16)
    for bits in ((0,), (1, 17, 40), (5, 21, 37)):  # three flips, in different bands
        flipped = f"{value ^ sum(1 << b for b in bits):016x}"
        assert set(evidence.bands(phash)) & set(evidence.bands(flipped))


def test_a_blank_picture_is_never_compared():
    from PIL import Image

    blank = evidence.photo_hash(Image.new("RGB", (640, 480), "navy"))
    assert evidence.bands(blank) == [None] * evidence.BANDS
    assert None not in evidence.bands(evidence.photo_hash(picture(4)))


def test_a_client_is_kept_as_a_keyed_hash(monkeypatch):
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "a" * 40)
    first = evidence.client_hash("203.0.113.7")
    assert "203.0.113.7" not in first and len(first) == 64
    assert evidence.client_hash("203.0.113.7") == first != evidence.client_hash("203.0.113.8")
    monkeypatch.setenv("PRAKERJA_SECRET_KEY", "b" * 40)
    assert evidence.client_hash("203.0.113.7") != first
