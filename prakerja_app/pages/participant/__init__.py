"""Pages of a logged-in applicant or participant: the dashboard."""

from prakerja_app.pages.participant import dashboard

__all__ = ["dashboard"]
