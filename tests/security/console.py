"""The console's pages as the handler matrix sees them: each page state's area, which
says who may act there and who may only look (`accounts.roles`)."""

from reflex.state import State

from prakerja_app.services.accounts.roles import Area
from prakerja_app.state.admin import AdminPage

AREAS = {
    "AdminHomeState": Area.REPORTS,
    "AccountsState": Area.ACCOUNTS,
    "ReportsState": Area.REPORTS,
    "SurveyResultsState": Area.REPORTS,
    "ApplicantSearchState": Area.APPLICANTS,
    "ApplicantState": Area.APPLICANTS,
    "WavesState": Area.WAVES,
    "AuditState": Area.AUDIT,
    "CatalogueConsoleState": Area.CATALOGUE,
    "MessagesState": Area.MESSAGES,
    "JobsState": Area.JOBS,
    "ListsState": Area.APPLICANTS,
    "ApiKeysState": Area.CATALOGUE,
    "VerificationState": Area.VERIFICATION,
    "PaymentsState": Area.PAYMENTS,
}


# Reads the service records as it answers (a whole NIK, with its reason): any admin who
# may see the area may make them, and they write only to the audit log.
DISCLOSURES = {"ApplicantState.reveal"}
AUDIT_TABLES = {"auditlog", "auditchainhead"}


def console_area(handler: str) -> Area | None:
    """The console area of a handler ("State.handler") (None: not a console page)."""
    return AREAS.get(handler.partition(".")[0])


def console_pages() -> set[str]:
    """The names of every console page's state."""
    pending: list[type[State]] = [State]
    pages = set()
    while pending:
        cls = pending.pop()
        pending.extend(cls.get_substates())
        if issubclass(cls, AdminPage):
            pages.add(cls.__name__)
    return pages
