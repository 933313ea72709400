"""The demo shows a closed poll and a consent round that ended in consent, made once."""

from community import demo
from community.models import ConsentResponse, ConsentRound, Poll, PollVote
from home.demo import DemoContext
from tests.community.test_demo import USERNAMES
from tests.factories import make_member


def test_the_demo_has_a_closed_poll_and_a_decided_consent_round(home_page, client):
    context = DemoContext(home=home_page, home_en=home_page.get_translation(home_page.locale))
    context.members = {name: make_member(name, group=group) for name, group in USERNAMES.items()}
    demo.load(context)
    demo.load(context)
    poll = Poll.objects.get()
    assert poll.is_closed and poll.voter_count == 5 == PollVote.objects.count()
    consent_round = ConsentRound.objects.get()
    assert consent_round.outcome == ConsentRound.Outcome.CONSENT
    assert (consent_round.consent_count, consent_round.objection_count) == (3, 0)
    assert ConsentResponse.objects.count() == 4
    page = client.get(consent_round.topic.get_absolute_url()).content.decode()
    assert "Uitkomst: Consent" in page and "gedeelde checklist" in page
    page = client.get(poll.post.topic.get_absolute_url()).content.decode()
    assert "3 stemmen (60%)" in page
