import pytest

from prakerja_app.services.core.masking import mask_name


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Budi Santoso", "Bu*** S."),
        ("BUDI SANTOSO", "Bu*** S."),
        ("Siti Nur Aisyah", "Si*** A."),
        ("Ani", "An***"),
        ("J", "J***"),
        ("", "Peserta"),
        ("  ", "Peserta"),
    ],
)
def test_names_are_masked_without_telling_their_length(name, masked):
    assert mask_name(name) == masked
