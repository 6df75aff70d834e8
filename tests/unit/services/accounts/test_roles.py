"""Who may see and change each area of the console."""

import pytest

from prakerja_app.services.accounts import roles
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.accounts.sessions import CurrentUser
from prakerja_app.services.core.errors import AccessDenied
from prakerja_app.services.core.vocab import AdminRole, Role


def _admin(*held: AdminRole) -> CurrentUser:
    return CurrentUser(1, "Admin", Role.ADMIN, frozenset(held))


def test_the_auditor_reads_every_area_and_changes_none():
    auditor = _admin(AdminRole.AUDITOR)
    for area in Area:
        assert roles.require_reader(auditor, area) is auditor
        with pytest.raises(AccessDenied):
            roles.require_actor(auditor, area)


@pytest.mark.parametrize(
    ("role", "acts_in"),
    [
        (AdminRole.SUPER_ADMIN, {Area.ACCOUNTS}),
        (AdminRole.OPERATOR, {Area.WAVES, Area.CATALOGUE, Area.JOBS, Area.MESSAGES}),
        (AdminRole.VERIFIER, {Area.APPLICANTS, Area.VERIFICATION}),
        (AdminRole.FINANCE_MAKER, {Area.PAYMENTS}),
        (AdminRole.FINANCE_CHECKER, {Area.PAYMENTS}),
    ],
)
def test_each_role_acts_only_in_its_own_areas(role, acts_in):
    assert {area for area in Area if roles.can_act(frozenset({role}), area)} == acts_in


def test_roles_add_up_for_someone_holding_several():
    both = _admin(AdminRole.OPERATOR, AdminRole.VERIFIER)
    assert roles.can_act(both.roles, Area.WAVES) and roles.can_act(both.roles, Area.APPLICANTS)


def test_the_audit_log_is_for_the_auditor_and_the_super_admin_only():
    readers = {role for role in AdminRole if roles.can_read(frozenset({role}), Area.AUDIT)}
    assert readers == {AdminRole.AUDITOR, AdminRole.SUPER_ADMIN}


@pytest.mark.parametrize(
    "user",
    [None, CurrentUser(2, "Budi", Role.APPLICANT, frozenset({AdminRole.SUPER_ADMIN})), _admin()],
    ids=["anonymous", "an applicant claiming a role", "an admin without roles"],
)
def test_others_are_refused_everywhere(user):
    for area in Area:
        with pytest.raises(AccessDenied):
            roles.require_reader(user, area)


@pytest.mark.parametrize("raw", [None, "operator", ["operator", "root", 5], {"a": 1}])
def test_only_known_role_values_are_taken(raw):
    assert roles.parse_roles(raw) <= {AdminRole.OPERATOR}


def test_a_role_of_its_own_is_asked_where_the_areas_actors_differ():
    maker = _admin(AdminRole.FINANCE_MAKER)
    assert roles.require_role(maker, AdminRole.FINANCE_MAKER) is maker
    with pytest.raises(AccessDenied):
        roles.require_role(maker, AdminRole.FINANCE_CHECKER)
    with pytest.raises(AccessDenied):
        roles.require_role(None, AdminRole.FINANCE_MAKER)
