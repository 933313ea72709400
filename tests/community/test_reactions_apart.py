"""A post's reactions are rendered apart from the rest of it (community_posts.render_reactions)
and put into a page's frame kept without them (community.post_list): the page so made is the
page rendered afresh, and after a like nothing but the page's reactions is read again."""

from django.test import Client
from django.utils import translation

from community import actions
from community.post_list import _composed, _load_frame, _page_reactors, _with_local_marker
from community.templatetags import community_posts
from community.templatetags.community_posts import MARKER, REACTIONS
from community.views.context import topic_url
from tests.community.test_shared_posts import _post, _view
from tests.community.test_views import _fill


def _laid(topic, frame, fresh=None):
    return _composed(frame, fresh, topic_url(topic.bespreekpunt, topic))


def _frame(topic):
    with translation.override("nl"):
        return _load_frame(topic.bespreekpunt, topic, 0, 50, None)


def test_a_kept_frame_with_fresh_reactions_is_the_page_rendered_afresh(topic, member, other_member):
    _fill(topic, [member, other_member], 8)
    kept = _frame(topic)
    actions.do_react(member, topic.posts.get(number=3), "bulb", add=True)
    actions.do_react(other_member, topic.posts.get(number=5), "heart", add=False)
    actions.check_delete_post(member, topic.posts.get(number=6))
    with translation.override("nl"):
        afresh = _laid(topic, _load_frame(topic.bespreekpunt, topic, 0, 50, None))
        # The deletion changed the structure: only the reactions are compared on post 6.
        relaid = _laid(topic, kept, _page_reactors(topic, kept))
    assert relaid.facts[3].reactors == afresh.facts[3].reactors
    assert member.pk in relaid.facts[3].reactors["bulb"]
    for number in (1, 2, 3, 4, 5, 7, 8):
        assert _post(relaid.html, number) == _post(afresh.html, number)
    assert MARKER + "reactions" not in relaid.html


def test_a_frame_made_by_another_process_gets_this_process_marker(topic, member, other_member):
    _fill(topic, [member, other_member], 4)
    frame = _frame(topic)
    foreign = frame._replace(
        marker="slotvaneenanderproces",
        posts=[(n, html.replace(MARKER, "slotvaneenanderproces")) for n, html in frame.posts],
    )
    with translation.override("nl"):
        assert _laid(topic, _with_local_marker(foreign)).html == _laid(topic, frame).html


def test_after_a_like_a_page_renders_nothing_again(
    client, topic, member, other_member, django_capture_on_commit_callbacks
):
    _fill(topic, [member, other_member], 12)
    url = topic.get_absolute_url() + "?page=1"
    client.force_login(other_member)
    _view(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        actions.check_react(member, topic.posts.get(number=3), "bulb")
    posts, reactions = community_posts.size(), len(REACTIONS)
    for reader in (client, Client()):
        html = _view(reader, url)
        assert "Marieke de Vries" in _post(html, 3).split('class="reactions"')[1]
    assert (community_posts.size(), len(REACTIONS)) == (posts, reactions)
