"""Certificates: numbers, verification codes, the QR image and the public verification view."""

import base64
import dataclasses
import re
from datetime import UTC, datetime

import pytest
import qrcode
import qrcode.image.svg
from sqlmodel import select

from prakerja_app.models import Certificate, User
from prakerja_app.services.core.vocab import PurchaseStatus
from prakerja_app.services.marketplace import certificates
from tests import factories


@pytest.fixture
def completed(db, now):
    """A completed purchase of "Bahasa Inggris" by Budi Santoso, from LP Cakap."""
    platform = factories.platform(db)
    lp = factories.provider(db, name="Cakap Bahasa Nusantara")
    course = factories.listed_training(db, platform, lp, title="Bahasa Inggris untuk Kerja")
    owner = factories.participant(db, now)
    account = db.get(User, owner.user_id)
    account.full_name = "Budi Santoso"
    db.commit()
    return factories.purchase(
        db, owner, course, now, status=PurchaseStatus.COMPLETED, redeemed_at=now, completed_at=now
    )


def test_the_number_carries_the_wib_year_and_the_purchase():
    late_2020 = datetime(2020, 12, 31, 18, 0, tzinfo=UTC)  # 1 January 2021, 01.00 WIB
    assert certificates.certificate_number(123, late_2020) == "PKJ-2021-00000123"
    assert certificates.certificate_number(7, datetime(2020, 9, 4, tzinfo=UTC)) == (
        "PKJ-2020-00000007"
    )


def test_verification_codes_are_16_url_safe_characters_and_differ():
    codes = {certificates.new_verification_code() for _ in range(50)}
    assert len(codes) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9_\-]{16}", code) for code in codes)


def test_the_qr_code_is_an_svg_data_uri_of_the_verification_link(monkeypatch):
    monkeypatch.setenv("PRAKERJA_PUBLIC_URL", "https://prakerja.contoh.id/")
    uri = certificates.qr_data_uri("AbCdEfGh_jKlMn-p")
    assert uri.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode()
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert '<rect fill="white"' in svg and "<path" in svg
    assert "prakerja" not in svg  # the link is in the modules, not in readable text
    # The same modules as a QR code of the expected link made directly with qrcode.
    expected = qrcode.make(
        "https://prakerja.contoh.id/verifikasi/AbCdEfGh_jKlMn-p",
        image_factory=qrcode.image.svg.SvgPathFillImage,
        border=2,
    ).to_string(encoding="unicode")
    assert svg == expected


def test_issue_makes_one_certificate_and_one_email(db, completed, now):
    certificate, email = certificates.issue(db, completed, now=now)
    db.commit()
    assert certificate.number == f"PKJ-2020-{completed.id:08d}"
    assert email is not None
    assert certificate.verification_code in email.body
    assert "Sertifikat" in email.subject
    again, second_email = certificates.issue(db, completed, now=now)
    assert (again.id, second_email) == (certificate.id, None)
    assert len(db.exec(select(Certificate)).all()) == 1


def test_the_verification_view_shows_only_the_masked_holder_and_the_training(db, completed):
    issued = datetime(2020, 9, 10, 18, 30, tzinfo=UTC)  # 11 September 2020, 01.30 WIB
    certificate, _ = certificates.issue(db, completed, now=issued)
    db.commit()
    view = certificates.verification(db, certificate.verification_code)
    assert view == certificates.CertificateView(
        number=f"PKJ-2020-{completed.id:08d}",
        holder="Bu*** S.",  # one masking rule for every public page (core.masking)
        training_title="Bahasa Inggris untuk Kerja",
        provider_name="Cakap Bahasa Nusantara",
        issued_at=issued,
    )
    from prakerja_app.models import Participant

    participant = db.get(Participant, completed.participant_id)
    account = db.get(User, participant.user_id)
    shown = " ".join(str(value) for value in dataclasses.asdict(view).values())
    for secret in (participant.nik, participant.card_number, account.email, "Budi", "Santoso"):
        assert secret not in shown


@pytest.mark.parametrize("code", ["", "tidak-ada-kode-ini", "x" * 100])
def test_an_unknown_code_shows_nothing(db, code):
    assert certificates.verification(db, code) is None


def test_a_refunded_purchase_no_longer_verifies(db, completed, now):
    certificate, _ = certificates.issue(db, completed, now=now)
    completed.status = PurchaseStatus.REFUNDED
    db.add(completed)
    db.commit()
    assert certificates.verification(db, certificate.verification_code) is None
