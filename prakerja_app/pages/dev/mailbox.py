"""The development mailbox (/dev/kotak-surat): every email and SMS in the outbox.

Registered only outside production: it shows messages (confirmation links, codes) to
anyone who opens it, which is what a developer needs and what production must never do.
"""

import re

import reflex as rx

from prakerja_app import routes, settings
from prakerja_app.components.layout import code_block, development_frame, development_page
from prakerja_app.services.core.formatting import wib_datetime
from prakerja_app.services.core.labels import OUTBOX_STATUS_LABELS
from prakerja_app.services.core.vocab import Channel
from prakerja_app.services.views.mailbox import MailboxItem, mailbox
from prakerja_app.state.forms import query

_LINK = re.compile(r"https?://[^\s<>\"']+")
_LINK_TRAILER = ".,;:!?)]}"

CHANNEL_LABELS = {Channel.EMAIL: "Email", Channel.SMS: "SMS"}


def links_in(text: str) -> list[str]:
    """The http(s) links in a message body, in order, without trailing punctuation."""
    found = (match.group().rstrip(_LINK_TRAILER) for match in _LINK.finditer(text))
    return list(dict.fromkeys(link for link in found if link))


def _row(item: MailboxItem) -> dict[str, str]:
    return {
        "id": str(item.id),
        "channel": CHANNEL_LABELS.get(item.channel, item.channel),
        "recipient": item.recipient,
        "subject": item.subject or "(tanpa subjek)",
        "body": item.body,
        "status": OUTBOX_STATUS_LABELS.get(item.status, item.status),
        "time": wib_datetime(item.created_at),
    }


class DevMailboxState(rx.State):
    """The newest outbox messages, as display strings."""

    messages: list[dict[str, str]] = []
    links: dict[str, list[str]] = {}
    loaded: bool = False

    @rx.event
    async def load(self):
        """Read the newest messages from the outbox (nothing at all in production)."""
        if settings.is_production():
            self.messages, self.links, self.loaded = [], {}, True
            return
        items = await query(mailbox)
        self.messages = [_row(item) for item in items]
        self.links = {str(item.id): links_in(item.body) for item in items}
        self.loaded = True


def _message(message: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(message["channel"], variant="soft"),
                rx.badge(message["status"], color_scheme="gray", variant="outline"),
                rx.text(message["time"], size="1", color_scheme="gray"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.text(message["subject"], weight="bold"),
            rx.text("Kepada: ", message["recipient"], size="2"),
            code_block(message["body"]),
            rx.foreach(
                DevMailboxState.links[message["id"]],
                lambda link: rx.link(link, href=link, size="2", word_break="break-all"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


@development_page(
    routes.DEV_MAILBOX, "Kotak surat pengembangan - Kartu Prakerja", DevMailboxState.load
)
def dev_mailbox() -> rx.Component:
    """The development mailbox page."""
    return development_frame(
        "Kotak surat pengembangan",
        "Email dan SMS yang dibuat aplikasi, terbaru di atas.",
        rx.cond(
            DevMailboxState.loaded,
            rx.cond(
                DevMailboxState.messages.length() > 0,
                rx.vstack(
                    rx.foreach(DevMailboxState.messages, _message), spacing="3", width="100%"
                ),
                rx.text("Belum ada pesan."),
            ),
            rx.spinner(),
        ),
        actions=rx.button(
            rx.icon("refresh-cw", size=16),
            "Muat ulang",
            on_click=DevMailboxState.load,
            variant="outline",
        ),
    )
