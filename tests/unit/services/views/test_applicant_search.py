"""The console's applicant search: exact keys, normalised, masked results, bad input."""

import pytest

from prakerja_app.models import User
from prakerja_app.services.core.errors import CoreError
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.views import applicant_search
from prakerja_app.services.views.applicant_search import PAGE_SIZE, search
from tests import factories


@pytest.fixture
def applicant(db, now):
    """A participant's account with a profile: NIK 3174051203000042-like, a phone."""
    made = factories.buyer(db, now, balance=0)
    return made, factories.profile_of(db, made.user_id)


def _ids(page) -> list[int]:
    return [row.user_id for row in page.rows]


def test_every_kind_finds_the_applicant_by_its_normalised_key(db, applicant):
    participant, profile = applicant
    email = db.get(User, participant.user_id).email
    national = "0" + profile.phone[3:]
    typed = {
        "email": f"  {email.upper()} ",
        "phone": f"{national[:4]}-{national[4:8]} {national[8:]}",
        "nik": f"{profile.nik[:6]} {profile.nik[6:12]} {profile.nik[12:]}",
        "card": " ".join(participant.card_number[i : i + 4] for i in range(0, 16, 4)),
    }
    for kind, text in typed.items():
        assert _ids(search(db, kind=kind, text=text)) == [participant.user_id], kind


def test_results_show_masked_values_only(db, applicant):
    participant, profile = applicant
    (row,) = search(db, kind="nik", text=profile.nik).rows
    assert row.nik == profile.nik[:4] + "********" + profile.nik[-4:]
    assert profile.phone not in row.phone and row.phone.endswith(profile.phone[-4:])
    assert row.is_participant and row.href == f"/admin/pendaftar/{participant.user_id}"


def test_no_match_is_an_empty_page(db, applicant):
    page = search(db, kind="email", text="orang-lain@contoh.id")
    assert (page.rows, page.has_next) == ([], False)


def test_admins_are_not_applicants(db, now):
    admin = factories.admin(db, now, AdminRole.VERIFIER)
    assert search(db, kind="email", text=admin.email).rows == []


@pytest.mark.parametrize(
    ("kind", "text", "code", "field"),
    [
        ("email", "   ", RegistrationError.SEARCH_EMPTY, "query"),
        ("name", "Budi", RegistrationError.SEARCH_KIND_UNKNOWN, "kind"),
        ("", "budi@contoh.id", RegistrationError.SEARCH_KIND_UNKNOWN, "kind"),
        ("email", "budi", "email_invalid", "query"),
        ("phone", "021-5551234", CoreError.PHONE_INVALID, "query"),
        ("nik", "31740512039", RegistrationError.NIK_LENGTH, "query"),
        ("nik", "3174%", RegistrationError.NIK_NOT_DIGITS, "query"),
        ("card", "5107 0000", RegistrationError.CARD_NUMBER_INVALID, "query"),
        ("card", "510700000000000\uff11", RegistrationError.CARD_NUMBER_INVALID, "query"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(db, kind, text, code, field):
    refusal = factories.refused(db, applicant_search.search, kind=kind, text=text)
    assert (refusal.code, refusal.field) == (code, field)


def test_pages_after_the_last_are_empty(db, applicant):
    _, profile = applicant
    first = search(db, kind="nik", text=profile.nik)
    second = search(db, kind="nik", text=profile.nik, page=2)
    assert (len(first.rows), first.has_next, second.rows) == (1, False, [])
    assert (search(db, kind="nik", text=profile.nik, page=0).page, PAGE_SIZE) == (1, 20)
