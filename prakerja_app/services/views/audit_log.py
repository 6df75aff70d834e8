"""The audit log page's read model: entries as the page shows them, and the chain check
as a sentence."""

from dataclasses import dataclass

from sqlmodel import Session

from prakerja_app.services.core import audit
from prakerja_app.services.core.audit import ChainCheck, ChainProblem
from prakerja_app.services.core.audit_queries import PAGE_SIZE, AuditEntry, AuditFilters, entries
from prakerja_app.services.core.formatting import number, wib_datetime
from prakerja_app.services.core.masking import mask_name
from prakerja_app.services.core.vocab import Role


@dataclass
class AuditRow:
    """One line of the log, as strings."""

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditPage:
    """A page of rows, newest first, and where the next (older) page starts."""

    rows: list[AuditRow]
    older_than: int | None  # None: this is the last page


def _actor(entry: AuditEntry) -> str:
    """An admin by name and email; an applicant masked; the system when nobody."""
    if entry.actor_email is None:
        return "Sistem"
    if entry.actor_role == Role.ADMIN:
        return f"{entry.actor_name} <{entry.actor_email}>"
    local, _, domain = entry.actor_email.partition("@")
    return f"{mask_name(entry.actor_name or '')} <{local[:2]}***@{domain}>"


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        seq=entry.seq,
        at=wib_datetime(entry.created_at),
        actor=_actor(entry),
        action=entry.action,
        entity=entry.entity,
        entity_id=entry.entity_id or "",
        before=entry.before_json or "",
        after=entry.after_json or "",
    )


def audit_page(db: Session, filters: AuditFilters, older_than: int | None = None) -> AuditPage:
    """One page of the log under the filters, older than entry `older_than`."""
    found = entries(db, filters, older_than)
    rows = [_row(entry) for entry in found[:PAGE_SIZE]]
    return AuditPage(rows, rows[-1].seq if len(found) > PAGE_SIZE else None)


_PROBLEMS = {
    ChainProblem.CHANGED: "isinya tidak cocok lagi dengan hash-nya (diubah)",
    ChainProblem.UNLINKED: "tidak menyimpan hash entri sebelumnya",
    ChainProblem.MISSING: "hilang (dihapus)",
}


def chain_sentence(check: ChainCheck) -> str:
    """What the chain check found, for the page."""
    if check.intact:
        return f"Rantai utuh: {number(check.checked)} entri diperiksa."
    problem = _PROBLEMS[check.problem] if check.problem else ""
    return (
        f"Rantai terputus di entri nomor {number(check.broken_seq or 0)}: entri itu {problem}."
        f" {number(check.checked)} entri sebelumnya utuh."
    )


def check_chain(db: Session) -> tuple[bool, str]:
    """Verify the whole chain (seconds for a million entries): whether it is intact, and
    what was found."""
    check = audit.verify_chain(db)
    return check.intact, chain_sentence(check)
