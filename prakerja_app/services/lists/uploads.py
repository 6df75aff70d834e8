"""An upload's life: received and stored, its dry run (`check`), then applied or
discarded. `check` and `apply` run in the job workers (`jobs.tasks`); the others are
the page's, and commit.

At most one upload is unfinished (queued, checking, checked or applying) at a time, so
the page shows one diff and two applications never race for the lists.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from prakerja_app.models import AuditLog, ListUpload, id_of
from prakerja_app.services.core import audit
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.sql import text_literal, time_literal
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.core.vocab import ListKind, ListUploadStatus
from prakerja_app.services.lists import diff, lines, staging, storage
from prakerja_app.services.lists.errors import ListError
from prakerja_app.services.lists.tables import lines as staged
from prakerja_app.services.lists.tables import list_table, valid_lines

UNFINISHED = (
    ListUploadStatus.QUEUED,
    ListUploadStatus.CHECKING,
    ListUploadStatus.CHECKED,
    ListUploadStatus.APPLYING,
)
DISCARDABLE = (ListUploadStatus.QUEUED, ListUploadStatus.CHECKING, ListUploadStatus.CHECKED)
MAX_FILENAME = 120
UPLOAD_SOURCE = "Unggahan #{id}: {filename}"  # an uploaded exclusion entry's source


class Discarded(Exception):
    """The upload was discarded while its dry run read it."""


def receive(
    db: Session, *, now: datetime, actor_id: int, kind: str, filename: str, key: str
) -> int:
    """Take the stored file `key` as an upload of `kind`, and queue its dry run; commits.

    The file is deleted when refused.

    Returns:
        The upload's id, for the caller to queue `check` (`jobs.tasks.check_list`).

    Raises:
        DomainError: ``list_kind_unknown``; ``list_not_csv`` for another file than UTF-8
            CSV; ``list_too_large``; ``list_header``; ``list_empty``; ``list_busy`` while
            another upload is unfinished.
    """
    try:
        chosen = _kind(kind)
        size = _check_file(chosen, filename, key, now)
        if _unfinished(db) is not None:
            raise DomainError(ListError.BUSY, "file")
        with committing(db):
            upload = ListUpload(
                kind=chosen,
                status=ListUploadStatus.QUEUED,
                filename=filename[:MAX_FILENAME],
                file_key=key,
                uploaded_by=actor_id,
                created_at=now,
            )
            db.add(upload)
            db.flush()
            audit.record(
                db,
                actor_id=actor_id,
                action="list.upload",
                entity="list_upload",
                entity_id=upload.id,
                after={"kind": chosen, "filename": upload.filename, "bytes": size, "at": now},
            )
    except BaseException:
        storage.delete(key)
        raise
    return id_of(upload)


def _kind(kind: str) -> ListKind:
    try:
        return ListKind(kind)
    except ValueError:
        raise DomainError(ListError.KIND_UNKNOWN, "kind") from None


def check_name(filename: str) -> None:
    """Refuse a file whose name is not a CSV file's, before anything is stored.

    Raises:
        DomainError: ``list_not_csv``.
    """
    if not filename.lower().endswith(".csv"):
        raise DomainError(ListError.NOT_CSV, "file")


def _check_file(kind: ListKind, filename: str, key: str, now: datetime) -> int:
    """The file's size, once its name, size and first lines pass."""
    check_name(filename)
    size = storage.path_of(key).stat().st_size
    if size > storage.MAX_BYTES:
        raise DomainError(ListError.TOO_LARGE, "file", megabytes=storage.MAX_MEGABYTES)
    try:
        with storage.open_text(key) as text:
            first = next(lines.read(text, kind, now.date()), None)
    except UnicodeDecodeError:
        raise DomainError(ListError.NOT_CSV, "file") from None
    if first is None:
        raise DomainError(ListError.EMPTY, "file")
    return size


def _unfinished(db: Session) -> ListUpload | None:
    return db.exec(
        select(ListUpload).where(col(ListUpload.status).in_(UNFINISHED)).limit(1)
    ).first()


def _get(db: Session, upload_id: int) -> ListUpload:
    upload = db.get(ListUpload, upload_id, populate_existing=True)
    if upload is None:
        raise DomainError(ListError.UPLOAD_UNKNOWN)
    return upload


def _move(db: Session, upload_id: int, frm: tuple[str, ...], **values) -> bool:
    """Set the upload's columns if it is in one of the statuses `frm`; whether it was."""
    moved = db.exec(
        sa.update(ListUpload)
        .where(col(ListUpload.id) == upload_id, col(ListUpload.status).in_(frm))
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    return moved == 1


# --- the dry run -------------------------------------------------------------------------


def check(db: Session, upload_id: int, now: datetime) -> bool:
    """The dry run, in the job workers: stage every line, mark the duplicates, count the
    diff, and remember the list as it stood; commits after each batch (the progress).

    A task handed out twice runs once; an upload discarded meanwhile is left alone.
    A file that turns out unreadable fails the upload (`ListUpload.error`).

    Returns:
        Whether the diff is ready.
    """
    if not _move(db, upload_id, (ListUploadStatus.QUEUED,), status=ListUploadStatus.CHECKING):
        db.rollback()
        return False
    db.commit()
    upload = _get(db, upload_id)
    kind = ListKind(upload.kind)

    def progress(count: int) -> None:
        if not _move(db, upload_id, (ListUploadStatus.CHECKING,), lines=count):
            raise Discarded
        db.commit()

    try:
        staging.clear(db, upload_id)
        with storage.open_text(upload.file_key) as text:
            staging.load(db, upload_id, lines.read(text, kind, now.date()), progress)
        staging.mark_duplicates(db, upload_id)
        found = diff.counts(db, upload_id, kind)
        size, last = diff.fingerprint(db, kind)
        done = _move(
            db,
            upload_id,
            (ListUploadStatus.CHECKING,),
            status=ListUploadStatus.CHECKED,
            added=found.added,
            removed=found.removed,
            unchanged=found.unchanged,
            invalid=found.invalid,
            list_size=size,
            list_last_id=last,
        )
        if not done:
            raise Discarded
        db.commit()
    except Discarded:
        db.rollback()
        _drop(db, upload_id)
        return False
    except (DomainError, UnicodeDecodeError) as error:
        code = error.code if isinstance(error, DomainError) else ListError.NOT_CSV
        db.rollback()
        _fail(db, upload_id, str(code), now)
        return False
    return True


def _drop(db: Session, upload_id: int) -> None:
    """Delete what a discarded upload's dry run staged; commits."""
    with committing(db):
        staging.clear(db, upload_id)


def _fail(db: Session, upload_id: int, code: str, now: datetime) -> None:
    with committing(db):
        upload = _get(db, upload_id)
        staging.clear(db, upload_id)
        _move(
            db,
            upload_id,
            (ListUploadStatus.CHECKING, ListUploadStatus.APPLYING),
            status=ListUploadStatus.FAILED,
            error=code,
            finished_at=now,
        )
    storage.delete(upload.file_key)


def fail(db: Session, upload_id: int, now: datetime) -> None:
    """Give up an upload whose job broke off with an unexpected error; commits."""
    db.rollback()
    _fail(db, upload_id, "error", now)


# --- applying ----------------------------------------------------------------------------


def _current(db: Session, upload: ListUpload) -> bool:
    """Whether the list still stands as the upload's dry run saw it."""
    return diff.fingerprint(db, ListKind(upload.kind)) == (upload.list_size, upload.list_last_id)


def request_apply(db: Session, *, now: datetime, actor_id: int, upload_id: int) -> int:
    """Queue a checked upload's application; commits.

    Returns:
        The upload's id, for the caller to queue `apply` (`jobs.tasks.apply_list`).

    Raises:
        DomainError: ``list_upload_unknown``; ``list_not_checked`` unless its diff is
            ready; ``list_changed`` when the list changed since the dry run.
    """
    upload = _get(db, upload_id)
    if upload.status != ListUploadStatus.CHECKED:
        raise DomainError(ListError.NOT_CHECKED)
    if not _current(db, upload):
        raise DomainError(ListError.CHANGED)
    with committing(db):
        if not _move(
            db, upload_id, (ListUploadStatus.CHECKED,), status=ListUploadStatus.APPLYING, error=None
        ):
            raise DomainError(ListError.NOT_CHECKED)
        audit.record(
            db,
            actor_id=actor_id,
            action="list.apply_request",
            entity="list_upload",
            entity_id=upload_id,
            after={"kind": upload.kind, "at": now},
        )
    return upload_id


def _lock(db: Session, kind: ListKind) -> None:
    """Keep others from writing the list until this transaction ends (PostgreSQL)."""
    if db.get_bind().dialect.name == "postgresql":
        name = list_table(kind).table.name
        db.connection().execute(sa.text(f"LOCK TABLE {name} IN SHARE ROW EXCLUSIVE MODE"))


def apply(db: Session, upload_id: int, *, actor_id: int, now: datetime) -> bool:
    """Make the list the upload's valid lines, in one transaction, audited; commits.

    Refused (back to checked, with ``list_changed``) when the list changed since the
    dry run. A task handed out twice runs once.

    Returns:
        Whether the list was replaced.
    """
    upload = _get(db, upload_id)
    if upload.status != ListUploadStatus.APPLYING:
        return False
    kind = ListKind(upload.kind)
    with committing(db):
        _lock(db, kind)
        # Read again under the lock: a second run of the task (`resumable`) that waited
        # for the first one's lock must find the upload applied, not replace the list
        # with the lines the first one deleted.
        if _status(db, upload_id) != ListUploadStatus.APPLYING:
            return False
        if not _current(db, upload):
            _move(
                db,
                upload_id,
                (ListUploadStatus.APPLYING,),
                status=ListUploadStatus.CHECKED,
                error=ListError.CHANGED.value,
            )
            return False
        removed, added = _replace(db, upload, kind, now)
        staging.clear(db, upload_id)
        _move(
            db,
            upload_id,
            (ListUploadStatus.APPLYING,),
            status=ListUploadStatus.APPLIED,
            added=added,
            removed=removed,
            finished_at=now,
        )
        audit.record(
            db,
            actor_id=actor_id,
            action="list.apply",
            entity="list_upload",
            entity_id=upload_id,
            after={
                "kind": kind,
                "added": added,
                "removed": removed,
                "unchanged": upload.unchanged,
                "invalid": upload.invalid,
                "at": now,
            },
        )
    storage.delete(upload.file_key)
    return True


def _status(db: Session, upload_id: int) -> str:
    return db.exec(select(ListUpload.status).where(col(ListUpload.id) == upload_id)).one()


def resumable(db: Session) -> list[tuple[int, int]]:
    """The uploads whose application was asked for and has not ended, with the admin who
    asked: (upload id, actor id). A worker killed while applying leaves one here; its
    transaction was rolled back, so running `apply` again finishes it, and a run that
    overlaps one still going changes nothing (`apply` reads the status under the lock)."""
    found = db.exec(
        select(ListUpload.id, AuditLog.actor_user_id)
        .join(
            AuditLog,
            sa.and_(
                col(AuditLog.action) == "list.apply_request",
                col(AuditLog.entity) == "list_upload",
                col(AuditLog.entity_id) == sa.cast(col(ListUpload.id), sa.String),
            ),
        )
        .where(col(ListUpload.status) == ListUploadStatus.APPLYING)
        .order_by(col(AuditLog.seq))
    ).all()
    latest = {upload: actor for upload, actor in found if upload and actor}  # the last asker
    return sorted(latest.items())


def _replace(db: Session, upload: ListUpload, kind: ListKind, now: datetime) -> tuple[int, int]:
    """Delete the entries the file lacks and insert the ones it adds: (removed, added)."""
    upload_id = id_of(upload)
    listed = list_table(kind)
    removed = db.exec(sa.delete(listed.table).where(diff.removed(listed, upload_id))).rowcount
    new: list[sa.ColumnElement] = [staged.c.nik, staged.c.value]
    names = ["nik", listed.value.name]
    if kind == ListKind.EXCLUSION:
        source = UPLOAD_SOURCE.format(id=upload_id, filename=upload.filename)[:80]
        new.append(text_literal(source))
        names.append("source")
    db.exec(
        sa.insert(listed.table).from_select(
            [*names, "created_at"],
            sa.select(*new, time_literal(now)).where(
                valid_lines(upload_id), ~listed.holds(staged.c.nik, staged.c.value)
            ),
        )
    )
    size, _ = diff.fingerprint(db, kind)  # INSERT ... SELECT's row count is not reliable
    return removed, size - (upload.list_size or 0) + removed


def discard(db: Session, *, now: datetime, actor_id: int, upload_id: int) -> None:
    """Drop an unfinished upload with its file and staged lines, audited; commits.

    Raises:
        DomainError: ``list_upload_unknown``; ``list_not_checked`` once it is being
            applied or is finished.
    """
    upload = _get(db, upload_id)
    with committing(db):
        if not _move(
            db, upload_id, DISCARDABLE, status=ListUploadStatus.DISCARDED, finished_at=now
        ):
            raise DomainError(ListError.NOT_CHECKED)
        staging.clear(db, upload_id)
        audit.record(
            db,
            actor_id=actor_id,
            action="list.discard",
            entity="list_upload",
            entity_id=upload_id,
            after={"kind": upload.kind, "at": now},
        )
    storage.delete(upload.file_key)
