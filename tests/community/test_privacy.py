"""A member's data export and account erasure (community/privacy.py and the apps' registrations)."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.rich_text import RichText

from community import actions
from community.models import (
    BespreekpuntWatch,
    Flag,
    Notification,
    Post,
    Profile,
    Reaction,
    TopicWatch,
)
from community.privacy import check_erase_member, registrations
from events.actions import check_register_member
from events.models import EventIndexPage, EventPage, Registration
from knowledge.models import ArticlePage, KnowledgeIndexPage
from search.models import SearchDocument
from tests.factories import make_member

PASSWORD = "correct-horse-battery"  # tests/factories.py


def user_fields(model: type[models.Model]) -> list[str]:
    """The model's own (not inherited) relations to the user model."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field.name
        for field in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if isinstance(field, models.ForeignKey | models.ManyToManyField)
        and field.related_model is user_model
    ]


def test_every_user_field_is_registered_for_export_and_erasure():
    covered = {(entry.model, name) for entry in registrations() for name in entry.fields}
    missing = [
        f"{model._meta.label}.{name}"
        for model in apps.get_models()
        for name in user_fields(model)
        if (model, name) not in covered
    ]
    assert missing == []
    for entry in registrations():
        assert callable(entry.erase), entry.model
        assert entry.export is not None or entry.reason, entry.model


def test_no_model_stores_ip_addresses():
    assert [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.local_fields
        if isinstance(field, models.GenericIPAddressField)
    ] == []


@pytest.fixture
def world(home_page, bespreekpunt, member, other_member):
    """Marieke (member) with content everywhere, and Jeroen's replies and reactions to her."""
    topic = actions.check_create_topic(
        member, bespreekpunt, title="Leeruitkomsten in de pabo", body="Mijn vraag.", tags=["pabo"]
    )
    first = topic.posts.get(number=1)
    actions.check_edit_post(member, first, body="Mijn vraag, scherper gesteld.")
    reply = actions.check_create_post(other_member, topic, body="Jeroens antwoord.", reply_to=1)
    other_topic = actions.check_create_topic(
        other_member, bespreekpunt, title="Stages", body="Jeroen begint."
    )
    her_reply = actions.check_create_post(member, other_topic, body="Haar eigen reactie.")
    actions.check_react(other_member, first, "heart", add=True)
    actions.check_react(member, reply, "bulb", add=True)
    actions.check_react(other_member, reply, "bulb", add=True)
    actions.check_toggle_bookmark(member, reply, add=True)
    actions.save_draft(member, f"reply:{other_topic.pk}", body="Half af concept")
    actions.mark_read(member, other_topic, 1)
    TopicWatch.objects.create(user=member, topic=other_topic, level=3)
    BespreekpuntWatch.objects.create(user=member, bespreekpunt=bespreekpunt, level=2)
    Notification.objects.create(user=member, kind="reply", actor=other_member, post=reply)
    caused = Notification.objects.create(
        user=other_member,
        kind="reaction",
        actor=member,
        post=reply,
        data={"reactions": {"bulb": [member.pk, make_member("anouk").pk]}},
    )
    Flag.objects.create(user=member, post=reply, reason="other", note="Klopt dit?")
    agenda = home_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    start = timezone.now() + timedelta(days=14)
    event = agenda.add_child(
        instance=EventPage(
            title="Studiedag",
            slug="studiedag",
            kind=EventPage.Kind.STUDIEDAG,
            start=start,
            end=start + timedelta(hours=6),
            location="Utrecht",
            audience=EventPage.Audience.EVERYONE,
            registration_enabled=True,
            capacity=5,
        )
    )
    event.save_revision().publish()
    registration = check_register_member(member, EventPage.objects.get(pk=event.pk))
    index = home_page.add_child(instance=KnowledgeIndexPage(title="Kennisbank", slug="kennisbank"))
    article = index.add_child(
        instance=ArticlePage(
            title="Werkplekleren",
            summary="Over werkplekleren.",
            body=[("paragraph", RichText("<p>Tekst.</p>"))],
            owner=member,
        )
    )
    article.authors.set([member])
    article.save()
    article.save_revision(user=member).publish()
    draft_article = index.add_child(
        instance=ArticlePage(
            title="Nog een concept",
            summary="Concept.",
            body=[("paragraph", RichText("<p>Concept.</p>"))],
            owner=member,
            live=False,
        )
    )
    return {
        "topic": topic,
        "first": first,
        "reply": reply,
        "other_topic": other_topic,
        "her_reply": her_reply,
        "caused": caused,
        "registration": registration,
        "article": article,
        "draft_article": draft_article,
    }


def url(name: str) -> str:
    with translation.override("nl"):
        return reverse(f"community:{name}")


def download(client) -> dict:
    response = client.get(url("export_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    return json.loads(response.content)


def test_export_contains_everything_about_the_member(client, member, world):
    client.force_login(member)
    data = download(client)
    assert data["account"]["username"] == "marieke"
    assert data["account"]["email"] == "marieke@example.org"
    assert data["account"]["date_joined"].startswith(str(member.date_joined.year))
    assert data["account.emailaddress"] == [
        {"email": "marieke@example.org", "verified": True, "primary": True}
    ]
    [profile] = data["community.profile"]
    assert profile["display_name"] == "Marieke de Vries"
    assert profile["institution"] == "Hogeschool Utrecht"
    assert [t["title"] for t in data["community.topic"]] == ["Leeruitkomsten in de pabo"]
    assert data["community.topic"][0]["tags"] == ["pabo"]
    posts = {post["body"]: post for post in data["community.post"]}
    assert set(posts) == {"Mijn vraag, scherper gesteld.", "Haar eigen reactie."}
    edited = posts["Mijn vraag, scherper gesteld."]
    assert [r["body"] for r in edited["revisions"]][0] == "Mijn vraag."
    # ISO 8601 dates.
    assert timezone.datetime.fromisoformat(edited["created_at"].replace("Z", "+00:00"))
    assert data["community.reaction"][0]["kind"] == "bulb"
    assert data["community.bookmark"][0]["post_id"] == world["reply"].pk
    assert data["community.draft"][0]["body"] == "Half af concept"
    assert "Stages" in {state["topic__title"] for state in data["community.readstate"]}
    assert data["community.topicwatch"][0]["level"] == 3
    assert data["community.bespreekpuntwatch"][0]["level"] == 2
    assert data["community.notification"][0]["kind"] == "reply"
    assert data["community.flag"][0]["note"] == "Klopt dit?"
    assert data["events.registration"][0]["event"] == "Studiedag"
    assert data["events.registration"][0]["email"] == "marieke@example.org"
    assert {a["title"] for a in data["knowledge.articlepage"]} == {
        "Werkplekleren",
        "Nog een concept",
    }
    assert "Jeroens antwoord." not in json.dumps(data["community.post"])


def test_export_and_erasure_need_login(client, member):
    for name in ("my_data", "export_data", "erase_account"):
        response = client.get(url(name))
        assert response.status_code == 302
        assert "login" in response["Location"]
    # A visitor's form post answers 403 with a login link (nothing erased, nothing lost).
    response = client.post(url("erase_account"), {"confirmation": member.email})
    assert response.status_code == 403
    assert "login" in response.content.decode()
    assert get_user_model().objects.get(pk=member.pk).is_active


def test_export_is_only_ones_own(client, member, other_member, world):
    client.force_login(other_member)
    data = download(client)
    assert data["account"]["username"] == "jeroen"
    assert "Marieke" not in json.dumps(data["community.profile"])
    assert data["community.draft"] == []


def test_my_data_page_is_linked_from_the_profile_edit_page(client, member):
    client.force_login(member)
    assert url("my_data") in client.get(url("profile_edit")).text
    page = client.get(url("my_data")).text
    assert url("export_data") in page
    assert url("erase_account") in page
    assert "Mijn gegevens" in page


def dump_related(user_pk: int, extra: list[models.Model]) -> str:
    """Every row still pointing at the user through a registered field, and `extra` rows."""
    objects = list(extra)
    for entry in registrations():
        for name in entry.fields:
            objects += entry.model._default_manager.filter(**{name: user_pk})
    objects += Profile.objects.filter(user_id=user_pk)
    objects += get_user_model().objects.filter(pk=user_pk)
    return serializers.serialize("json", objects)


def test_erasure_anonymises_the_member_and_keeps_threads_whole(
    client, member, other_member, world, django_capture_on_commit_callbacks
):
    elsewhere = type(client)()
    elsewhere.force_login(member)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("erase_account"), {"confirmation": "MARIEKE@example.org "})
    assert response.status_code == 302
    assert response["Location"] == url("account_erased")
    assert "verwijderd" in client.get(response["Location"]).text.lower()

    user = get_user_model().objects.get(pk=member.pk)
    assert user.username == f"verwijderd-{member.pk}"
    assert (user.email, user.first_name, user.is_active) == ("", "", False)
    assert not user.has_usable_password()
    assert not user.groups.exists()
    profile = Profile.objects.get(user=user)
    assert profile.erased_at is not None
    assert (profile.institution, profile.bio, list(profile.expertise.names())) == ("", "", [])

    # Nothing that names her is left in the rows about her, nor in others' notifications.
    registration = Registration.objects.get(pk=world["registration"].pk)
    caused = Notification.objects.get(pk=world["caused"].pk)
    dump = dump_related(member.pk, [registration, caused])
    for trace in ("Marieke", "marieke", "Hogeschool Utrecht"):
        assert trace not in dump
    assert registration.user is None
    assert registration.status == Registration.Status.CANCELLED
    for model in (Reaction, Flag, Notification, TopicWatch, BespreekpuntWatch):
        assert not model.objects.filter(user=user).exists()
    assert caused.actor is None
    assert member.pk not in caused.data["reactions"]["bulb"]

    # Threads stay whole: her posts, others' replies and reactions remain.
    assert Post.objects.filter(author=user).count() == 2
    reply = Post.objects.get(pk=world["reply"].pk)
    assert reply.reaction_counts == {"bulb": 1}
    assert reply.reactors == {"bulb": [[other_member.pk, "Jeroen Bakker"]]}
    assert Post.objects.get(pk=world["first"].pk).reaction_counts == {"heart": 1}
    page = client.get(world["topic"].get_absolute_url()).text
    assert "verwijderd lid" in page
    assert "Jeroens antwoord." in page and "Mijn vraag, scherper gesteld." in page
    assert "Marieke" not in page
    assert client.get(f"/nl/leden/{user.username}/").status_code == 404

    # The search index names the anonymised account as the author of her posts.
    authors = set(SearchDocument.objects.filter(kind="post").values_list("authors", flat=True))
    assert f"|{user.username}|" in authors and not any("marieke" in a for a in authors)

    # Knowledge: the published article stays without her; her never-published draft is gone.
    article = ArticlePage.objects.get(pk=world["article"].pk)
    assert list(article.authors.all()) == [] and article.owner is None
    assert not ArticlePage.objects.filter(pk=world["draft_article"].pk).exists()

    # She is logged out everywhere and cannot log in again.
    assert elsewhere.get(url("my_data")).status_code == 302
    assert not client.login(username="marieke", password=PASSWORD)
    assert not client.login(username=user.username, password=PASSWORD)


def test_api_shows_deleted_member_as_author(client, member, world):
    check_erase_member(member, member, confirmation=PASSWORD)
    topic = world["topic"]
    for language, name in (("nl", "verwijderd lid"), ("en", "deleted member")):
        response = client.get(f"/api/community/topics/{topic.pk}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        assert response.json()["author"] == f"verwijderd-{member.pk}"
        assert response.json()["posts"][0]["author_name"] == name


def test_wrong_confirmation_erases_nothing(client, member, world):
    client.force_login(member)
    response = client.post(url("erase_account"), {"confirmation": "iets anders"})
    assert response.status_code == 200
    assert "noch je e-mailadres noch je wachtwoord" in response.text
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Je account is niet verwijderd."
    ]
    user = get_user_model().objects.get(pk=member.pk)
    assert user.is_active and user.username == "marieke"
    assert Profile.objects.get(user=user).erased_at is None
    assert Reaction.objects.filter(user=user).exists()
    response = client.post(url("erase_account"), {"confirmation": ""})
    assert response.status_code == 200
    assert get_user_model().objects.get(pk=member.pk).is_active


def test_get_on_the_erase_url_only_asks(client, member, world):
    client.force_login(member)
    response = client.get(url("erase_account") + f"?confirmation={member.email}")
    assert response.status_code == 200
    assert 'method="post"' in response.text
    assert get_user_model().objects.get(pk=member.pk).is_active


def test_erasure_by_password_and_only_of_oneself(member, other_member, world):
    with pytest.raises(PermissionDenied):
        check_erase_member(other_member, member, confirmation=PASSWORD)
    assert get_user_model().objects.get(pk=member.pk).is_active
    check_erase_member(member, member, confirmation=PASSWORD)
    member.refresh_from_db()
    assert not member.is_active
    with pytest.raises(ValidationError):
        check_erase_member(member, member, confirmation=PASSWORD)


def test_erasure_rewrites_mentions_and_quotes_of_the_member(
    client, member, other_member, world, django_capture_on_commit_callbacks
):
    from community.views.topics import quote_markdown

    topic, first = world["topic"], world["first"]
    first.topic = topic
    quote = quote_markdown(topic.bespreekpunt, topic, first)
    answer = actions.check_create_post(
        other_member, topic, body=f"{quote}Eens met @marieke. Vraag het @marieke_b of info@marieke"
    )
    actions.check_edit_post(
        other_member, answer, body=answer.body + "\n\nAanvulling voor @marieke."
    )
    page_url = topic.get_absolute_url()
    assert "@marieke" in client.get(page_url).text  # cached for visitors now
    with django_capture_on_commit_callbacks(execute=True):
        check_erase_member(member, member, confirmation=PASSWORD)
    answer.refresh_from_db()
    assert "[verwijderd lid, #1](" in answer.body
    assert "Eens met verwijderd lid." in answer.body
    assert "Aanvulling voor verwijderd lid." in answer.body
    # Other names that merely start the same, and e-mail addresses, are left alone.
    assert "@marieke_b" in answer.body and "info@marieke" in answer.body
    assert "@marieke." not in answer.body and "@marieke," not in answer.body
    assert 'class="mention"' not in answer.html and "verwijderd lid" in answer.html
    for revision in answer.revisions.all():
        assert "@marieke " not in revision.body and "@marieke." not in revision.body
    html = client.get(page_url).text
    assert "Eens met verwijderd lid." in html and "@marieke." not in html
