"""The simulator's bank and e-wallet accounts: registered ones, and by convention the rest.

An account registered with ``POST /_sim/accounts`` is as registered. Any other account
is decided by its last four digits:

- ``0000``: there is no such account;
- ``0001``: the account is inactive;
- ``0002``: the e-wallet is not upgraded (a BNI account ending so is ordinary);
- ``0003``: the holder is "PEMILIK LAIN", whatever name a payout gives;
- anything else: an active account of "PESERTA SIMULASI", paid whatever name it is given.

A payout to an inactive, not upgraded or unknown account fails, and so does one whose
name is not the registered (or conventional) holder's.
"""

from dataclasses import dataclass
from enum import StrEnum

from prakerja_app.services.money.partner.interface import FailureReason, PayoutChannel

ANY_HOLDER = "PESERTA SIMULASI"
OTHER_HOLDER = "PEMILIK LAIN"


class AccountStatus(StrEnum):
    """An account's state, as the simulator's account validation reports it."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    NOT_UPGRADED = "not_upgraded"


@dataclass(frozen=True)
class Account:
    """One account; `checks_name` is False for the conventional accounts paid any name."""

    channel: PayoutChannel
    account_no: str
    holder_name: str
    status: AccountStatus
    checks_name: bool = True


def same_name(a: str, b: str) -> bool:
    """Names match ignoring case and spacing, as a bank's name check does (roughly)."""
    return bool(a.split()) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class AccountBook:
    """The registered accounts, and the conventions for the rest."""

    def __init__(self) -> None:
        self._accounts: dict[tuple[PayoutChannel, str], Account] = {}

    def register(self, account: Account) -> None:
        """Add or replace an account."""
        self._accounts[account.channel, account.account_no] = account

    def find(self, channel: PayoutChannel, account_no: str) -> Account | None:
        """The account, registered or by convention; None when it does not exist."""
        if (registered := self._accounts.get((channel, account_no))) is not None:
            return registered
        suffix = account_no[-4:]
        if suffix == "0000":
            return None
        if suffix == "0001":
            return Account(channel, account_no, ANY_HOLDER, AccountStatus.INACTIVE, False)
        if suffix == "0002" and channel.is_ewallet:
            return Account(channel, account_no, ANY_HOLDER, AccountStatus.NOT_UPGRADED, False)
        if suffix == "0003":
            return Account(channel, account_no, OTHER_HOLDER, AccountStatus.ACTIVE)
        return Account(channel, account_no, ANY_HOLDER, AccountStatus.ACTIVE, False)

    def failure(self, channel: PayoutChannel, account_no: str, name: str) -> FailureReason | None:
        """Why a payout to this account under this name fails, or None when it is paid."""
        account = self.find(channel, account_no)
        if account is None:
            return FailureReason.ACCOUNT_NOT_FOUND
        if account.status is AccountStatus.INACTIVE:
            return FailureReason.ACCOUNT_INACTIVE
        if account.status is AccountStatus.NOT_UPGRADED:
            return FailureReason.EWALLET_NOT_UPGRADED
        if account.checks_name and not same_name(account.holder_name, name):
            return FailureReason.NAME_MISMATCH
        return None
