"""The lists page's handlers, called as a browser could: verifiers upload, see the diff
with its line numbers and apply it; auditors look; forged arguments change nothing."""

import io
from pathlib import Path

import pytest
import reflex as rx
from sqlmodel import select

from prakerja_app.jobs import huey
from prakerja_app.models import AuditLog, ExclusionEntry, ListUpload, utc_now
from prakerja_app.pages.admin.lists import ListsState
from prakerja_app.services.core import clock
from prakerja_app.services.core.vocab import AdminRole
from tests import factories

pytestmark = pytest.mark.anyio

NEW = "3578015503900003"
FILE = f"nik,reason\n{NEW},polri\n12345,asn\n".encode()


@pytest.fixture(autouse=True)
def _setting(db, now, monkeypatch, tmp_path):
    """The program clock at the demo's moment; private files in the test's folder."""
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path))
    clock.set_program_time(db, now, utc_now())
    db.commit()


async def _page(states, db, now, *roles: AdminRole) -> ListsState:
    states.connect(factories.session_token(db, factories.admin(db, now, *roles)))
    page = states(ListsState)
    await ListsState.load.fn(page)
    return page


def _file(data: bytes, name: str = "daftar.csv") -> list[rx.UploadFile]:
    return [rx.UploadFile(file=io.BytesIO(data), path=Path(name))]


def _work(name: str) -> None:
    """A worker takes everything queued and runs the tasks named `name`."""
    for task in iter(huey.dequeue, None):
        if task.name == name:
            huey.execute(task)


async def test_a_verifier_uploads_sees_the_diff_and_applies_it(states, db, now, tmp_path):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    assert (page.allowed, page.can_act, page.upload.id) == (True, True, 0)
    await ListsState.upload_file.fn(page, _file(FILE))
    assert page.notice == "Berkas diterima. Perbedaannya sedang dihitung."
    assert (page.upload.status_label, page.upload.busy) == ("Menunggu diperiksa", True)

    _work("check_list")
    await ListsState.load.fn(page)
    card = page.upload
    assert (card.ready, card.added, card.removed, card.invalid) == (True, 1, 0, 1)
    assert [(r.line, r.nik, r.value) for r in page.rows] == [
        ("2", "3578********0003", "Anggota Polri")
    ]
    await ListsState.show_change.fn(page, "invalid")
    assert [(r.line, r.problem) for r in page.rows] == [("3", "NIK tidak valid")]

    ListsState.ask.fn(page, "apply")
    assert page.confirm_label == "Ya, terapkan"
    await ListsState.confirm.fn(page)
    assert page.notice == "Unggahan sedang diterapkan."
    _work("apply_list")
    await ListsState.load.fn(page)
    assert (page.upload.status_label, page.upload.added) == ("Sudah diterapkan", 1)
    assert page.upload.finished is True
    db.commit()
    assert db.exec(select(ExclusionEntry.nik)).all() == [NEW]
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "list.apply")).all()
    assert entry.actor_user_id is not None
    assert list((tmp_path / "lists").iterdir()) == []


async def test_a_file_that_is_not_csv_is_refused_next_to_the_field(states, db, now, tmp_path):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    await ListsState.upload_file.fn(page, _file(b"\x89PNG\r\n", "foto.png"))
    assert page.errors["file"].startswith("Unggah berkas CSV (.csv)")
    ListsState.choose_kind.fn(page, "priority")
    await ListsState.upload_file.fn(page, _file(FILE))
    assert page.errors["file"] == 'Baris pertama berkas harus berisi judul kolom "nik,source".'
    db.commit()
    assert db.exec(select(ListUpload)).all() == []
    assert list((tmp_path / "lists").iterdir()) == []


async def test_an_auditor_looks_but_cannot_upload_or_apply(states, db, now, tmp_path):
    verifier = await _page(states, db, now, AdminRole.VERIFIER)
    await ListsState.upload_file.fn(verifier, _file(FILE))
    _work("check_list")
    page = await _page(states, db, now, AdminRole.AUDITOR)
    assert (page.allowed, page.can_act, page.upload.ready) == (True, False, True)
    await ListsState.upload_file.fn(page, _file(FILE))
    assert page.message == "Anda tidak berhak membuka halaman ini."
    ListsState.ask.fn(page, "apply")
    await ListsState.confirm.fn(page)
    assert page.message == "Anda tidak berhak membuka halaman ini."
    assert list(huey.pending()) == []
    db.commit()
    assert [u.status for u in db.exec(select(ListUpload)).all()] == ["checked"]


async def test_forged_arguments_change_nothing(states, db, now):
    page = await _page(states, db, now, AdminRole.VERIFIER)
    ListsState.choose_kind.fn(page, "ministry")
    assert page.kind == "exclusion"
    await ListsState.show_change.fn(page, "everything")
    assert page.change == "added"
    await ListsState.go_page.fn(page, "2")
    ListsState.ask.fn(page, "drop_table")
    assert page.confirm_action == ""
    await ListsState.upload_file.fn(page, [])
    assert page.errors["file"] == "Pilih satu berkas CSV."
