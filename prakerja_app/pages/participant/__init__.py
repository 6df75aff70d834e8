"""Pages of a logged-in applicant or participant: the dashboard and its surveys."""

from prakerja_app.pages.participant import dashboard, survey

__all__ = ["dashboard", "survey"]
