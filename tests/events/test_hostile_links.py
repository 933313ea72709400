"""The hostile-input sweep, events part: tampered, reused and absurd signed links (guest
confirmation, cancellation, a member's private calendar feed). Each answers 4xx in Dutch and
changes nothing."""

import pytest

from events import actions
from events.actions import Registrant
from events.links import CANCEL_SALT, CONFIRM_SALT, member_feed_token, registration_token
from tests.factories import make_member
from tests.hostile import assert_refused, snapshot


@pytest.fixture
def guest_registration(event):
    return actions.check_register_guest(
        event, Registrant(name="Gast Een", email="gast@example.org", institution="Pabo")
    )


def _bad_tokens(token: str) -> list[str]:
    pk, _dash, mac = token.partition("-")
    return [
        f"{pk}-{'0' * len(mac)}",  # tampered signature
        f"{int(pk) + 1}-{mac}",  # someone else's registration with this signature
        f"{'9' * 40}-{mac}",  # an id past any database integer
        f"²-{mac}",  # a digit that int() does not read
        "zonder-streepje-of-cijfers",
        "-",
    ]


@pytest.mark.parametrize(
    ("kind", "salt"), [("bevestigen", CONFIRM_SALT), ("afmelden", CANCEL_SALT)]
)
def test_tampered_confirmation_and_cancellation_links_are_refused(
    client, event, guest_registration, kind, salt
):
    before = snapshot()
    for token in _bad_tokens(registration_token(guest_registration, salt)):
        url = f"{event.url}{kind}/{token}/"
        for response in (client.get(url), client.post(url)):
            assert response.status_code in (400, 404), (url, response.status_code)
            assert_refused(response)
    assert snapshot() == before


def test_a_used_cancellation_link_is_refused_the_second_time(client, event, guest_registration):
    url = f"{event.url}afmelden/{registration_token(guest_registration, CANCEL_SALT)}/"
    assert client.post(url).status_code == 302
    before = snapshot()
    assert_refused(client.post(url), 400)
    assert_refused(client.get(url), 400, text="al geannuleerd")
    assert snapshot() == before


def test_another_members_private_feed_cannot_be_guessed(client, agenda, event, member):
    other = make_member("jeroen")
    actions.check_register_member(other, event)
    token = member_feed_token(member)
    pk, _dash, mac = token.partition("-")
    before = snapshot()
    for forged in (f"{other.pk}-{mac}", f"{pk}-{'a' * len(mac)}", f"{'9' * 40}-{mac}", "x"):
        assert_refused(client.get(f"{agenda.url}mijn-kalender/{forged}/"), 404)
    own = client.get(f"{agenda.url}mijn-kalender/{token}/").content.decode()
    assert event.title not in own  # jeroen's registration is not in marieke's feed
    assert snapshot() == before
