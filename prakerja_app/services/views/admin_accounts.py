"""The admin accounts page's read model: each admin with roles, status and second factor."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from prakerja_app.models import AdminGrant, User
from prakerja_app.services.core.formatting import wib_datetime
from prakerja_app.services.core.labels import ADMIN_ROLE_LABELS
from prakerja_app.services.core.vocab import AdminRole, Role


@dataclass
class AdminRow:
    """One admin as the list shows them."""

    id: int
    full_name: str
    email: str
    roles: list[str]  # role values, in the order of `AdminRole`
    role_labels: str
    status: str  # "invited", "active" or "inactive"
    status_label: str
    second_factor: str
    last_login: str


_STATUS_LABELS = {"invited": "Diundang", "active": "Aktif", "inactive": "Nonaktif"}


def _status(user: User) -> str:
    if not user.is_active:
        return "inactive"
    return "active" if user.email_verified_at else "invited"


def admin_accounts(db: Session) -> list[AdminRow]:
    """Every admin account, by name."""
    admins = db.exec(
        select(User).where(User.role == Role.ADMIN).order_by(col(User.full_name))
    ).all()
    grants: dict[int, set[str]] = {}
    for user_id, role in db.exec(select(AdminGrant.user_id, AdminGrant.role)):
        grants.setdefault(user_id, set()).add(role)
    rows = []
    for user in admins:
        held = [role.value for role in AdminRole if role in grants.get(user.id or 0, set())]
        status = _status(user)
        rows.append(
            AdminRow(
                id=user.id or 0,
                full_name=user.full_name,
                email=user.email,
                roles=held,
                role_labels=", ".join(ADMIN_ROLE_LABELS[role] for role in held) or "-",
                status=status,
                status_label=_STATUS_LABELS[status],
                second_factor="Terpasang" if user.totp_enrolled_at else "Belum",
                last_login=wib_datetime(user.last_login_at) if user.last_login_at else "-",
            )
        )
    return rows
