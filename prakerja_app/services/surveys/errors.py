"""The refusals of the surveys."""

from enum import StrEnum


class SurveyError(StrEnum):
    """Why a survey could not be shown or answered."""

    SURVEY_UNKNOWN = "survey_unknown"  # no such survey (its number is not 1-3)
    SURVEY_NOT_OPEN = "survey_not_open"  # details: opens_on (None until incentive 1 is paid)
    SURVEY_CLOSED = "survey_closed"  # details: closed_on (its last day)
    SURVEY_ANSWERED = "survey_answered"  # already answered: once per participant
    ANSWERS_INVALID = "answers_invalid"  # not question -> option (a forged call)
    QUESTION_UNKNOWN = "question_unknown"  # field: the question id sent
    ANSWER_MISSING = "answer_missing"  # field: the question's id
    OPTION_NOT_OFFERED = "option_not_offered"  # field: the question's id
