"""Watch levels: what each level notifies, which choice wins, and the form on the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from community import actions
from community.models import Notification, TopicWatch, WatchLevel
from community.notifications import check_set_watch_level, effective_watch_level
from tests.factories import make_member


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the after-commit listeners, as at the end of a real request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.mark.parametrize(
    ("level", "plain", "mention"),
    [
        (WatchLevel.WATCHING, ["watched"], ["mention"]),
        (WatchLevel.TRACKING, [], ["mention"]),
        (WatchLevel.NORMAL, [], ["mention"]),
        (WatchLevel.MUTED, [], []),
    ],
)
def test_each_level_notifies_what_it_promises(
    committed, topic, member, other_member, level, plain, mention
):
    check_set_watch_level(member, level=level, topic=topic)
    with committed():
        actions.check_create_post(other_member, topic, body="Een gewone reactie")
    assert _kinds(member) == plain
    Notification.objects.all().delete()
    with committed():
        actions.check_create_post(other_member, topic, body="Wat denk jij, @marieke?")
    assert _kinds(member) == mention


def test_muted_means_no_reply_or_reaction_either(committed, topic, member, other_member):
    check_set_watch_level(member, level=WatchLevel.MUTED, topic=topic)
    first = topic.posts.get(number=1)
    with committed():
        actions.check_create_post(other_member, topic, body="Eens!", reply_to=1)
        actions.check_react(other_member, first, "heart")
    assert _kinds(member) == []


def test_watching_a_bespreekpunt_notifies_new_topics(committed, bespreekpunt, member, other_member):
    check_set_watch_level(member, level=WatchLevel.WATCHING, bespreekpunt=bespreekpunt)
    with committed():
        actions.check_create_topic(other_member, bespreekpunt, title="Nieuw", body="Hallo")
    assert _kinds(member) == ["watched"]


def test_topic_choice_overrides_the_bespreekpunt(committed, topic, member, other_member):
    check_set_watch_level(member, level=WatchLevel.WATCHING, bespreekpunt=topic.bespreekpunt)
    check_set_watch_level(member, level=WatchLevel.MUTED, topic=topic)
    assert effective_watch_level(member, topic) == WatchLevel.MUTED
    with committed():
        actions.check_create_post(other_member, topic, body="Hallo @marieke")
    assert _kinds(member) == []


def test_default_is_normal_and_replying_sets_tracking(committed, topic, other_member):
    assert effective_watch_level(other_member, topic) == WatchLevel.NORMAL
    with committed():
        actions.check_create_post(other_member, topic, body="Ik doe mee")
    assert effective_watch_level(other_member, topic) == WatchLevel.TRACKING


def test_replying_keeps_a_level_the_member_chose(committed, topic, other_member):
    check_set_watch_level(other_member, level=WatchLevel.MUTED, topic=topic)
    with committed():
        actions.check_create_post(other_member, topic, body="Toch nog iets")
    assert TopicWatch.objects.get(user=other_member, topic=topic).level == WatchLevel.MUTED


def test_starting_a_topic_tracks_it(committed, bespreekpunt, member):
    with committed():
        topic = actions.check_create_topic(member, bespreekpunt, title="Mijn vraag", body="Wie?")
    assert effective_watch_level(member, topic) == WatchLevel.TRACKING


def test_bad_level_or_non_member_changes_nothing(topic, member, db):
    with pytest.raises(ValidationError):
        check_set_watch_level(member, level=7, topic=topic)
    with pytest.raises(ValidationError):
        check_set_watch_level(member, level=WatchLevel.MUTED)
    outsider = make_member("buiten", group="Visitors")
    with pytest.raises(PermissionDenied):
        check_set_watch_level(outsider, level=WatchLevel.MUTED, topic=topic)
    assert not TopicWatch.objects.exists()


def test_topic_page_form_changes_the_level(client, topic, other_member):
    client.force_login(other_member)
    html = client.get(topic.get_absolute_url() + "?page=1").content.decode()
    assert "Meldingen voor dit onderwerp" in html and ">Negeren</option>" in html
    url = f"/nl/volgen/onderwerp/{topic.pk}/"
    assert url in html
    response = client.post(
        url, {"level": WatchLevel.WATCHING, "next": topic.get_absolute_url()}, follow=True
    )
    assert response.redirect_chain[0][0] == topic.get_absolute_url()
    assert effective_watch_level(other_member, topic) == WatchLevel.WATCHING
    html = response.content.decode()
    assert '<option value="3" selected>Alles volgen</option>' in html
    assert "Meldingsniveau ingesteld op “Alles volgen”." in html


def test_bespreekpunt_page_form_and_bad_input(client, bespreekpunt, other_member, make_topic):
    client.force_login(other_member)
    url = f"/nl/volgen/bespreekpunt/{bespreekpunt.pk}/"
    assert url in client.get(bespreekpunt.url).content.decode()
    response = client.post(url, {"level": "veel"}, follow=True)
    assert response.redirect_chain[0][0] == bespreekpunt.url
    assert "Kies een van de meldingsniveaus" in response.content.decode()
    client.post(url, {"level": WatchLevel.MUTED})
    assert effective_watch_level(other_member, make_topic()) == WatchLevel.MUTED


def test_form_is_for_members_only(client, topic):
    assert 'name="level"' not in client.get(topic.get_absolute_url()).content.decode()
