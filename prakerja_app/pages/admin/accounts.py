"""The admin accounts page (/admin/akun): invite admins, change their roles, deactivate
them, reset a lost authenticator. Super admins act; auditors read."""

import reflex as rx

from prakerja_app import routes
from prakerja_app.components.admin import admin_frame, refusal
from prakerja_app.components.forms import field_error, step_form, submit_button, text_field
from prakerja_app.services.accounts import admins
from prakerja_app.services.accounts.roles import Area
from prakerja_app.services.core.labels import ADMIN_ROLE_LABELS
from prakerja_app.services.core.vocab import AdminRole
from prakerja_app.services.views.admin_accounts import AdminRow, admin_accounts
from prakerja_app.state.admin import AdminPage
from prakerja_app.state.forms import form_text, query, small_number

ROLE_CHOICES = [(role.value, ADMIN_ROLE_LABELS[role]) for role in AdminRole]


def _chosen_roles(form: dict) -> list[str]:
    fields = form_text(form)
    return [role.value for role in AdminRole if fields.get(f"role_{role.value}") == "on"]


class AccountsState(AdminPage, rx.State):
    """The list of admins, and the one being managed."""

    rows: list[AdminRow] = []
    chosen_id: int = 0
    invites_sent: int = 0  # the invitation form starts empty again after each

    async def _reload(self) -> None:
        self.rows = await query(admin_accounts)

    @rx.event
    async def load(self):
        """Check the role, then list the admins."""
        self.rows, self.chosen_id = [], 0
        if await self._enter(Area.ACCOUNTS) is None:
            return await self._away()
        await self._reload()
        return None

    @rx.var
    def chosen(self) -> AdminRow:
        """The admin being managed (an empty row when none)."""
        empty = AdminRow(0, "", "", [], "", "", "", "", "")
        return next((row for row in self.rows if row.id == self.chosen_id), empty)

    @rx.event
    async def choose(self, user_id: str):
        """Open one admin's management card (a read: the actions check again)."""
        if await self._may_read(Area.ACCOUNTS) is None:
            self.chosen_id = 0
            return
        chosen = small_number(user_id) if isinstance(user_id, str) else None
        self.chosen_id = chosen if any(row.id == chosen for row in self.rows) else 0

    async def _then_reload(self, ok: bool, notice: str) -> None:
        if ok:
            self.notice = notice
            await self._reload()

    @rx.event
    async def invite(self, form: dict):
        """Invite an admin by email with the chosen roles."""
        fields = form_text(form, limit=300)
        ok, _ = await self._act(
            Area.ACCOUNTS,
            admins.invite,
            email=fields.get("email", ""),
            full_name=fields.get("full_name", ""),
            roles=_chosen_roles(form),
        )
        await self._then_reload(ok, f"Undangan dikirim ke {fields.get('email', '').strip()}.")
        self.invites_sent += 1 if ok else 0

    @rx.event
    async def save_roles(self, form: dict):
        """Give the chosen admin exactly the ticked roles."""
        ok, _ = await self._act(
            Area.ACCOUNTS, admins.set_roles, user_id=self.chosen_id, roles=_chosen_roles(form)
        )
        await self._then_reload(ok, "Peran disimpan; berlaku mulai tindakan berikutnya.")

    @rx.event
    async def set_active(self, active: bool):
        """Deactivate the chosen admin (their sessions end now) or reactivate them."""
        active = active is True
        ok, _ = await self._act(
            Area.ACCOUNTS, admins.set_active, user_id=self.chosen_id, active=active
        )
        await self._then_reload(ok, "Akun diaktifkan." if active else "Akun dinonaktifkan.")

    @rx.event
    async def reset_second_factor(self):
        """Forget the chosen admin's authenticator (a lost phone)."""
        ok, _ = await self._act(Area.ACCOUNTS, admins.reset_second_factor, user_id=self.chosen_id)
        await self._then_reload(
            ok, "Autentikator direset; admin ini memasangnya lagi saat masuk berikutnya."
        )

    @rx.event
    async def resend_invitation(self):
        """Send the chosen, not yet accepted, admin a new invitation link."""
        ok, _ = await self._act(Area.ACCOUNTS, admins.resend_invitation, user_id=self.chosen_id)
        await self._then_reload(ok, "Undangan baru dikirim.")


def _role_boxes(checked: rx.Var | None = None) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Peran", font_weight="500"),
        rx.flex(
            *[
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        name=f"role_{value}",
                        default_checked=checked.contains(value) if checked is not None else False,
                    ),
                    rx.text(label, size="2"),
                    display="flex",
                    gap="6px",
                    align_items="center",
                )
                for value, label in ROLE_CHOICES
            ],
            wrap="wrap",
            gap="4",
        ),
        field_error("roles", AccountsState.errors),
        border="none",
        padding="0",
    )


def _invite_form() -> rx.Component:
    errors = AccountsState.errors
    return rx.card(
        step_form(
            "Undang admin",
            text_field("Nama lengkap", "full_name", errors),
            text_field("Email", "email", errors, kind="email"),
            _role_boxes(),
            message=rx.Var.create(""),
            submit=submit_button("Kirim undangan"),
            on_submit=AccountsState.invite,
        ),
        key=AccountsState.invites_sent.to_string(),
        width="100%",
        max_width="560px",
    )


def _confirmed(label: str, question: str, on_confirm, color: str = "red") -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(label, variant="outline", color_scheme=color)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(label),
            rx.alert_dialog.description(question),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Batal", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(label, color_scheme=color, on_click=on_confirm)),
                gap="3",
                justify="end",
                margin_top="16px",
            ),
        ),
    )


def _manage(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(row.full_name, size="4", as_="h2"),
            rx.text(row.email, " · ", row.status_label, " · autentikator: ", row.second_factor),
            rx.form(
                rx.vstack(
                    _role_boxes(row.roles),
                    rx.button("Simpan peran", type="submit"),
                    spacing="3",
                ),
                on_submit=AccountsState.save_roles,
                key=row.id,
            ),
            rx.flex(
                rx.cond(
                    row.status == "inactive",
                    _confirmed(
                        "Aktifkan",
                        "Admin ini dapat masuk lagi dengan perannya.",
                        AccountsState.set_active(True),
                        "green",
                    ),
                    _confirmed(
                        "Nonaktifkan",
                        "Semua sesi admin ini berakhir sekarang dan ia tidak dapat masuk lagi.",
                        AccountsState.set_active(False),
                    ),
                ),
                _confirmed(
                    "Reset autentikator",
                    "Kode autentikator dan kode pemulihan admin ini tidak berlaku lagi; sesinya"
                    " berakhir dan ia memasang autentikator baru saat masuk berikutnya.",
                    AccountsState.reset_second_factor,
                ),
                rx.cond(
                    row.status == "invited",
                    rx.button(
                        "Kirim ulang undangan",
                        variant="outline",
                        on_click=AccountsState.resend_invitation,
                    ),
                ),
                gap="3",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _table() -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(title)
                    for title in (
                        "Nama",
                        "Email",
                        "Peran",
                        "Status",
                        "Autentikator",
                        "Terakhir masuk",
                        "",
                    )
                ]
            )
        ),
        rx.table.body(
            rx.foreach(
                AccountsState.rows,
                lambda row: rx.table.row(
                    rx.table.row_header_cell(row.full_name),
                    rx.table.cell(row.email),
                    rx.table.cell(row.role_labels),
                    rx.table.cell(row.status_label),
                    rx.table.cell(row.second_factor),
                    rx.table.cell(row.last_login),
                    rx.table.cell(
                        rx.cond(
                            AccountsState.can_act,
                            rx.button(
                                "Kelola",
                                size="1",
                                variant="soft",
                                on_click=AccountsState.choose(row.id.to_string()),
                                aria_label="Kelola " + row.full_name,
                            ),
                        )
                    ),
                ),
            )
        ),
        width="100%",
        variant="surface",
    )


@rx.page(
    route=routes.ADMIN_ACCOUNTS, title="Akun admin - Kartu Prakerja", on_load=AccountsState.load
)
def accounts() -> rx.Component:
    """The admin accounts page."""
    return admin_frame(
        AccountsState,
        "Akun admin",
        refusal(AccountsState),
        rx.box(_table(), overflow_x="auto", width="100%"),
        rx.cond(
            AccountsState.can_act,
            rx.vstack(
                rx.cond(AccountsState.chosen_id != 0, _manage(AccountsState.chosen)),
                _invite_form(),
                spacing="4",
                width="100%",
            ),
        ),
    )
