"""The refusals of the registration steps and of the eligibility rules."""

from enum import StrEnum


class RegistrationError(StrEnum):
    """Why a registration step (or joining a wave) was refused."""

    STEP_ORDER = "step_order"  # details: done (the step is finished already)
    NIK_REQUIRED = "nik_required"
    NIK_NOT_DIGITS = "nik_not_digits"
    NIK_LENGTH = "nik_length"  # details: length
    NIK_REGION = "nik_region"
    NIK_BIRTH_DATE = "nik_birth_date"
    NIK_TAKEN = "nik_taken"
    KK_REQUIRED = "kk_required"
    KK_NOT_DIGITS = "kk_not_digits"
    KK_LENGTH = "kk_length"  # details: length
    KK_REGION = "kk_region"
    KK_SAME_AS_NIK = "kk_same_as_nik"
    BIRTH_DATE_INVALID = "birth_date_invalid"
    BIRTH_DATE_MISMATCH = "nik_birth_date_mismatch"
    ADDRESS_INVALID = "address_invalid"
    CHOICE_INVALID = "choice_invalid"  # details: what (the field's meaning, see the messages)
    DISTRICT_INVALID = "district_invalid"
    PROVINCE_UNKNOWN = "province_unknown"
    REGENCY_UNKNOWN = "regency_unknown"
    SEX_MISMATCH = "sex_mismatch"
    SCHOOL_ANSWER_MISSING = "school_answer_missing"
    IN_FORMAL_EDUCATION = "in_formal_education"
    OCCUPATION_STATEMENT_MISSING = "occupation_statement_missing"
    DATA_LOCKED = "data_locked"
    DATA_MISSING = "data_missing"
    PHOTO_FIELD = "photo_field"
    PHOTO_MISSING = "photo_missing"  # details: empty_upload (a file was sent, but empty)
    PHOTO_TOO_LARGE = "photo_too_large"  # details: megabytes
    PHOTO_TYPE = "photo_type"
    PHOTO_SMALL = "photo_small"  # details: pixels
    HONESTY_REQUIRED = "honesty_required"
    PHONE_TAKEN = "phone_taken"
    TEST_NOT_STARTED = "test_not_started"
    TEST_QUESTION = "test_question"
    TEST_CHOICE = "test_choice"
    REGISTRY_UNKNOWN = "registry_unknown"  # the population registry does not know the NIK
    UNDER_AGE = "under_age"  # details: minimum
    FORMAL_EDUCATION = "formal_education"
    EXCLUDED_OCCUPATION = "excluded_occupation"
    EXCLUDED = "excluded"  # details: reason (an ExclusionReason)
    ALREADY_PARTICIPANT = "already_participant"
    # The program office's console (applicant search and disclosures)
    SEARCH_EMPTY = "search_empty"
    SEARCH_KIND_UNKNOWN = "search_kind_unknown"
    CARD_NUMBER_INVALID = "card_number_invalid"
    APPLICANT_UNKNOWN = "applicant_unknown"
    REASON_TOO_SHORT = "reason_too_short"  # details: minimum
    REASON_TOO_LONG = "reason_too_long"  # details: maximum
    NIK_MISSING = "nik_missing"
    PHOTOS_MISSING = "photos_missing"
