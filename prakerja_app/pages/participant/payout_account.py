"""The dashboard's "Rekening pencairan insentif" card: the linked account, or the form that
links one (channel, number, "Kirim kode", then the SMS code and "Hubungkan"); changing
the account asks for the password again.

The state holds what the card shows (the number masked) and, in backend vars, the channel
and number the code was sent for. Every handler resolves the participant from the
server-side session (`ServiceForm._applicant_id`); the services check that the account
is theirs and everything else.
"""

import reflex as rx

from prakerja_app.components.forms import field_error, form_message, native_select, text_field
from prakerja_app.services.accounts.passwords import verify_password
from prakerja_app.services.core.errors import CoreError, DomainError
from prakerja_app.services.core.labels import PAYOUT_CHANNEL_LABELS
from prakerja_app.services.money import payout_accounts
from prakerja_app.services.money.partner.configured import InquiryPartner
from prakerja_app.services.money.partner.interface import PayoutChannel
from prakerja_app.services.views import messages
from prakerja_app.services.views import payout_account as payout_view
from prakerja_app.services.views.payout_account import PayoutCard
from prakerja_app.state import hashing
from prakerja_app.state.forms import ServiceForm, call, form_text, query

FORM = "form"  # the form is open (always, when no account is linked yet)
CODE_SENT = "code_sent"
LINKED = "Rekening berhasil dihubungkan. Insentif akan dibayarkan ke rekening ini."
NUMBER_HINT = (
    "BNI: 10 angka nomor rekening. E-wallet: nomor HP yang terdaftar di e-wallet, misalnya"
    " 0812 3456 7890. Rekening harus atas nama Anda sesuai KTP."
)


def _link_via_partner(db, **kwargs) -> payout_accounts.LinkedAccount:
    """`payout_accounts.link_account` with the configured partner's inquiry."""
    with InquiryPartner() as partner:
        return payout_accounts.link_account(db, partner=partner, **kwargs)


async def _password_verdict(user_id: int, password: str) -> bool | None:
    """Whether the typed password is the account's (None when none was typed), checked
    on the hashing threads as a login is."""
    if not password:
        return None
    async with hashing.turn():
        stored = await query(payout_accounts.password_hash_of, user_id)
        ok, _new_hash = await hashing.run(verify_password, password, stored)
    return ok


def _browser_form(form: dict, *names: str) -> bool:
    """Whether the named fields, where present, hold text, as these forms' text inputs
    and select send it: anything else is a forged call, refused before a service is asked
    (`form_text` would read it as empty, and an empty password means "none typed")."""
    return isinstance(form, dict) and all(isinstance(form.get(n, ""), str) for n in names)


def _pending_label(channel: str, typed: str) -> str:
    """The channel and last four digits the code was sent for, e.g. "OVO ****7890"."""
    try:
        parsed = PayoutChannel(channel)
        number = payout_accounts.normalize_number(parsed, typed)
    except (ValueError, DomainError):
        return ""
    return f"{PAYOUT_CHANNEL_LABELS[parsed]} {payout_accounts.mask_number(number)}"


class PayoutAccountState(ServiceForm, rx.State):
    """The participant's payout account card (owner only, from their session)."""

    card: PayoutCard | None = None
    phase: str = ""
    sent_to: str = ""  # the masked phone the code went to
    pending: str = ""  # "OVO ****7890": what the code links
    notice: str = ""
    _channel: str = ""
    _number: str = ""

    def _forget_pending(self) -> None:
        self.sent_to, self.pending, self._channel, self._number = "", "", "", ""

    @rx.event
    async def load(self):
        """Load the card of the logged-in participant (nothing for anyone else)."""
        self.card, self.phase, self.notice, self.errors, self.message = None, "", "", {}, ""
        self._forget_pending()
        try:
            user_id = await self._applicant_id()
        except DomainError:
            return
        self.card = await call(payout_view.payout_card, user_id=user_id)

    @rx.event
    def start_change(self):
        """Open the form to change the linked account."""
        if self.card is None:
            return
        self.phase, self.notice, self.errors, self.message = FORM, "", {}, ""
        self._forget_pending()

    @rx.event
    def cancel(self):
        """Close the form (or go back from the code to the number)."""
        self.phase = FORM if self.phase == CODE_SENT else ""
        self.errors, self.message = {}, ""
        self._forget_pending()

    @rx.event
    async def send_code(self, form: dict):
        """Check the channel and number (and, for a change, the password), then SMS a code."""
        if self.card is None:
            return
        if not _browser_form(form, "channel", "account_number", "password"):
            self.errors, self.message = {}, messages.text(DomainError(CoreError.INVALID_REQUEST))
            return
        fields = form_text(form, limit=64)
        channel, number = fields.get("channel", ""), fields.get("account_number", "")
        self.errors, self.message, self.notice = {}, "", ""
        try:
            user_id = await self._applicant_id()
            verdict = await _password_verdict(user_id, form_text(form, 200).get("password", ""))
        except DomainError as error:
            self._show_refusal(error)
            return
        ok, sent_to = await self._call(
            payout_accounts.request_link_code,
            channel=channel,
            account_number=number,
            password_ok=verdict,
        )
        if not ok:
            if "otp" in self.errors:  # the code's limits: there is no code field yet
                errors = dict(self.errors)
                self.message = errors.pop("otp")
                self.errors = errors
            return
        self._channel, self._number = channel, number
        self.phase, self.sent_to = CODE_SENT, sent_to
        self.pending = _pending_label(channel, number)

    @rx.event
    async def link(self, form: dict):
        """Link the account the code was sent for, with the code."""
        if self.card is None or self.phase != CODE_SENT or not self._channel:
            return
        if not _browser_form(form, "otp"):
            self.errors, self.message = {}, messages.text(DomainError(CoreError.INVALID_REQUEST))
            return
        otp = form_text(form, limit=20).get("otp", "")
        ok, _linked = await self._call(
            _link_via_partner, channel=self._channel, account_number=self._number, code=otp
        )
        if ok:
            await self.load()
            self.notice = LINKED


# --- the card ----------------------------------------------------------------------------


def _linked() -> rx.Component:
    card = PayoutAccountState.card
    return rx.vstack(
        rx.hstack(
            rx.badge(card.channel_label, size="2"),
            rx.text(
                card.masked_number,
                class_name="payout-number",
                font_family="monospace",
                weight="bold",
            ),
            align="center",
            wrap="wrap",
        ),
        rx.text("a.n. ", rx.text.strong(card.holder_name), size="2"),
        rx.text("Diperiksa ", card.verified_label, size="2", color="gray"),
        rx.cond(
            card.can_change,
            rx.vstack(
                rx.text("Rekening dapat diganti sampai ", card.deadline_label, ".", size="2"),
                rx.button(
                    "Ganti rekening",
                    on_click=PayoutAccountState.start_change,
                    variant="outline",
                    size="3",
                ),
                spacing="2",
            ),
            rx.text("Batas waktu mengganti rekening sudah lewat.", size="2", color="gray"),
        ),
        spacing="2",
        width="100%",
    )


def _number_form() -> rx.Component:
    card = PayoutAccountState.card
    errors = PayoutAccountState.errors
    return rx.form(
        rx.vstack(
            native_select(
                "Bank atau e-wallet",
                "channel",
                card.channels,
                errors,
                placeholder="Pilih bank atau e-wallet",
            ),
            text_field(
                "Nomor rekening atau nomor HP e-wallet",
                "account_number",
                errors,
                hint=NUMBER_HINT,
                input_mode="numeric",
                auto_complete="off",
                max_length=24,
            ),
            # Always in the page, shown only for a change: an input that is not rendered
            # would reach the handler as None (Reflex reads each id's ref), which the
            # handler refuses as forged.
            rx.box(
                text_field(
                    "Kata sandi",
                    "password",
                    errors,
                    kind="password",
                    hint="Untuk mengganti rekening, masukkan kata sandi akun Anda lagi.",
                    auto_complete="current-password",
                ),
                display=rx.cond(card.linked, "block", "none"),
                width="100%",
            ),
            form_message(PayoutAccountState.message),
            rx.flex(
                rx.button("Kirim kode", type="submit", size="3"),
                rx.cond(
                    card.linked,
                    rx.button(
                        "Batal",
                        type="button",
                        on_click=PayoutAccountState.cancel,
                        variant="soft",
                        size="3",
                    ),
                ),
                gap="2",
                wrap="wrap",
            ),
            rx.text(
                "Rekening dapat dihubungkan atau diganti sampai ",
                card.deadline_label,
                ".",
                size="1",
                color="gray",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=PayoutAccountState.send_code,
        no_validate=True,
        width="100%",
    )


def _code_form() -> rx.Component:
    errors = PayoutAccountState.errors
    return rx.form(
        rx.vstack(
            rx.box(
                rx.text("Rekening: ", rx.text.strong(PayoutAccountState.pending), size="2"),
                field_error("channel", errors),
                field_error("account_number", errors),
                width="100%",
            ),
            rx.text(
                "Kode OTP dikirim lewat SMS ke ",
                rx.text.strong(PayoutAccountState.sent_to),
                ".",
                size="2",
            ),
            text_field(
                "Kode OTP",
                "otp",
                errors,
                input_mode="numeric",
                auto_complete="one-time-code",
                max_length=6,
            ),
            form_message(PayoutAccountState.message),
            rx.flex(
                rx.button("Hubungkan", type="submit", size="3"),
                rx.button(
                    "Ubah nomor",
                    type="button",
                    on_click=PayoutAccountState.cancel,
                    variant="soft",
                    size="3",
                ),
                gap="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=PayoutAccountState.link,
        no_validate=True,
        width="100%",
    )


def payout_account_card() -> rx.Component:
    """The card, for a participant (nothing while it loads or for anyone else)."""
    card = PayoutAccountState.card
    return rx.cond(
        card != None,  # noqa: E711 (a Var comparison)
        rx.card(
            rx.vstack(
                rx.heading("Rekening pencairan insentif", size="4", as_="h2"),
                rx.cond(
                    PayoutAccountState.notice != "",
                    rx.callout(
                        PayoutAccountState.notice,
                        icon="circle_check",
                        color_scheme="green",
                        role="status",
                        width="100%",
                    ),
                ),
                rx.cond(
                    PayoutAccountState.phase == CODE_SENT,
                    _code_form(),
                    rx.cond(
                        card.linked & (PayoutAccountState.phase != FORM),
                        _linked(),
                        rx.cond(
                            card.can_change,
                            _number_form(),
                            rx.text(
                                "Batas waktu menghubungkan rekening sudah lewat (",
                                card.deadline_label,
                                ").",
                                size="2",
                            ),
                        ),
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            width="100%",
            class_name="payout-account",
        ),
    )
