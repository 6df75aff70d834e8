"""The email and SMS a participant gets when a payment succeeds or fails, queued in the
transaction that records the outcome (so each goes out once)."""

from datetime import datetime

from sqlmodel import Session

from prakerja_app import routes, settings
from prakerja_app.models import Participant, Payment, PayoutAccount, PayoutAttempt
from prakerja_app.services.core.formatting import long_date, rupiah, wib
from prakerja_app.services.core.labels import (
    PAYMENT_KIND_LABELS,
    PAYOUT_CHANNEL_LABELS,
    payout_failure_label,
)
from prakerja_app.services.messaging import outbox, templates
from prakerja_app.services.money.payout_accounts import mask_number
from prakerja_app.services.selection.participants import contact_of


def _what(payment: Payment) -> str:
    return f"{PAYMENT_KIND_LABELS.get(payment.kind, payment.kind)} ke-{payment.sequence}"


def _account(db: Session, attempt: PayoutAttempt) -> str:
    account = db.get_one(PayoutAccount, attempt.payout_account_id)
    channel = PAYOUT_CHANNEL_LABELS.get(account.provider, account.provider)
    return f"{channel} {mask_number(account.account_number)}"


def paid(db: Session, payment: Payment, attempt: PayoutAttempt, now: datetime) -> None:
    """Tell the participant the payment reached their account."""
    user, phone = contact_of(db, db.get_one(Participant, payment.participant_id))
    fields = {
        "what": _what(payment),
        "amount": rupiah(payment.amount),
        "account": _account(db, attempt),
        "reference": attempt.reference_no or "-",
    }
    email = templates.PAYMENT_PAID.render(
        name=user.full_name,
        date=long_date(wib(payment.paid_at or now).date()),
        link=settings.public_url() + routes.DASHBOARD,
        **fields,
    )
    outbox.queue_email(db, to=user.email, email=email, now=now)
    if phone:
        outbox.queue_sms(db, to=phone, body=templates.PAYMENT_PAID_SMS.format(**fields), now=now)


def failed(db: Session, payment: Payment, attempt: PayoutAttempt, now: datetime) -> None:
    """Tell the participant the payment failed, why, and what to do."""
    user, phone = contact_of(db, db.get_one(Participant, payment.participant_id))
    reason, todo = payout_failure_label(attempt.failure_code)
    fields = {"what": _what(payment), "amount": rupiah(payment.amount), "reason": reason}
    email = templates.PAYMENT_FAILED.render(
        name=user.full_name,
        account=_account(db, attempt),
        todo=todo,
        link=settings.public_url() + routes.DASHBOARD,
        **fields,
    )
    outbox.queue_email(db, to=user.email, email=email, now=now)
    if phone:
        body = templates.PAYMENT_FAILED_SMS.format(**fields)
        outbox.queue_sms(db, to=phone, body=body, now=now)
