"""Shared UI pieces: the page layout and small display components."""
