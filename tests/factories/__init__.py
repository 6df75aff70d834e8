"""Builders for test data, by area, with sensible defaults and keyword overrides.

Tests use them as ``factories.<name>``; each lives in the module of its area:
`accounts`, `registration`, `selection`, `marketplace`, `messaging`, `surveys`, and `checks` (the
"refused and nothing changed" helpers). An applicant's registration is described the
same way everywhere: `applicant_at(db, now, step)` is an applicant whose *current* step
is `step` (None: all eight done).
"""

from tests.factories.accounts import PASSWORD, admin, cheap_password_hashing, session_token, user
from tests.factories.checks import raised, refused, table_rows
from tests.factories.marketplace import (
    ACTIVE_PLATFORMS,
    api_provider,
    buyer,
    listed_training,
    phone_of,
    platform,
    provider,
    purchase,
    rating_summaries,
    review,
    sign_key_of,
    training,
)
from tests.factories.messaging import confirmation_token, outbox, sms_code, stored
from tests.factories.money import HOLDER, payee
from tests.factories.registration import (
    APPLICANT_NAME,
    BIRTH_DATE,
    applicant_at,
    detailed_photo_bytes,
    motivation_setting,
    new_kk,
    new_nik,
    new_phone,
    personal_form,
    personal_page_form,
    photo_bytes,
    profile_of,
    register,
)
from tests.factories.selection import announced, participant, wave, wave_applicants
from tests.factories.surveys import answers, first_incentive_paid, surveys

__all__ = [
    "ACTIVE_PLATFORMS",
    "APPLICANT_NAME",
    "BIRTH_DATE",
    "HOLDER",
    "PASSWORD",
    "admin",
    "announced",
    "answers",
    "api_provider",
    "applicant_at",
    "buyer",
    "cheap_password_hashing",
    "confirmation_token",
    "detailed_photo_bytes",
    "first_incentive_paid",
    "listed_training",
    "motivation_setting",
    "new_kk",
    "new_nik",
    "new_phone",
    "outbox",
    "participant",
    "payee",
    "personal_form",
    "personal_page_form",
    "phone_of",
    "photo_bytes",
    "platform",
    "profile_of",
    "provider",
    "purchase",
    "raised",
    "rating_summaries",
    "refused",
    "register",
    "review",
    "session_token",
    "sign_key_of",
    "sms_code",
    "stored",
    "surveys",
    "table_rows",
    "training",
    "user",
    "wave",
    "wave_applicants",
]
