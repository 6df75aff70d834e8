"""Linking the payout account: formats per channel, DANA's start, the SMS code, the
partner's inquiry (through the simulator), the name rule, one number per NIK, the
password for a change, and the deadline."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from prakerja_app.models import Attempt, AuditLog, PayoutAccount
from prakerja_app.services.accounts import one_time_codes
from prakerja_app.services.accounts.errors import AccountError
from prakerja_app.services.core import program
from prakerja_app.services.core.errors import CoreError, DomainError
from prakerja_app.services.core.formatting import wib_to_utc
from prakerja_app.services.money import payout_accounts
from prakerja_app.services.money.errors import MoneyError
from prakerja_app.services.money.holder_names import names_match
from prakerja_app.services.money.partner.errors import PartnerError, PartnerUnavailable
from prakerja_app.services.money.partner.interface import PayoutChannel
from prakerja_app.services.views.messages import text
from tests import factories

KTP_NAME = "SITI RAHAYU"
OVO_NUMBER = "0812 3456 7890"
OVO_STORED = "081234567890"
BNI_NUMBER = "1234567890"


@pytest.fixture(autouse=True)
def _env(registration_env):
    """Private files (the one-time-code key) in the test's own folder."""


def _register(simulator, channel, number, holder=KTP_NAME, status="active") -> None:
    simulator.control(
        "accounts", {"bank": channel, "account": number, "holder_name": holder, "status": status}
    )


def _participant(db, now, ktp_name=KTP_NAME):
    made = factories.buyer(db, now, balance=0)
    profile = factories.profile_of(db, made.user_id)
    profile.full_name_ktp = ktp_name
    db.add(profile)
    db.commit()
    return made


def _code(db, who, now, channel="ovo", number=OVO_NUMBER, password_ok=None) -> str:
    payout_accounts.request_link_code(
        db,
        user_id=who.user_id,
        channel=channel,
        account_number=number,
        password_ok=password_ok,
        now=now,
    )
    return factories.sms_code(db, factories.phone_of(db, who))


def _link(db, who, now, partner, channel="ovo", number=OVO_NUMBER, code=None, password_ok=None):
    code = _code(db, who, now, channel, number, password_ok) if code is None else code
    return payout_accounts.link_account(
        db,
        user_id=who.user_id,
        channel=channel,
        account_number=number,
        code=code,
        partner=partner,
        now=now,
    )


def _actions(db) -> list[str]:
    return list(db.exec(select(AuditLog.action).order_by(col(AuditLog.seq))).all())


# --- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "typed", "stored"),
    [
        (PayoutChannel.BNI, "1234567890", "1234567890"),
        (PayoutChannel.BNI, "123-456 7890", "1234567890"),
        (PayoutChannel.OVO, "0812 3456 7890", "081234567890"),
        (PayoutChannel.GOPAY, "+62 812-3456-7890", "081234567890"),
        (PayoutChannel.LINKAJA, "6281234567890", "081234567890"),
        (PayoutChannel.DANA, "0812345678", "0812345678"),
    ],
)
def test_numbers_are_stored_in_one_form_per_channel(channel, typed, stored):
    assert payout_accounts.normalize_number(channel, typed) == stored


@pytest.mark.parametrize(
    ("channel", "typed", "code"),
    [
        (PayoutChannel.BNI, "", MoneyError.PAYOUT_NUMBER_REQUIRED),
        (PayoutChannel.BNI, "123456789", MoneyError.PAYOUT_BANK_NUMBER),  # 9 digits
        (PayoutChannel.BNI, "12345678901", MoneyError.PAYOUT_BANK_NUMBER),  # 11
        (PayoutChannel.BNI, "12345abcde", MoneyError.PAYOUT_BANK_NUMBER),
        (PayoutChannel.BNI, "١٢٣٤٥٦٧٨٩٠", MoneyError.PAYOUT_BANK_NUMBER),  # not ASCII
        (PayoutChannel.OVO, "1234567890", MoneyError.PAYOUT_EWALLET_NUMBER),  # not a mobile
        (PayoutChannel.GOPAY, "021 555 1234", MoneyError.PAYOUT_EWALLET_NUMBER),  # landline
        (PayoutChannel.DANA, "+60 12 345 6789", MoneyError.PAYOUT_EWALLET_NUMBER),  # abroad
        (PayoutChannel.LINKAJA, None, MoneyError.PAYOUT_NUMBER_REQUIRED),
    ],
)
def test_wrong_numbers_are_refused_next_to_the_number(channel, typed, code):
    error = factories.raised(payout_accounts.normalize_number, channel, typed)
    assert (error.code, error.field) == (code, "account_number")
    assert text(error)


def test_dana_opens_on_14_october_2020_wib():
    before = wib_to_utc(2020, 10, 13, 23, 59)
    since = wib_to_utc(2020, 10, 14, 0, 0)
    assert PayoutChannel.DANA not in payout_accounts.open_channels(before)
    assert payout_accounts.open_channels(since) == list(PayoutChannel)
    error = factories.raised(payout_accounts.parse_channel, "dana", before)
    assert (error.code, error.field) == (MoneyError.PAYOUT_CHANNEL_NOT_YET, "channel")
    assert "14 Oktober 2020" in text(error)
    assert payout_accounts.parse_channel("DANA", since) is PayoutChannel.DANA


@pytest.mark.parametrize("typed", ["bca", "", None, "ovo;drop", 7])
def test_unknown_channels_are_refused(typed, now):
    error = factories.raised(payout_accounts.parse_channel, typed, now)
    assert (error.code, error.field) == (MoneyError.PAYOUT_CHANNEL_UNKNOWN, "channel")


# --- the name rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ktp", "holder", "matches"),
    [
        ("SITI RAHAYU", "Siti Rahayu", True),  # case
        ("SITI RAHAYU", "SITI  RAHAYU ", True),  # spaces
        ("SITI RAHAYU", "SITIRAHAYU", True),
        ("SITI RAHAYU", "Siti-Rahayu.", True),  # punctuation
        ("SITI RAHAYU", "SITI RAHAYOE", True),  # 10 letters: distance 2
        ("SITI RAHAYU", "SITI RAHAYU, S.E.", True),  # a title is two letters more
        ("SITI RAHAYU", "Ir. SITI RAHAYU", True),
        ("SITI RAHAYU", "Ir. SITI RAHAYU, S.E.", False),  # four letters more
        ("SITI RAHAYU", "SITI RAHMAWATI", False),
        ("SITI RAHAYU", "PEMILIK LAIN", False),
        ("BUDI", "BUDY", True),  # 4 letters: distance 1
        ("BUDI", "Ir. Budi", False),  # 4 letters: distance 2 is too much
        ("BUDI", "BUDI S", True),
        ("ANI", "ANA", True),
        ("ANI", "INA", False),
        ("JOSÉ SANTOSO", "JOSE SANTOSO", True),  # accents
        ("SITI RAHAYU", "", False),
        ("", "", False),
        ("...", "...", False),  # nothing left to compare
    ],
)
def test_holder_names_match_the_ktp_name_by_the_stated_rule(ktp, holder, matches):
    assert names_match(ktp, holder) is matches


# --- linking --------------------------------------------------------------------------------


def test_a_participant_links_ovo_with_the_code(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED, holder="Siti Rahayu")
    sent_to = payout_accounts.request_link_code(
        db, user_id=who.user_id, channel="ovo", account_number=OVO_NUMBER, password_ok=None, now=now
    )
    phone = factories.phone_of(db, who)
    assert sent_to.endswith(phone[-4:]) and "****" in sent_to
    code = factories.sms_code(db, phone)
    linked = payout_accounts.link_account(
        db,
        user_id=who.user_id,
        channel="ovo",
        account_number="+62 812 3456 7890",  # the same number, typed another way
        code=code,
        partner=partner,
        now=now,
    )
    assert (linked.channel, linked.masked_number, linked.holder_name) == (
        PayoutChannel.OVO,
        "****7890",
        "Siti Rahayu",
    )
    assert payout_accounts.current_account(db, who.user_id) == linked
    row = db.exec(select(PayoutAccount)).one()
    assert (row.provider, row.account_number, row.active, row.verified_at) == (
        "ovo",
        OVO_STORED,
        True,
        now,
    )
    assert _actions(db) == ["payout.link_code", "payout.account_link"]


def test_a_bni_account_is_linked_by_its_digits(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "bni", BNI_NUMBER)
    linked = _link(db, who, now, partner, channel="bni", number="123 456 7890")
    assert (linked.channel, linked.masked_number) == (PayoutChannel.BNI, "****7890")


def test_nothing_is_linked_before_a_code_is_asked_for(db, now, partner):
    who = _participant(db, now)
    error = factories.refused(
        db,
        payout_accounts.link_account,
        user_id=who.user_id,
        channel="ovo",
        account_number=OVO_NUMBER,
        code="123456",
        partner=partner,
        now=now,
    )
    assert (error.code, error.field) == (AccountError.OTP_MISSING, "otp")


def test_a_wrong_code_is_refused_and_counted_and_the_right_one_then_links(
    db, now, partner, simulator
):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    code = _code(db, who, now)
    wrong = "000000" if code != "000000" else "111111"
    error = factories.raised(_link, db, who, now, partner, code=wrong)
    assert (error.code, error.field) == (AccountError.OTP_WRONG, "otp")
    assert error.details["attempts_left"] == one_time_codes.MAX_ATTEMPTS - 1
    assert db.exec(select(PayoutAccount)).all() == []
    assert _link(db, who, now, partner, code=code).channel is PayoutChannel.OVO


def test_an_expired_code_is_refused(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    code = _code(db, who, now)
    later = now + one_time_codes.CODE_TTL + timedelta(seconds=1)
    error = factories.raised(_link, db, who, later, partner, code=code)
    assert (error.code, error.field) == (AccountError.OTP_EXPIRED, "otp")


def test_a_code_sent_for_one_number_links_no_other(db, now, partner, simulator):
    who = _participant(db, now)
    code = _code(db, who, now, number=OVO_NUMBER)
    error = factories.raised(_link, db, who, now, partner, number="0812 3456 9999", code=code)
    assert error.code is AccountError.OTP_MISSING
    error = factories.raised(_link, db, who, now, partner, channel="gopay", code=code)
    assert error.code is AccountError.OTP_MISSING


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("0812 3456 0000", MoneyError.PAYOUT_ACCOUNT_NOT_FOUND),
        ("0812 3456 0001", MoneyError.PAYOUT_ACCOUNT_INACTIVE),
        ("0812 3456 0002", MoneyError.PAYOUT_EWALLET_NOT_UPGRADED),
        ("0812 3456 0003", MoneyError.PAYOUT_NAME_MISMATCH),  # held by "PEMILIK LAIN"
        ("0812 3456 7777", MoneyError.PAYOUT_NAME_MISMATCH),  # "PESERTA SIMULASI"
    ],
)
def test_the_partners_inquiry_refuses_unfit_accounts(db, now, partner, simulator, number, code):
    who = _participant(db, now)
    sent = _code(db, who, now, number=number)
    error = factories.raised(_link, db, who, now, partner, number=number, code=sent)
    assert (error.code, error.field) == (code, "account_number")
    assert db.exec(select(PayoutAccount)).all() == []
    refused = db.exec(select(AuditLog).where(AuditLog.action == "payout.account_refused")).one()
    assert str(code) in (refused.after_json or "")
    # The code was not used up: once the account is fixed, it links.
    _register(simulator, "ovo", payout_accounts.normalize_number(PayoutChannel.OVO, number))
    assert _link(db, who, now, partner, number=number, code=sent).channel is PayoutChannel.OVO


@pytest.mark.parametrize("status", ["inactive", "not_upgraded"])
def test_a_registered_account_in_a_bad_state_is_refused(db, now, partner, simulator, status):
    who = _participant(db, now)
    _register(simulator, "gopay", OVO_STORED, status=status)
    error = factories.raised(_link, db, who, now, partner, channel="gopay")
    expected = {
        "inactive": MoneyError.PAYOUT_ACCOUNT_INACTIVE,
        "not_upgraded": MoneyError.PAYOUT_EWALLET_NOT_UPGRADED,
    }
    assert error.code is expected[status]


def test_a_bni_account_ending_0002_is_an_ordinary_account(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "bni", "1234560002")
    assert _link(db, who, now, partner, channel="bni", number="1234560002")


def test_the_holders_name_may_differ_within_the_rule(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "linkaja", OVO_STORED, holder="Siti Rahayu, S.E.")
    assert _link(db, who, now, partner, channel="linkaja").holder_name == "Siti Rahayu, S.E."


def test_an_unreachable_partner_links_nothing(db, now):
    class Down:
        def validate_account(self, channel, account_no):
            raise PartnerUnavailable(PartnerError.TIMEOUT)

    who = _participant(db, now)
    error = factories.raised(_link, db, who, now, Down())
    assert error.code is MoneyError.PAYOUT_PARTNER_UNAVAILABLE
    assert db.exec(select(PayoutAccount)).all() == []


def test_dana_cannot_be_linked_before_14_october(db, partner, simulator):
    before = wib_to_utc(2020, 10, 13, 12, 0)
    who = _participant(db, before)
    error = factories.refused(
        db,
        payout_accounts.request_link_code,
        user_id=who.user_id,
        channel="dana",
        account_number=OVO_NUMBER,
        password_ok=None,
        now=before,
    )
    assert (error.code, error.field) == (MoneyError.PAYOUT_CHANNEL_NOT_YET, "channel")
    _register(simulator, "dana", OVO_STORED)
    after = wib_to_utc(2020, 10, 14, 8, 0)
    assert _link(db, who, after, partner, channel="dana").channel is PayoutChannel.DANA


def test_both_fields_are_refused_at_once(db, now):
    who = _participant(db, now)
    error = factories.refused(
        db,
        payout_accounts.request_link_code,
        user_id=who.user_id,
        channel="bca",
        account_number="",
        password_ok=None,
        now=now,
    )
    assert (error.code, error.field) == (MoneyError.PAYOUT_CHANNEL_UNKNOWN, "channel")
    error = factories.refused(
        db,
        payout_accounts.request_link_code,
        user_id=who.user_id,
        channel="bni",
        account_number="12",
        password_ok=None,
        now=now,
    )
    assert error.field == "account_number"


def test_only_participants_link_an_account(db, now):
    applicant = factories.user(db, now)
    error = factories.refused(
        db,
        payout_accounts.request_link_code,
        user_id=applicant.id,
        channel="ovo",
        account_number=OVO_NUMBER,
        password_ok=None,
        now=now,
    )
    assert error.code not in set(MoneyError)
    assert payout_accounts.current_account(db, applicant.id) is None


# --- one number, one NIK --------------------------------------------------------------------


def test_a_number_held_by_another_nik_is_refused_and_flagged(db, now, partner, simulator):
    first, second = _participant(db, now), _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _link(db, first, now, partner)
    error = factories.raised(_link, db, second, now, partner)
    assert (error.code, error.field) == (MoneyError.PAYOUT_ACCOUNT_TAKEN, "account_number")
    assert payout_accounts.current_account(db, second.user_id) is None
    (conflict,) = payout_accounts.conflicts(db)
    assert (conflict.participant_id, conflict.other_participant_id) == (second.id, first.id)
    assert (conflict.channel, conflict.masked_number) == ("ovo", "****7890")
    assert _actions(db)[-1] == payout_accounts.CONFLICT_ACTION


def test_a_number_given_up_by_one_nik_still_cannot_serve_another(db, now, partner, simulator):
    first, second = _participant(db, now), _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _register(simulator, "bni", BNI_NUMBER)
    _link(db, first, now, partner)
    later = now + timedelta(minutes=2)
    _link(db, first, later, partner, channel="bni", number=BNI_NUMBER, password_ok=True)
    error = factories.raised(_link, db, second, later, partner)
    assert error.code is MoneyError.PAYOUT_ACCOUNT_TAKEN


def test_a_race_for_one_number_ends_in_the_databases_refusal(
    db, now, partner, simulator, monkeypatch
):
    """Both participants pass the check before either has written: the unique pair
    refuses the second insert, which is then refused and flagged like any conflict."""
    first, second = _participant(db, now), _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    code = _code(db, second, now)
    _link(db, first, now, partner)
    real = payout_accounts._holder_of
    calls = []

    def not_yet_seen(session, channel, number):
        calls.append(1)
        return None if len(calls) == 1 else real(session, channel, number)

    monkeypatch.setattr(payout_accounts, "_holder_of", not_yet_seen)
    error = factories.raised(_link, db, second, now, partner, code=code)
    assert error.code is MoneyError.PAYOUT_ACCOUNT_TAKEN
    (conflict,) = payout_accounts.conflicts(db)
    assert (conflict.participant_id, conflict.other_participant_id) == (second.id, first.id)


def test_the_database_keeps_one_active_account_per_participant(db, now):
    who = _participant(db, now)

    def row(provider, number, active=True):
        return PayoutAccount(
            participant_id=who.id,
            provider=provider,
            account_number=number,
            holder_name="A",
            active=active,
        )

    db.add_all([row("ovo", "1"), row("bni", "2")])
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    db.add_all([row("ovo", "1", active=False), row("bni", "2")])
    db.commit()  # history (inactive rows) beside the active one is fine
    count = db.exec(select(sa.func.count()).select_from(PayoutAccount)).one()
    assert count == 2


# --- changing -------------------------------------------------------------------------------


def test_changing_the_account_needs_the_password_again(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _register(simulator, "bni", BNI_NUMBER)
    first = _link(db, who, now, partner)
    later = now + timedelta(minutes=2)
    ask = {"user_id": who.user_id, "channel": "bni", "account_number": BNI_NUMBER, "now": later}

    error = factories.refused(db, payout_accounts.request_link_code, password_ok=None, **ask)
    assert (error.code, error.field) == (MoneyError.PAYOUT_PASSWORD_REQUIRED, "password")
    error = factories.raised(payout_accounts.request_link_code, db, password_ok=False, **ask)
    assert (error.code, error.field) == (MoneyError.PAYOUT_PASSWORD_WRONG, "password")
    assert db.exec(select(Attempt).where(Attempt.scope == "payout_password")).one()

    assert payout_accounts.password_matches(db, who.user_id, factories.PASSWORD)
    assert not payout_accounts.password_matches(db, who.user_id, "bukan-kata-sandinya")
    changed = _link(db, who, later, partner, channel="bni", number=BNI_NUMBER, password_ok=True)
    assert changed.channel is PayoutChannel.BNI
    assert payout_accounts.current_account(db, who.user_id) == changed
    rows = {r.provider: r for r in db.exec(select(PayoutAccount)).all()}
    assert (rows["ovo"].active, rows["ovo"].deactivated_at) == (False, later)  # history
    assert rows["bni"].active
    link = db.exec(select(AuditLog).where(AuditLog.action == "payout.account_link")).all()[-1]
    assert f'"account_id": {first.account_id}' in (link.before_json or "")


def test_a_code_sent_before_an_account_was_linked_cannot_change_it(db, now, partner, simulator):
    """A code asked for with no account linked (so without the password) is bound to
    "replaces nothing": once an account is linked, it changes nothing."""
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _register(simulator, "bni", BNI_NUMBER)
    stale = _code(db, who, now, channel="bni", number=BNI_NUMBER)
    later = now + timedelta(minutes=2)
    _link(db, who, later, partner)
    error = factories.raised(_link, db, who, later, partner, "bni", BNI_NUMBER, code=stale)
    assert error.code is AccountError.OTP_MISSING
    assert payout_accounts.current_account(db, who.user_id).channel is PayoutChannel.OVO


def test_wrong_passwords_are_limited(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _link(db, who, now, partner)
    ask = {"user_id": who.user_id, "channel": "bni", "account_number": BNI_NUMBER, "now": now}
    for _ in range(payout_accounts.PASSWORD_TRIES.count):
        factories.raised(payout_accounts.request_link_code, db, password_ok=False, **ask)
    error = factories.raised(payout_accounts.request_link_code, db, password_ok=True, **ask)
    assert (error.code, error.field) == (CoreError.RATE_LIMITED, "password")


def test_the_current_account_again_is_refused(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _link(db, who, now, partner)
    error = factories.refused(
        db,
        payout_accounts.request_link_code,
        user_id=who.user_id,
        channel="ovo",
        account_number="+6281234567890",
        password_ok=True,
        now=now,
    )
    assert (error.code, error.field) == (MoneyError.PAYOUT_ALREADY_LINKED, "account_number")


# --- the deadline ---------------------------------------------------------------------------


def test_nothing_is_linked_or_changed_after_the_deadline(db, partner, simulator):
    deadline = program.PAYOUT_LINKING_DEADLINE
    who = _participant(db, deadline - timedelta(days=40))
    _register(simulator, "ovo", OVO_STORED)
    code = _code(db, who, deadline - timedelta(minutes=1))
    after = deadline + timedelta(seconds=1)
    error = factories.raised(_link, db, who, after, partner, code=code)
    assert error.code is MoneyError.PAYOUT_DEADLINE
    assert "31 Desember 2020" in text(error)
    error = factories.refused(
        db,
        payout_accounts.request_link_code,
        user_id=who.user_id,
        channel="ovo",
        account_number=OVO_NUMBER,
        password_ok=None,
        now=after,
    )
    assert error.code is MoneyError.PAYOUT_DEADLINE
    assert _link(db, who, deadline, partner, code=code).channel is PayoutChannel.OVO


def test_every_refusal_has_its_sentence():
    for code in MoneyError:
        if code.value.startswith("payout_"):
            details = {"digits": 10, "deadline": program.PAYOUT_LINKING_DEADLINE}
            details["available_from"] = program.DANA_AVAILABLE_FROM
            assert text(DomainError(code, **details))


def test_going_back_to_an_earlier_account_reactivates_its_row(db, now, partner, simulator):
    who = _participant(db, now)
    _register(simulator, "ovo", OVO_STORED)
    _register(simulator, "bni", BNI_NUMBER)
    first = _link(db, who, now, partner)
    later, latest = now + timedelta(minutes=2), now + timedelta(minutes=4)
    _link(db, who, later, partner, channel="bni", number=BNI_NUMBER, password_ok=True)
    back = _link(db, who, latest, partner, password_ok=True)
    assert back.account_id == first.account_id
    rows = {r.provider: r for r in db.exec(select(PayoutAccount)).all()}
    assert (rows["ovo"].active, rows["ovo"].deactivated_at) == (True, None)
    assert (rows["bni"].active, rows["bni"].deactivated_at) == (False, latest)


def test_the_codes_binding_fits_its_column_for_the_longest_numbers():
    """`OtpCode.target` holds 32 characters (PostgreSQL refuses more; SQLite does not)."""
    longest_phone = "+62" + "8" * 12
    target = payout_accounts._otp_target(
        longest_phone, PayoutChannel.LINKAJA, "0" + "8" * 12, 10**9
    )
    assert len(target) <= 32 and target.startswith(f"{longest_phone}/")
