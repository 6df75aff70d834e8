"""`committing`: the block's work is committed together, or none of it is."""

import pytest
from sqlmodel import select

from prakerja_app.models import ProgramSetting
from prakerja_app.services.core.transactions import committing


def test_the_work_of_a_block_is_committed(db):
    with committing(db):
        db.add(ProgramSetting(key="a", value_json="1"))
    db.rollback()  # nothing uncommitted is left to lose
    assert db.exec(select(ProgramSetting.key)).all() == ["a"]


def test_a_block_that_raises_leaves_nothing(db):
    with pytest.raises(RuntimeError), committing(db):
        db.add(ProgramSetting(key="a", value_json="1"))
        db.flush()
        raise RuntimeError("disk full")
    assert db.exec(select(ProgramSetting.key)).all() == []
