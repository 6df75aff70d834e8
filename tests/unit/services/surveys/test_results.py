"""The program office's counts: per survey, per question, each option's count, and the
responses, counted in SQL."""

from prakerja_app.services.surveys import answering, results
from tests import factories


def _answered(db, now, sequence, option, overrides=None):
    participant = factories.participant(db, now)
    factories.first_incentive_paid(db, participant, now)
    answers = factories.answers(db, sequence, option) | (overrides or {})
    answering.submit(db, participant_id=participant.id, sequence=sequence, answers=answers, now=now)


def test_each_option_is_counted_with_the_responses(db, now):
    factories.surveys(db)
    _answered(db, now, 1, option=0)
    _answered(db, now, 1, option=0, overrides={"kepuasan": "5"})
    _answered(db, now, 1, option=1)
    found = results.results(db)
    assert [(s.sequence, s.title, s.responses) for s in found] == [
        (1, "Survei Evaluasi Pelatihan", 3),
        (2, "Survei Status Pekerjaan", 0),
        (3, "Survei Usaha dan Pendapatan", 0),
    ]
    satisfaction, materials, *_ = found[0].questions
    assert satisfaction.question_id == "kepuasan"
    assert [(o.label, o.count) for o in satisfaction.options] == [
        ("1 - Sangat tidak puas", 1),
        ("2 - Tidak puas", 1),
        ("3 - Biasa saja", 0),
        ("4 - Puas", 0),
        ("5 - Sangat puas", 1),
    ]
    assert [o.count for o in materials.options] == [2, 1, 0, 0]
    assert all(sum(o.count for o in q.options) == 3 for q in found[0].questions)
    assert all(o.count == 0 for q in found[1].questions for o in q.options)


def test_no_surveys_no_results(db):
    assert results.results(db) == []
    assert results.counts(db) == {}
