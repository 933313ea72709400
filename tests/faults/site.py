"""What a fault test's site holds, made inside the site's own shell (`servers.run_in_site`):
a page tree, a topic, members with their sessions. Each function returns JSON-ready data."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import translation

from tests.factories import make_member


def _session(member) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.save()
    return session.session_key or ""


def _topic(author):
    from wagtail.models import Locale, Page, Site

    from community import actions
    from community.models import BespreekpuntIndexPage, BespreekpuntPage
    from home.models import HomePage

    nl, _ = Locale.objects.get_or_create(language_code="nl")
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(instance=HomePage(title="Flexibel Opleiden", slug="home", locale=nl))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    index = home.add_child(instance=BespreekpuntIndexPage(title="Bespreekpunten", slug="bp"))
    page = index.add_child(
        instance=BespreekpuntPage(title="Leeruitkomsten", slug="lu", number=1, intro="<p>Intro</p>")
    )
    page.save_revision().publish()
    return actions.check_create_topic(author, page, title="Storingen overleven", body="Start")


def _urls(topic) -> dict:
    with translation.override("nl"):
        return {
            "topic": topic.pk,
            "url": topic.get_absolute_url(),
            "reply": topic.subpage_url("reply"),
        }


def members_and_topic(members: int) -> dict:
    """A topic started by the first of `members` members; every member's session."""
    people = [make_member(f"lid{i}", display_name=f"Lid {i}") for i in range(members)]
    topic = _topic(people[0])
    return {**_urls(topic), "sessions": [_session(member) for member in people]}


def watched_topic(watchers: int) -> dict:
    """A topic and `watchers` members who watch it and want every email right away."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from community.models import Profile, TopicWatch, WatchLevel

    author = make_member("auteur", display_name="Auteur")
    topic = _topic(author)
    user_model = get_user_model()
    password = make_password(None)
    users = user_model.objects.bulk_create(
        user_model(username=f"lezer{i}", email=f"lezer{i}@example.org", password=password)
        for i in range(watchers)
    )
    Profile.objects.bulk_create(
        Profile(user=user, display_name=f"Lezer {i}", trust_level=1) for i, user in enumerate(users)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    members = Group.objects.get_or_create(name="Members")[0]
    user_model.groups.through.objects.bulk_create(
        user_model.groups.through(user_id=user.pk, group_id=members.pk) for user in users
    )
    TopicWatch.objects.bulk_create(
        TopicWatch(user=user, topic=topic, level=WatchLevel.WATCHING) for user in users
    )
    return {**_urls(topic), "session": _session(author)}
