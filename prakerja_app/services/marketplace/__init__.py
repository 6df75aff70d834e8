"""The training marketplace: what is on sale, buying it with the balance, and what follows.

Use cases:
- what can be bought now, and why not (`catalogue`; the pages' listings are in
  `views.catalogue`);
- buying a training with an SMS code and the training balance, once (`purchases`);
- the providers' signed redeem-code API: check, commit and complete a voucher
  (`redemption`);
- certificates, and their public verification (`certificates`);
- rating and reviewing a completed training, which starts the incentives and is counted
  in the training's rating summary (`reviews`).
- the program office's catalogue: delisting a platform from a time, after a preview of
  what it stops (`platform_listing`), taking a training off sale or back and changing
  its price until its first sale (`training_listing`);
- a provider's API key: issued and rotated with a grace period, sealed at rest
  (`api_credentials`), and the log of its API calls (`api_calls`).

Refusals are `errors.MarketplaceError` (and `errors.RedeemError` for the API).
"""
