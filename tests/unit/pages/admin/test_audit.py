"""The audit log page's handlers, called as a browser could: auditors and super admins
read and check the chain; everyone else is refused and sees nothing."""

import pytest

from prakerja_app.pages.admin.audit import AuditState
from prakerja_app.services.core import audit
from prakerja_app.services.core.audit_queries import PAGE_SIZE
from prakerja_app.services.core.vocab import AdminRole, Role
from tests import factories

pytestmark = pytest.mark.anyio


async def _page(states, db, now, *roles: AdminRole, role: Role = Role.ADMIN) -> AuditState:
    made = (
        factories.admin(db, now, *roles, email="auditor@prakerja.go.id")
        if role == Role.ADMIN
        else factories.user(db, now, role=role)
    )
    states.connect(factories.session_token(db, made))
    audit_page = states(AuditState)
    await AuditState.load.fn(audit_page)
    return audit_page


def _entries(db, count: int, action: str = "wave.open", entity: str = "wave") -> None:
    for i in range(count):
        audit.record(db, actor_id=None, action=action, entity=entity, entity_id=i, after={"i": i})
    db.commit()


async def test_nobody_signed_in_is_sent_to_login(states):
    audit_page = states(AuditState)
    assert await AuditState.load.fn(audit_page) is not None


@pytest.mark.parametrize("roles", [(AdminRole.OPERATOR,), (AdminRole.FINANCE_CHECKER,)])
async def test_other_admins_and_applicants_see_nothing(states, db, now, roles):
    _entries(db, 2)
    audit_page = await _page(states, db, now, *roles)
    assert (audit_page.allowed, audit_page.rows) == (False, [])
    await AuditState.apply.fn(audit_page, {})
    assert audit_page.rows == []
    applicant_page = await _page(states, db, now, role=Role.APPLICANT)
    assert (applicant_page.allowed, applicant_page.rows) == (False, [])


@pytest.mark.parametrize("role", [AdminRole.AUDITOR, AdminRole.SUPER_ADMIN])
async def test_auditors_and_super_admins_read_newest_first(states, db, now, role):
    _entries(db, 3)
    audit_page = await _page(states, db, now, role)
    assert audit_page.allowed and not audit_page.can_act
    seqs = [row.seq for row in audit_page.rows]
    assert seqs == sorted(seqs, reverse=True)
    assert audit_page.rows[-1].actor == "Sistem"
    assert audit_page.rows[-1].after == '{"i": 0}'
    assert audit_page.rows[-1].at.endswith("WIB")


async def test_filters_are_checked_on_the_server(states, db, now):
    audit_page = await _page(states, db, now, AdminRole.AUDITOR)
    form = {"actor": "bukan-email", "entity": "Wave;--", "since": "2020-13-01", "until": ""}
    await AuditState.apply.fn(audit_page, form)
    assert audit_page.errors == {
        "actor": "Tulis alamat email lengkap, misalnya nama@contoh.id.",
        "entity": "Gunakan huruf kecil, titik atau garis bawah saja, misalnya wave atau wave.open.",
        "since": "Tanggal tidak valid.",
    }
    await AuditState.apply.fn(audit_page, {"since": "2020-09-05", "until": "2020-09-04"})
    assert audit_page.errors == {"until": "Tanggal akhir tidak boleh sebelum tanggal awal."}
    await AuditState.apply.fn(audit_page, "forged")  # not a form: no filters
    assert audit_page.errors == {}


async def test_filtering_by_actor_entity_action_and_dates(states, db, now):
    _entries(db, 2, action="purchase.buy", entity="purchase")
    _entries(db, 1, action="wave.close")
    audit_page = await _page(states, db, now, AdminRole.AUDITOR)
    await AuditState.apply.fn(audit_page, {"entity": "purchase"})
    assert {row.action for row in audit_page.rows} == {"purchase.buy"}
    await AuditState.apply.fn(audit_page, {"action": "wave."})
    assert [row.action for row in audit_page.rows] == ["wave.close"]
    await AuditState.apply.fn(audit_page, {"actor": "Auditor@Prakerja.go.id"})
    assert audit_page.rows == []  # the auditor did nothing audited (a session login only)
    await AuditState.apply.fn(audit_page, {"since": "2000-01-01", "until": "2000-01-02"})
    assert audit_page.rows == []


async def test_older_pages(states, db, now):
    _entries(db, PAGE_SIZE + 3)
    audit_page = await _page(states, db, now, AdminRole.AUDITOR)
    assert len(audit_page.rows) == PAGE_SIZE and audit_page.older_than
    await AuditState.older.fn(audit_page)
    assert [row.seq for row in audit_page.rows][-1] == 1 and audit_page.older_than == 0
    await AuditState.newest.fn(audit_page)
    assert len(audit_page.rows) == PAGE_SIZE and not audit_page.paged


async def test_checking_the_chain_names_the_first_broken_row(states, db, now, engine):
    _entries(db, 4)
    audit_page = await _page(states, db, now, AdminRole.AUDITOR)
    await states.send(AuditState.get_full_name() + ".verify", {})
    assert audit_page.chain_intact and audit_page.chain_result.startswith("Rantai utuh: ")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql("UPDATE auditlog SET after_json = '{}' WHERE seq = 2")
    await states.send(AuditState.get_full_name() + ".verify", {})
    assert not audit_page.chain_intact
    assert audit_page.chain_result.startswith("Rantai terputus di entri nomor 2: ")


async def test_applicants_cannot_run_the_check(states, db, now):
    audit_page = await _page(states, db, now, role=Role.APPLICANT)
    await states.send(AuditState.get_full_name() + ".verify", {})
    assert audit_page.chain_result == ""
