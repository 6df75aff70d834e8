"""The console's applicant search: one exact key (email, phone, NIK or card number).

What the admin typed is normalised the way the key is stored (a lowercased email, an
E.164 phone, 16 digits), then looked up with an equality on a unique index, so a search
costs the same at a million applicants as at ten. Results carry masked NIKs only.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import cast

import sqlalchemy as sa
from sqlmodel import Session

from prakerja_app import routes
from prakerja_app.models import ApplicantProfile, Participant, User
from prakerja_app.services.accounts.users import check_email
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.masking import mask_nik
from prakerja_app.services.core.phone_numbers import mask_phone, normalize_phone
from prakerja_app.services.core.sql import table_of
from prakerja_app.services.core.vocab import Role
from prakerja_app.services.registration.errors import RegistrationError
from prakerja_app.services.registration.nik import clean_number, parse_nik

PAGE_SIZE = 20
_USERS, _PROFILES, _PARTICIPANTS = (
    table_of(User),
    table_of(ApplicantProfile),
    table_of(Participant),
)
CARD_DIGITS = 16
FIELD = "query"


class SearchKind(StrEnum):
    """What the typed text is."""

    EMAIL = "email"
    PHONE = "phone"
    NIK = "nik"
    CARD = "card"


@dataclass(frozen=True)
class ApplicantRow:
    """One applicant found, as the results list shows them."""

    user_id: int
    href: str  # the applicant's page
    name: str
    email: str
    nik: str  # masked
    phone: str  # masked
    is_participant: bool


@dataclass(frozen=True)
class SearchPage:
    """A page of results."""

    rows: list[ApplicantRow]
    page: int
    has_next: bool


def _checked(check, raw: str) -> str:
    """Run a key's own check, with its refusal shown next to the search field."""
    try:
        return check(raw)
    except DomainError as error:
        error.field = FIELD
        raise


def _card_number(raw: str) -> str:
    digits = clean_number(raw)
    if not (digits.isascii() and digits.isdigit() and len(digits) == CARD_DIGITS):
        raise DomainError(RegistrationError.CARD_NUMBER_INVALID, FIELD)
    return digits


def _nik(raw: str) -> str:
    # The latest pivot reads every year as 20YY, which refuses no date 19YY would allow.
    return parse_nik(raw, century_pivot=date.max).nik


def normalise(kind: str, text: str) -> tuple[SearchKind, str]:
    """The kind and the key as stored, from what the admin chose and typed.

    Raises:
        DomainError: an unknown kind (field ``kind``); an empty text or one that cannot
            be such a key (field ``query``).
    """
    if kind not in set(SearchKind):
        raise DomainError(RegistrationError.SEARCH_KIND_UNKNOWN, "kind")
    if not text.strip():
        raise DomainError(RegistrationError.SEARCH_EMPTY, FIELD)
    checks = {
        SearchKind.EMAIL: check_email,
        SearchKind.PHONE: normalize_phone,
        SearchKind.NIK: _nik,
        SearchKind.CARD: _card_number,
    }
    search_kind = SearchKind(kind)
    return search_kind, _checked(checks[search_kind], text)


def _condition(kind: SearchKind, key: str) -> sa.ColumnElement[bool]:
    column = {
        SearchKind.EMAIL: _USERS.c.email,
        SearchKind.PHONE: _PROFILES.c.phone,
        SearchKind.NIK: _PROFILES.c.nik,
        SearchKind.CARD: _PARTICIPANTS.c.card_number,
    }[kind]
    return column == key


def search(db: Session, *, kind: str, text: str, page: int = 1) -> SearchPage:
    """The applicants (never admins) whose `kind` key equals `text`, normalised.

    Args:
        page: 1 for the first `PAGE_SIZE` results.

    Raises:
        DomainError: see `normalise`.
    """
    search_kind, key = normalise(kind, text)
    page = max(page, 1)
    found = (
        db.connection()
        .execute(
            sa.select(
                _USERS.c.id,
                _USERS.c.full_name,
                _USERS.c.email,
                _PROFILES.c.nik,
                _PROFILES.c.phone,
                _PARTICIPANTS.c.id,
            )
            .select_from(
                _USERS.outerjoin(_PROFILES, _PROFILES.c.user_id == _USERS.c.id).outerjoin(
                    _PARTICIPANTS, _PARTICIPANTS.c.user_id == _USERS.c.id
                )
            )
            .where(_USERS.c.role == Role.APPLICANT, _condition(search_kind, key))
            .order_by(_USERS.c.id)
            .limit(PAGE_SIZE + 1)
            .offset((page - 1) * PAGE_SIZE)
        )
        .all()
    )
    typed = cast(list[tuple[int, str, str, str | None, str | None, int | None]], found)
    rows = [
        ApplicantRow(
            user_id=user_id,
            href=routes.admin_applicant(user_id),
            name=name,
            email=email,
            nik=mask_nik(nik) if nik else "",
            phone=mask_phone(phone) if phone else "",
            is_participant=participant_id is not None,
        )
        for user_id, name, email, nik, phone, participant_id in typed[:PAGE_SIZE]
    ]
    return SearchPage(rows=rows, page=page, has_next=len(found) > PAGE_SIZE)
