"""A list upload from receipt to its dry run's diff, then applied or discarded; the
system's own blacklist entries survive every upload."""

import pytest
from sqlmodel import select

from prakerja_app.models import AuditLog, ExclusionEntry, ListUpload, ListUploadLine, PriorityEntry
from prakerja_app.services.core.vocab import AdminRole, ListKind, ListLineProblem, ListUploadStatus
from prakerja_app.services.lists import diff, storage, uploads
from prakerja_app.services.lists.diff import Change
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.selection.deadlines import BLACKLIST_SOURCE
from tests import factories

KEPT = "3171010101800001"
DROPPED = "3273011202850002"
NEW = "3578015503900003"
BLACKLISTED = "3174051203900004"


@pytest.fixture
def listed(db):
    db.add_all(
        [
            ExclusionEntry(nik=KEPT, reason="asn", source="Daftar ASN (BKN)"),
            ExclusionEntry(nik=DROPPED, reason="tni", source="Daftar anggota TNI"),
            ExclusionEntry(nik=BLACKLISTED, reason="blacklist", source=BLACKLIST_SOURCE),
        ]
    )
    db.commit()


@pytest.fixture
def admin(db, now):
    return factories.admin(db, now, AdminRole.VERIFIER)


def _receive(db, now, admin, key, kind="exclusion", filename="daftar.csv") -> int:
    return uploads.receive(db, now=now, actor_id=admin.id, kind=kind, filename=filename, key=key)


def _checked(db, now, admin, stored, text, kind="exclusion") -> ListUpload:
    upload_id = _receive(db, now, admin, stored(text), kind)
    assert uploads.check(db, upload_id, now) is True
    return db.get(ListUpload, upload_id, populate_existing=True)


FILE = f"nik,reason\n{KEPT},asn\n{NEW},polri\n{NEW},polri\n123,asn\n"


def test_the_dry_run_shows_the_diff_with_line_numbers(db, now, admin, stored, listed):
    upload = _checked(db, now, admin, stored, FILE)
    assert upload.status == ListUploadStatus.CHECKED
    assert (upload.lines, upload.added, upload.removed, upload.unchanged, upload.invalid) == (
        4,
        1,
        1,
        1,
        2,
    )
    page = lambda change: diff.page_of(db, upload.id, ListKind.EXCLUSION, change).lines  # noqa: E731
    assert [(x.line_no, x.nik) for x in page(Change.ADDED)] == [(3, NEW)]
    assert [(x.line_no, x.nik, x.value) for x in page(Change.REMOVED)] == [(None, DROPPED, "tni")]
    assert [x.line_no for x in page(Change.UNCHANGED)] == [2]
    assert [(x.line_no, x.problem) for x in page(Change.INVALID)] == [
        (4, ListLineProblem.DUPLICATE),
        (5, ListLineProblem.NIK),
    ]
    assert sorted(db.exec(select(ExclusionEntry.nik)).all()) == sorted([KEPT, DROPPED, BLACKLISTED])


def test_applying_replaces_the_list_but_keeps_the_blacklist(db, now, admin, stored, listed):
    upload = _checked(db, now, admin, stored, FILE)
    key = upload.file_key
    assert uploads.request_apply(db, now=now, actor_id=admin.id, upload_id=upload.id)
    assert uploads.apply(db, upload.id, actor_id=admin.id, now=now) is True
    entries = db.exec(select(ExclusionEntry.nik, ExclusionEntry.reason)).all()
    assert sorted(entries) == sorted([(KEPT, "asn"), (NEW, "polri"), (BLACKLISTED, "blacklist")])
    done = db.get(ListUpload, upload.id, populate_existing=True)
    assert (done.status, done.added, done.removed) == (ListUploadStatus.APPLIED, 1, 1)
    assert not storage.path_of(key).exists()
    assert db.exec(select(ListUploadLine)).all() == []
    [entry] = db.exec(select(AuditLog).where(AuditLog.action == "list.apply")).all()
    assert '"added":1' in entry.after_json.replace(" ", "")
    assert entry.actor_user_id == admin.id
    assert uploads.apply(db, upload.id, actor_id=admin.id, now=now) is False  # once only


def test_an_application_cut_short_is_resumed_and_a_late_rerun_changes_nothing(
    db, now, admin, stored, listed, monkeypatch
):
    same = f"nik,reason\n{KEPT},asn\n{DROPPED},tni\n"  # the list as it is: no change
    upload = _checked(db, now, admin, stored, same)
    uploads.request_apply(db, now=now, actor_id=admin.id, upload_id=upload.id)
    assert uploads.resumable(db) == [(upload.id, admin.id)]  # as after a worker's kill -9
    seen_while_applying = ListUpload.model_validate(
        db.get(ListUpload, upload.id, populate_existing=True)
    )

    assert uploads.apply(db, upload.id, actor_id=admin.id, now=now) is True
    assert uploads.resumable(db) == []
    # A second run of the task that read the upload before the first one committed:
    # under the lock it finds the upload applied, and the list is kept as it is.
    monkeypatch.setattr(uploads, "_get", lambda db, upload_id: seen_while_applying)
    assert uploads.apply(db, upload.id, actor_id=admin.id, now=now) is False
    assert sorted(db.exec(select(ExclusionEntry.nik)).all()) == sorted([KEPT, DROPPED, BLACKLISTED])


def test_a_list_changed_since_the_dry_run_is_not_applied(db, now, admin, stored, listed):
    upload = _checked(db, now, admin, stored, FILE)
    db.add(ExclusionEntry(nik=NEW, reason="dprd", source="lain"))
    db.commit()
    refused = factories.raised(
        uploads.request_apply, db, now=now, actor_id=admin.id, upload_id=upload.id
    )
    assert refused.code == ListError.CHANGED


def test_a_change_between_request_and_job_sends_it_back(db, now, admin, stored, listed):
    upload = _checked(db, now, admin, stored, FILE)
    uploads.request_apply(db, now=now, actor_id=admin.id, upload_id=upload.id)
    db.delete(db.exec(select(ExclusionEntry).where(ExclusionEntry.nik == DROPPED)).one())
    db.commit()
    assert uploads.apply(db, upload.id, actor_id=admin.id, now=now) is False
    back = db.get(ListUpload, upload.id, populate_existing=True)
    assert (back.status, back.error) == (ListUploadStatus.CHECKED, ListError.CHANGED)


def test_the_priority_list_is_replaced_by_source(db, now, admin, stored):
    db.add(PriorityEntry(nik=DROPPED, source="kemnaker"))
    db.commit()
    text = f"nik,source\n{KEPT},kemnaker\n{KEPT},bpjstk\n"
    upload = _checked(db, now, admin, stored, text, kind="priority")
    assert (upload.added, upload.removed) == (2, 1)
    uploads.request_apply(db, now=now, actor_id=admin.id, upload_id=upload.id)
    uploads.apply(db, upload.id, actor_id=admin.id, now=now)
    listed = db.exec(select(PriorityEntry.nik, PriorityEntry.source)).all()
    assert sorted(listed) == [(KEPT, "bpjstk"), (KEPT, "kemnaker")]


def test_discarding_drops_the_file_and_the_lines(db, now, admin, stored, listed):
    upload = _checked(db, now, admin, stored, FILE)
    uploads.discard(db, now=now, actor_id=admin.id, upload_id=upload.id)
    assert db.get(ListUpload, upload.id, populate_existing=True).status == "discarded"
    assert not storage.path_of(upload.file_key).exists()
    assert db.exec(select(ListUploadLine)).all() == []
    assert uploads.check(db, upload.id, now) is False
    refused = factories.raised(
        uploads.request_apply, db, now=now, actor_id=admin.id, upload_id=upload.id
    )
    assert refused.code == ListError.NOT_CHECKED


@pytest.mark.parametrize(
    ("text", "filename", "kind", "code"),
    [
        (FILE, "daftar.xlsx", "exclusion", ListError.NOT_CSV),
        (b"nik,reason\n\xff\xfe,asn\n", "daftar.csv", "exclusion", ListError.NOT_CSV),
        ("nik,source\n", "daftar.csv", "priority", ListError.EMPTY),
        (FILE, "daftar.csv", "priority", ListError.HEADER),
        (FILE, "daftar.csv", "ministry", ListError.KIND_UNKNOWN),
    ],
)
def test_a_bad_file_is_refused_and_deleted(db, now, admin, stored, text, filename, kind, code):
    key = stored(text)
    refused = factories.refused(
        db, uploads.receive, now=now, actor_id=admin.id, kind=kind, filename=filename, key=key
    )
    assert refused.code == code
    assert not storage.path_of(key).exists()


def test_one_upload_at_a_time(db, now, admin, stored):
    _receive(db, now, admin, stored(FILE))
    refused = factories.raised(_receive, db, now, admin, stored(FILE))
    assert refused.code == ListError.BUSY


def test_a_file_that_breaks_off_fails_the_upload(db, now, admin, stored):
    good = b"3171010101800001,asn\n" * 5000  # past what the first look reads
    upload_id = _receive(db, now, admin, stored(b"nik,reason\n" + good + b"\xff\n"))
    assert uploads.check(db, upload_id, now) is False
    failed = db.get(ListUpload, upload_id, populate_existing=True)
    assert (failed.status, failed.error) == (ListUploadStatus.FAILED, ListError.NOT_CSV)
