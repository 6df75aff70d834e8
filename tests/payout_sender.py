"""A payment run's sender in a process of its own, for the exactly-once tests:

    python -m tests.payout_sender <database url> <run id> <partner url> <batch>

It sends the run with the test keys (`tests.partner_simulator.SETTINGS`) and exits.
"""

import sys

import sqlalchemy as sa
from sqlmodel import Session

from prakerja_app.models import utc_now
from prakerja_app.services.money import sending
from prakerja_app.services.money.partner.iris import IrisPartner
from prakerja_app.settings import PartnerSettings
from tests.partner_simulator import SETTINGS


def main(url: str, run_id: int, partner_url: str, batch: int) -> None:
    """Send the run once, as a job worker would."""
    engine = sa.create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    settings = PartnerSettings(
        partner_url, SETTINGS.creator_key, SETTINGS.approver_key, SETTINGS.notification_key
    )
    with Session(engine, expire_on_commit=False) as db, IrisPartner(settings) as partner:
        sending.send_run(db, run_id, partner, utc_now(), batch=batch)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
