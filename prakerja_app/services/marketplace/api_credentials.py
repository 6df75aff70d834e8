"""A training provider's API credentials: its client code and signing key.

The operator issues a key (`issue_key`); the page shows it once and it is kept only
sealed with the app's secret (`core.secret_box`), so a copy of the database alone signs
nothing. Issuing again rotates: the key it replaces keeps working for `GRACE` (24 hours)
so the provider can switch without downtime, then it is refused; when a key leaked, the
operator ends it at once instead (``keep_previous=False``). Only one previous key is
kept: a second rotation within the grace period ends the oldest key.

Times are the program's (``now``), which the API compares them with too; in production
the program clock is the real clock.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from prakerja_app.models import TrainingProvider, id_of
from prakerja_app.services.core import audit, secret_box
from prakerja_app.services.core.errors import DomainError
from prakerja_app.services.core.transactions import committing
from prakerja_app.services.marketplace.errors import MarketplaceError
from prakerja_app.services.marketplace.platform_listing import MAX_ID

GRACE = timedelta(hours=24)
KEY_BYTES = 32  # 43 characters of base64url
CLIENT_CODE_PREFIX = "lp-"


@dataclass(frozen=True)
class IssuedKey:
    """A key just issued: shown once, never stored in clear."""

    provider_id: int
    provider: str
    client_code: str
    sign_key: str
    previous_until: datetime | None  # until when the replaced key works; None: none does


def _provider(db: Session, provider_id: object) -> TrainingProvider:
    valid = (
        isinstance(provider_id, int)
        and not isinstance(provider_id, bool)
        and 0 < provider_id <= MAX_ID
    )
    found = db.get(TrainingProvider, provider_id, with_for_update=True) if valid else None
    if found is None:
        raise DomainError(MarketplaceError.PROVIDER_UNKNOWN)
    return found


def issue_key(
    db: Session,
    *,
    now: datetime,
    actor_id: int,
    provider_id: int,
    keep_previous: bool = True,
) -> IssuedKey:
    """Issue a new signing key for a provider (a first key, or a rotation); commit.

    The provider gets the client code ``lp-<slug>`` if it had none. Audited as
    ``api_key.issue`` or ``api_key.rotate``, without the key.

    Args:
        db: the session; its transaction is ended.
        now: the program time.
        actor_id: the operator.
        provider_id: the provider's id.
        keep_previous: on a rotation, accept the replaced key for `GRACE` more; False
            ends it now (a leaked key).

    Raises:
        DomainError: ``provider_unknown``.
    """
    with committing(db):
        provider = _provider(db, provider_id)
        rotating = provider.sign_key_sealed is not None
        keep = keep_previous is not False and rotating
        key = secrets.token_urlsafe(KEY_BYTES)
        before = {"key_issued_at": provider.key_issued_at}
        provider.client_code = provider.client_code or (CLIENT_CODE_PREFIX + provider.slug)[:64]
        provider.previous_key_sealed = provider.sign_key_sealed if keep else None
        provider.previous_key_until = now + GRACE if keep else None
        provider.sign_key_sealed, provider.key_issued_at = secret_box.seal(key), now
        db.add(provider)
        audit.record(
            db,
            actor_id=actor_id,
            action="api_key.rotate" if rotating else "api_key.issue",
            entity="training_provider",
            entity_id=provider.id,
            before=before,
            after={
                "client_code": provider.client_code,
                "key_issued_at": now,
                "previous_key_until": provider.previous_key_until,
            },
        )
        return IssuedKey(
            provider_id=id_of(provider),
            provider=provider.name,
            client_code=provider.client_code,
            sign_key=key,
            previous_until=provider.previous_key_until,
        )


def current_key(provider: TrainingProvider) -> str | None:
    """The provider's current key in clear (server side only), or None."""
    return secret_box.open_sealed(provider.sign_key_sealed) if provider.sign_key_sealed else None


def accepted_keys(provider: TrainingProvider, now: datetime) -> list[str]:
    """The keys a request may be signed with at `now`: the current one, and the one it
    replaced while its grace period lasts."""
    keys = [current_key(provider)]
    until = provider.previous_key_until
    if provider.previous_key_sealed and until is not None and now < until:
        keys.append(secret_box.open_sealed(provider.previous_key_sealed))
    return [key for key in keys if key]
