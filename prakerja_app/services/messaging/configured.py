"""The senders the environment configures, one per channel (None: keep it "local")."""

from prakerja_app.services.core.vocab import Channel
from prakerja_app.services.messaging.kannel import KannelSmsGateway, kannel_settings
from prakerja_app.services.messaging.reports import report_url
from prakerja_app.services.messaging.senders import Sender, default_email_sender


def senders() -> dict[Channel, Sender | None]:
    """SMTP from PRAKERJA_SMTP_*, Kannel from PRAKERJA_KANNEL_*; without them, nothing."""
    kannel = kannel_settings()
    sms = KannelSmsGateway(kannel, dlr_url=report_url) if kannel is not None else None
    return {Channel.EMAIL: default_email_sender(), Channel.SMS: sms}
