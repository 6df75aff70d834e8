"""The 2020 package: amounts in integer rupiah and the program's deadlines."""

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

_WIB = ZoneInfo("Asia/Jakarta")

TRAINING_BALANCE: Final = 1_000_000
INCENTIVE_AMOUNT: Final = 600_000
INCENTIVE_COUNT: Final = 4
SURVEY_AMOUNT: Final = 50_000
SURVEY_COUNT: Final = 3
TOTAL_BENEFIT: Final = (
    TRAINING_BALANCE + INCENTIVE_AMOUNT * INCENTIVE_COUNT + SURVEY_AMOUNT * SURVEY_COUNT
)
MIN_TRAINING_PRICE: Final = 24_000
MINIMUM_AGE: Final = 18
FIRST_PURCHASE_DAYS: Final = 30
FIRST_PURCHASE_REMINDER_DAYS: Final = 7

# DANA joined the payout channels on 14 Oct 2020 (program clock, WIB); before that the
# channels were BNI, OVO, GoPay and LinkAja.
DANA_AVAILABLE_FROM: Final = datetime(2020, 10, 14, 0, 0, tzinfo=_WIB)
# [ours] The last moment a participant may link or change the account incentives go to.
# The domain notes give no end date for the 2020 programme; we take the end of the 2020
# programme year (its budget year), 31 Dec 2020 23:59:59 WIB. After it the account is
# frozen: payments still go to the account linked by then.
PAYOUT_LINKING_DEADLINE: Final = datetime(2020, 12, 31, 23, 59, 59, tzinfo=_WIB)
