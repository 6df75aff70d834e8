"""The program office's pages (Manajemen Pelaksana)."""

from prakerja_app.pages.admin import (
    accounts,
    api_keys,
    applicant,
    applicants,
    audit,
    catalogue,
    home,
    invitation,
    jobs,
    lists,
    messages,
    payments,
    reports,
    surveys,
    verification,
    waves,
)

__all__ = [
    "accounts",
    "api_keys",
    "applicant",
    "applicants",
    "audit",
    "catalogue",
    "home",
    "invitation",
    "jobs",
    "lists",
    "messages",
    "payments",
    "reports",
    "surveys",
    "verification",
    "waves",
]
