"""Shared Reflex states: the session and the current user."""
