"""Random tokens handed to a browser or an email, and the only form the database keeps."""

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    """A fresh unguessable token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 hex of a token: stored instead of the token, so a leaked table opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()
