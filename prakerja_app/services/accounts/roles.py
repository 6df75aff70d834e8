"""What each admin role may do, area by area of the program office's console.

An admin holds one or more `AdminRole`s (`AdminGrant` rows). Each console area names
the roles that may change things there; the auditor reads every area and changes none.
Every admin handler asks `require_reader` or `require_actor` first, with the user the
server-side session names (`sessions.user_of_digest`), never what the page claims.
"""

from enum import StrEnum
from typing import TYPE_CHECKING

from prakerja_app.services.core.errors import AccessDenied, CoreError
from prakerja_app.services.core.vocab import AdminRole, Role

if TYPE_CHECKING:
    from prakerja_app.services.accounts.sessions import CurrentUser


class Area(StrEnum):
    """A part of the console, with its own page or pages."""

    ACCOUNTS = "accounts"
    WAVES = "waves"
    CATALOGUE = "catalogue"
    JOBS = "jobs"
    APPLICANTS = "applicants"
    VERIFICATION = "verification"
    MESSAGES = "messages"
    PAYMENTS = "payments"
    AUDIT = "audit"
    REPORTS = "reports"


_FINANCE = frozenset({AdminRole.FINANCE_MAKER, AdminRole.FINANCE_CHECKER})

# Who may change things in each area (the auditor is added to every area's readers).
ACTORS: dict[Area, frozenset[AdminRole]] = {
    Area.ACCOUNTS: frozenset({AdminRole.SUPER_ADMIN}),
    Area.WAVES: frozenset({AdminRole.OPERATOR}),
    Area.CATALOGUE: frozenset({AdminRole.OPERATOR}),
    Area.JOBS: frozenset({AdminRole.OPERATOR}),
    Area.APPLICANTS: frozenset({AdminRole.VERIFIER}),
    Area.VERIFICATION: frozenset({AdminRole.VERIFIER}),
    Area.MESSAGES: frozenset({AdminRole.OPERATOR}),
    Area.PAYMENTS: _FINANCE,
    Area.AUDIT: frozenset(),
    Area.REPORTS: frozenset(),
}

# Who may look: the actors, the auditor, and for the audit log the super admin too;
# reports are for every admin.
READERS: dict[Area, frozenset[AdminRole]] = {
    area: actors | {AdminRole.AUDITOR} for area, actors in ACTORS.items()
} | {
    Area.AUDIT: frozenset({AdminRole.AUDITOR, AdminRole.SUPER_ADMIN}),
    Area.REPORTS: frozenset(AdminRole),
}


def parse_roles(values: object) -> frozenset[AdminRole]:
    """The admin roles named by a list of role values; anything else is ignored."""
    if not isinstance(values, list | tuple | set | frozenset):
        return frozenset()
    known = {role.value for role in AdminRole}
    return frozenset(
        AdminRole(value) for value in values if isinstance(value, str) and value in known
    )


def can_read(roles: frozenset[str], area: Area) -> bool:
    """Whether someone with these roles may see the area."""
    return bool(roles & READERS[area])


def can_act(roles: frozenset[str], area: Area) -> bool:
    """Whether someone with these roles may change things in the area."""
    return bool(roles & ACTORS[area])


def _require(user: "CurrentUser | None", allowed: frozenset[AdminRole]) -> "CurrentUser":
    if user is None:
        raise AccessDenied(CoreError.LOGIN_REQUIRED)
    if user.role != Role.ADMIN or not user.roles & allowed:
        raise AccessDenied()
    return user


def require_reader(user: "CurrentUser | None", area: Area) -> "CurrentUser":
    """The user (a `sessions.CurrentUser`) when they may see the area; else AccessDenied
    (``login_required`` for nobody)."""
    return _require(user, READERS[area])


def require_actor(user: "CurrentUser | None", area: Area) -> "CurrentUser":
    """The user when they may change things in the area; else AccessDenied."""
    return _require(user, ACTORS[area])


def require_role(user: "CurrentUser | None", role: AdminRole) -> "CurrentUser":
    """The user when they hold `role` itself (a payment run's maker or checker, where
    the area's other roles may not do it); else AccessDenied."""
    return _require(user, frozenset({role}))
