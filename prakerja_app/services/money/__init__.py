"""Money: integer rupiah, in a ledger.

Use cases:
- the training balance as ledger entries: grant, purchase, refund, forfeit (`ledger`);
- the incentive schedule (4 x Rp 600.000) and the surveys' progress (`incentives`).

Refusals are `errors.MoneyError` codes.
"""
