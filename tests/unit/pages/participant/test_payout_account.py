"""The dashboard's payout account card, through its handlers as a browser calls them: the
form, the code, the link through the partner simulator, a change with the password, and
what the tab's state holds."""

from collections.abc import Iterator

import pytest
from sqlmodel import select

from prakerja_app.models import PayoutAccount, User, utc_now
from prakerja_app.pages.participant.payout_account import CODE_SENT, FORM, PayoutAccountState
from prakerja_app.services.core import clock
from prakerja_app.services.core.formatting import wib_to_utc
from tests import factories
from tests.partner_simulator import PartnerSimulator
from tests.tabs import Tab

pytestmark = pytest.mark.anyio

NAME = PayoutAccountState.get_full_name()
OVO = {"channel": "ovo", "account_number": "0812 3456 7890"}
PROGRAM_NOW = wib_to_utc(2020, 9, 20, 10, 0)


@pytest.fixture(scope="module")
def _simulator() -> Iterator[PartnerSimulator]:
    with PartnerSimulator() as simulator:
        yield simulator


@pytest.fixture
def simulator(_simulator, monkeypatch, tmp_path) -> PartnerSimulator:
    """The simulator as the configured partner, with SITI RAHAYU's OVO 081234567890."""
    _simulator.reset()
    settings = _simulator.settings
    monkeypatch.setenv("PRAKERJA_PARTNER_URL", settings.base_url)
    monkeypatch.setenv("PRAKERJA_PARTNER_CREATOR_KEY", settings.creator_key)
    monkeypatch.setenv("PRAKERJA_PARTNER_APPROVER_KEY", settings.approver_key)
    monkeypatch.setenv("PRAKERJA_PARTNER_NOTIFICATION_KEY", settings.notification_key)
    monkeypatch.setenv("PRAKERJA_PRIVATE_DIR", str(tmp_path / "private"))
    monkeypatch.delenv("PRAKERJA_SMTP_HOST", raising=False)
    for bank, account in (("ovo", "081234567890"), ("bni", "1234567890")):
        _simulator.control(
            "accounts",
            {"bank": bank, "account": account, "holder_name": "Siti Rahayu", "status": "active"},
        )
    return _simulator


@pytest.fixture
def participant(db, states: Tab, simulator, monkeypatch):
    """A participant signed in in this tab, the program clock on 20 Sep 2020."""
    factories.cheap_password_hashing(monkeypatch)
    clock.set_program_time(db, PROGRAM_NOW, utc_now())
    db.commit()
    made = factories.buyer(db, PROGRAM_NOW, balance=0)
    profile = factories.profile_of(db, made.user_id)
    profile.full_name_ktp = "SITI RAHAYU"
    db.add(profile)
    db.commit()
    states.connect(factories.session_token(db, db.get(User, made.user_id)))
    return made


async def _send(tab: Tab, handler: str, **payload) -> PayoutAccountState:
    await tab.send(f"{NAME}.{handler}", payload)
    return tab(PayoutAccountState)


def _state_text(tab: Tab) -> str:
    state = tab(PayoutAccountState)
    return repr({k: v for k, v in vars(state).items() if not k.startswith("__")})


async def test_a_visitor_gets_no_card(states, db):
    card = await _send(states, "load")
    assert card.card is None
    assert await _send(states, "send_code", form=OVO) is not None
    assert db.exec(select(PayoutAccount)).all() == []


async def test_a_participant_links_ovo_with_the_code(states, db, participant):
    card = await _send(states, "load")
    assert card.card is not None and not card.card.linked
    assert [value for value, _label in card.card.channels] == ["bni", "ovo", "gopay", "linkaja"]

    card = await _send(states, "send_code", form={"channel": "ovo", "account_number": "021 555"})
    assert card.errors == {
        "account_number": "Nomor e-wallet adalah nomor HP yang terdaftar di e-wallet, misalnya"
        " 0812 3456 7890."
    }
    card = await _send(states, "send_code", form={"channel": "", "account_number": ""})
    assert card.errors["channel"] == "Pilih bank atau e-wallet dari daftar."

    card = await _send(states, "send_code", form=OVO)
    assert (card.errors, card.message, card.phase) == ({}, "", CODE_SENT)
    assert card.pending == "OVO ****7890"
    phone = factories.phone_of(db, participant)
    assert card.sent_to.endswith(phone[-4:]) and phone not in card.sent_to

    card = await _send(states, "link", form={"otp": "12345"})
    assert card.errors == {"otp": "Kode OTP terdiri dari 6 angka."}
    code = factories.sms_code(db, phone)
    card = await _send(states, "link", form={"otp": "000000" if code != "000000" else "111111"})
    assert "otp" in card.errors and card.phase == CODE_SENT
    card = await _send(states, "link", form={"otp": code})
    assert (card.errors, card.message, card.phase) == ({}, "", "")
    assert (card.card.linked, card.card.channel_label, card.card.masked_number) == (
        True,
        "OVO",
        "****7890",
    )
    assert card.notice.startswith("Rekening berhasil dihubungkan")
    assert "081234567890" not in _state_text(states)  # the number is masked, even backstage
    db.rollback()
    assert db.exec(select(PayoutAccount.account_number)).one() == "081234567890"


async def test_a_refusal_of_the_inquiry_shows_next_to_the_number(states, db, participant):
    await _send(states, "load")
    await _send(states, "send_code", form={"channel": "gopay", "account_number": "0812 3456 0002"})
    code = factories.sms_code(db, factories.phone_of(db, participant))
    card = await _send(states, "link", form={"otp": code})
    assert card.errors["account_number"].startswith("Akun e-wallet ini belum di-upgrade")
    assert card.phase == CODE_SENT


async def test_changing_the_account_asks_for_the_password(states, db, participant, monkeypatch):
    account = PayoutAccount(
        participant_id=participant.id,
        provider="ovo",
        account_number="081234567890",
        holder_name="Siti Rahayu",
        verified_at=PROGRAM_NOW,
    )
    db.add(account)
    db.commit()
    card = await _send(states, "load")
    assert card.card.linked
    card = await _send(states, "start_change")
    assert card.phase == FORM
    bni = {"channel": "bni", "account_number": "1234567890"}
    card = await _send(states, "send_code", form=bni | {"password": ""})
    assert card.errors == {"password": "Masukkan kata sandi Anda untuk mengganti rekening."}
    card = await _send(states, "send_code", form=bni | {"password": "bukan-kata-sandinya"})
    assert card.errors == {"password": "Kata sandi salah."}
    card = await _send(states, "send_code", form=bni | {"password": factories.PASSWORD})
    assert (card.errors, card.phase) == ({}, CODE_SENT)
    code = factories.sms_code(db, factories.phone_of(db, participant))
    card = await _send(states, "link", form={"otp": code})
    assert (card.card.channel_label, card.card.masked_number) == ("Rekening BNI", "****7890")
    db.rollback()
    rows = db.exec(select(PayoutAccount.provider, PayoutAccount.active)).all()
    assert sorted(rows) == [("bni", True), ("ovo", False)]


@pytest.mark.parametrize("form", [None, {"channel": 1}, {"channel": "ovo", "account_number": []}])
async def test_forged_forms_change_nothing(states, db, participant, form):
    await _send(states, "load")
    card = await _send(states, "send_code", form=form)
    assert card.phase == ""
    db.rollback()
    assert db.exec(select(PayoutAccount)).all() == []
