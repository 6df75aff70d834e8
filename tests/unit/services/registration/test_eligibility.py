from datetime import date

from prakerja_app.services.registration.eligibility import check_eligibility
from prakerja_app.services.views.messages import text

TODAY = date(2020, 9, 4)


def _check(**changes):
    facts = {
        "birth_date": date(1990, 3, 12),
        "today": TODAY,
        "in_formal_education": False,
        "excluded_occupation": False,
    }
    return check_eligibility(**(facts | changes))


def _codes(result):
    """Each reason's code; an exclusion-list match named with its list (excluded_asn)."""
    return [
        f"{reason.code}_{reason.details['reason']}" if "reason" in reason.details else reason.code
        for reason in result.reasons
    ]


def test_an_adult_job_seeker_is_eligible():
    result = _check()
    assert result.eligible
    assert result.reasons == ()


def test_eighteen_today_is_eligible():
    assert _check(birth_date=date(2002, 9, 4)).eligible


def test_seventeen_years_and_364_days_is_not():
    result = _check(birth_date=date(2002, 9, 5))
    assert not result.eligible
    assert _codes(result) == ["under_age"]
    assert "18 tahun" in text(result.reasons[0])


def test_students_are_not_eligible():
    assert _codes(_check(in_formal_education=True)) == ["formal_education"]


def test_excluded_occupations_are_not_eligible():
    assert _codes(_check(excluded_occupation=True)) == ["excluded_occupation"]


def test_exclusion_lists_give_their_own_reason():
    result = _check(exclusions=["asn", "polri"])
    assert _codes(result) == ["excluded_asn", "excluded_polri"]
    assert "Aparatur Sipil Negara" in text(result.reasons[0])


def test_one_card_per_person_ever():
    assert _codes(_check(already_participant=True)) == ["already_participant"]


def test_every_failing_rule_is_reported():
    result = _check(birth_date=date(2005, 1, 1), in_formal_education=True)
    assert _codes(result) == ["under_age", "formal_education"]
