"""The program clock: real time in production, a movable time for the demo.

The demo starts on 4 September 2020. Moving the program clock (``python -m prakerja_app
clock ...``) stores an anchor: program time = anchor + (real time - moment it was set),
so the demo's clock keeps running from the chosen moment. Login sessions and throttling
always use real time.
"""

import json
from datetime import datetime

from sqlmodel import Session

from prakerja_app.models import ProgramSetting, utc_now

CLOCK_KEY = "clock"


def program_now(db: Session, real_now: datetime) -> datetime:
    """The program's current time for a real instant (UTC, aware)."""
    setting = db.get(ProgramSetting, CLOCK_KEY)
    if setting is None:
        return real_now
    anchor = json.loads(setting.value_json)
    program_at = datetime.fromisoformat(anchor["program"])
    real_at = datetime.fromisoformat(anchor["real"])
    return program_at + (real_now - real_at)


def set_program_time(db: Session, program_at: datetime, real_now: datetime) -> None:
    """Make the program clock read `program_at` now, and run on from there (caller commits)."""
    value = json.dumps({"program": program_at.isoformat(), "real": real_now.isoformat()})
    setting = db.get(ProgramSetting, CLOCK_KEY)
    if setting is None:
        db.add(ProgramSetting(key=CLOCK_KEY, value_json=value, updated_at=real_now))
    else:
        setting.value_json = value
        setting.updated_at = real_now


def current(db: Session) -> datetime:
    """The program's time right now (for pages acting on the program's dates)."""
    return program_now(db, utc_now())
