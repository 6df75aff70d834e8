from prakerja_app.api import answers
from prakerja_app.services.marketplace.errors import RedeemError


def test_every_refusal_has_an_http_status_and_an_indonesian_message():
    assert set(answers.ERRORS) == set(RedeemError)
    assert all(spec.message and spec.http_status >= 400 for spec in answers.ERRORS.values())
