"""The payment partner that moves incentive money: an interface, its HTTP implementation
(after Midtrans Iris), signed status notifications and the daily reconciliation.

Plain Python: no Reflex import, no database.
"""
