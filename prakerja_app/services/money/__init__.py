"""Money: integer rupiah, in a ledger.

Use cases:
- the training balance as ledger entries: grant, purchase, refund, forfeit (`ledger`);
- the incentive schedule (4 x Rp 600.000) (`incentives`);
- the payout account: linking a BNI account or an e-wallet with an SMS code, the
  partner's inquiry and the KTP name (`payout_accounts`, `holder_names`); the refused
  numbers another NIK holds, for the verification queue (`payout_accounts.conflicts`).

Refusals are `errors.MoneyError` codes.
"""
