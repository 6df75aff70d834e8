"""The refusals of the ledger."""

from enum import StrEnum


class MoneyError(StrEnum):
    """Why a ledger entry (training balance or cash) was refused."""

    LEDGER_AMOUNT = "ledger_amount"
    LEDGER_PARTICIPANT = "ledger_participant"
    INSUFFICIENT_BALANCE = "insufficient_balance"  # details: left, price
    CASH_JOURNAL_UNBALANCED = "cash_journal_unbalanced"  # details: journal
