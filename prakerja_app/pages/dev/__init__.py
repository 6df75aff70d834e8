"""Development-only pages: the mailbox of the outbox and a training provider's console.

They exist only outside production mode (each page checks `settings.is_production()`).
"""

from prakerja_app.pages.dev import mailbox, platform

__all__ = ["mailbox", "platform"]
