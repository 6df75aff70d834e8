"""Photo uploads against the running backend: refused before the body is read unless they
are one photo for a signed-in tab's own upload handler, with that tab's ticket."""

import socket
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Page, expect
from reflex.config import get_config
from sqlmodel import select

from prakerja_app.api.guards import UPLOAD_TICKET_HEADER
from prakerja_app.models import ApplicantProfile
from prakerja_app.pages.register.personal_step import UPLOAD_TICKET, PersonalState
from prakerja_app.services.registration.steps import Step
from tests.e2e.browser import log_in
from tests.e2e.registrants import applicant_at, jpeg

pytestmark = pytest.mark.security

KTP = f"{PersonalState.get_full_name()}.upload_ktp_photo"


def _upload(headers: dict[str, str], files: list) -> httpx.Response:
    return httpx.post(get_config().api_url + "/_upload", headers=headers, files=files)


def test_a_request_naming_another_handler_is_refused(app):
    other = f"{PersonalState.get_full_name()}.submit"
    answer = _upload({"reflex-event-handler": other}, [("files", ("a.jpg", jpeg()))])
    assert answer.status_code == 400


def test_a_huge_upload_is_refused_before_its_body_is_sent(app):
    backend = urlsplit(get_config().api_url)
    with socket.create_connection((backend.hostname, backend.port), timeout=15) as conn:
        conn.sendall(
            (
                "POST /_upload HTTP/1.1\r\n"
                f"Host: {backend.netloc}\r\n"
                f"reflex-event-handler: {KTP}\r\n"
                "Content-Type: multipart/form-data; boundary=batas\r\n"
                f"Content-Length: {50 * 1024 * 1024}\r\n\r\n"
            ).encode()
        )
        status_line = conn.recv(200).split(b"\r\n")[0]  # answered with no byte of body sent
    assert status_line == b"HTTP/1.1 413 Request Entity Too Large"


def test_only_the_tabs_own_ticket_opens_its_upload_and_for_one_photo(page: Page, app_db):
    registrant = applicant_at(app_db, Step.PERSONAL, form_saved=True)
    log_in(page, registrant.email, registrant.password)
    expect(page.get_by_role("heading", name="Foto KTP dan selfie")).to_be_visible()
    token = page.evaluate("window.sessionStorage.getItem('token')")
    ticket = page.evaluate(f"window.{UPLOAD_TICKET}")
    headers = {"reflex-event-handler": KTP, "reflex-client-token": token}
    photo = ("files", ("ktp.jpg", jpeg(), "image/jpeg"))

    assert _upload(headers, [photo]).status_code == 403  # no ticket
    assert _upload(headers | {UPLOAD_TICKET_HEADER: "x" * 43}, [photo]).status_code == 403
    answer = _upload(headers | {UPLOAD_TICKET_HEADER: ticket}, [photo] * 300)
    assert answer.status_code == 200
    assert "Pilih satu foto saja." in answer.text
    stored = app_db.exec(
        select(ApplicantProfile.ktp_photo_key).where(ApplicantProfile.nik == registrant.nik)
    ).one()
    assert stored is None
