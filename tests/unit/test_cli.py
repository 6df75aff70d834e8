"""The operator's command line: seed, create-admin, clock."""

import pytest
from sqlmodel import select

import prakerja_app.db
from prakerja_app import cli
from prakerja_app.models import User
from prakerja_app.services.vocab import Role


@pytest.fixture(autouse=True)
def _test_database(engine, monkeypatch):
    monkeypatch.setattr(prakerja_app.db, "get_engine", lambda: engine)


def test_seed_prints_the_admin_password_only_the_first_time(capsys, db):
    assert cli.main(["seed"]) == 0
    first = capsys.readouterr().out
    assert "+72 trainings" in first
    assert "password:" in first
    assert cli.main(["seed"]) == 0
    second = capsys.readouterr().out
    assert "+0 trainings" in second
    assert "password" not in second.replace("Forgot the password?", "")
    assert len(db.exec(select(User).where(User.role == Role.ADMIN)).all()) == 1


def test_create_admin_refuses_a_taken_email(capsys):
    assert cli.main(["create-admin", "kepala@prakerja.local"]) == 0
    assert "shown only this once" in capsys.readouterr().out
    assert cli.main(["create-admin", "KEPALA@prakerja.local"]) == 1
    assert "sudah terdaftar" in capsys.readouterr().err


def test_clock_moves_the_demo_time(capsys):
    assert cli.main(["clock", "2020-09-05T10:00"]) == 0
    assert "Sabtu, 5 September 2020 10.00 WIB" in capsys.readouterr().out
