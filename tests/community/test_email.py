"""Notification emails: language, headers, unsubscribing, frequencies and the daily digest."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from community import actions
from community.emails import unsubscribe_token
from community.events import publish_event
from community.models import ModerationAction, Notification, Profile
from tests.factories import make_member


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the after-commit listeners (and so the email tasks), as after a real request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _reply(committed, topic, author, body="Mooi gezegd!"):
    with committed():
        return actions.check_create_post(author, topic, body=body, reply_to=1)


def _set(user, **fields):
    Profile.objects.filter(user=user).update(**fields)


def test_immediate_email_in_dutch_with_text_html_and_unsubscribe_headers(
    committed, topic, member, other_member
):
    post = _reply(committed, topic, other_member)
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == (
        "[Flexibel Opleiden] Jeroen Bakker heeft op je gereageerd in “Leeruitkomsten in de pabo”"
    )
    assert "Hallo Marieke de Vries," in message.body and "Mooi gezegd!" in message.body
    assert f"http://localhost{post.get_absolute_url()}" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html" and '<html lang="nl">' in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost/nl/afmelden/") and unsubscribe[1:-1] in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None


def test_email_follows_the_members_language(committed, topic, other_member):
    anna = make_member("anna", display_name="Anna Smith", language="en")
    with committed():
        actions.check_create_post(other_member, topic, body="What do you think, @anna?")
    [message] = mail.outbox
    assert message.subject.endswith("Jeroen Bakker mentioned you in “Leeruitkomsten in de pabo”")
    assert "Hello Anna Smith," in message.body and "/en/unsubscribe/" in message.body
    assert message.to == [anna.email]


def test_moderator_action_is_emailed_with_its_reason(committed, topic, member, moderator):
    action = ModerationAction.objects.create(
        moderator=moderator, kind="warn", member=member, reason="Blijf vriendelijk"
    )
    with committed():
        publish_event(
            "moderation.action",
            bespreekpunt_id=topic.bespreekpunt_id,
            actor_id=moderator.pk,
            action_id=action.pk,
        )
    [message] = mail.outbox
    assert message.subject.endswith("Een moderator heeft je gewaarschuwd")
    assert "Reden: Blijf vriendelijk" in message.body


def test_unsubscribe_link_works_without_login(client, member):
    url = f"/nl/afmelden/{unsubscribe_token(member.pk)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Je krijgt geen e-mails over meldingen meer" in response.content.decode()
    assert Profile.objects.get(user=member).email_frequency == "never"


def test_one_click_post_needs_no_csrf_token(member, home_page):
    url = f"/en/unsubscribe/{unsubscribe_token(member.pk)}/"
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Profile.objects.get(user=member).email_frequency == "never"


@pytest.mark.parametrize("token", ["tampered", "{token}x", "{other}"])
def test_a_bad_unsubscribe_token_is_refused_and_changes_nothing(
    client, member, other_member, token
):
    token = token.format(
        token=unsubscribe_token(member.pk),
        other=unsubscribe_token(member.pk).replace(":", ":x", 1),
    )
    response = client.get(f"/nl/afmelden/{token}/")
    assert response.status_code == 400
    assert "Deze afmeldlink is niet geldig" in response.content.decode()
    assert set(Profile.objects.values_list("email_frequency", flat=True)) == {"immediate"}


def test_never_means_no_email(committed, topic, member, other_member):
    _set(member, email_frequency="never")
    _reply(committed, topic, other_member)
    call_command("send_digests", stdout=None)
    assert mail.outbox == [] and Notification.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda user: EmailAddress.objects.filter(user=user).update(verified=False),
        lambda user: type(user).objects.filter(pk=user.pk).update(is_active=False),
        lambda user: _set(user, erased_at=timezone.now()),
    ],
    ids=["unverified", "inactive", "erased"],
)
def test_no_email_to_unverified_inactive_or_erased_members(
    committed, topic, member, other_member, change
):
    change(member)
    _reply(committed, topic, other_member)
    _set(member, email_frequency="daily")
    call_command("send_digests")
    assert mail.outbox == []


def test_reactions_wait_for_the_digest(committed, topic, member, other_member):
    with committed():
        actions.check_react(other_member, topic.posts.get(number=1), "heart")
    assert mail.outbox == [] and Notification.objects.get().kind == "reaction"


def test_daily_digest_groups_a_days_activity_by_topic_and_sends_once(
    committed, topic, member, other_member, make_topic
):
    _set(member, email_frequency="daily")
    second = make_topic(title="Stage en begeleiding")
    _reply(committed, topic, other_member, body="Eerste antwoord")
    _reply(committed, topic, other_member, body="Tweede antwoord")
    _reply(committed, second, other_member, body="Over de stage")
    with committed():
        actions.check_react(other_member, topic.posts.get(number=1), "bulb")
    old = _reply(committed, second, other_member, body="Van vorige week")
    Notification.objects.filter(post=old).update(updated_at=timezone.now() - timedelta(days=3))
    assert mail.outbox == []  # daily members get nothing right away
    with committed():
        call_command("send_digests")
    [message] = mail.outbox
    assert message.subject == "[Flexibel Opleiden] Je dagelijkse overzicht: 4 nieuwe meldingen"
    body = message.body
    assert body.index("== Leeruitkomsten in de pabo ==") < body.index("== Stage en begeleiding ==")
    assert body.count("Jeroen Bakker heeft op je gereageerd") == 3
    assert "Jeroen Bakker reageerde 💡 op je bericht" in body
    assert "List-Unsubscribe" in message.extra_headers
    assert Profile.objects.get(user=member).digest_sent_at is not None
    assert Notification.objects.filter(emailed_at=None).count() == 1  # the old one
    with committed():
        call_command("send_digests")
    assert len(mail.outbox) == 1


def test_digest_skips_members_without_activity(committed, member, other_member, topic):
    _set(member, email_frequency="daily")
    _set(other_member, email_frequency="daily")
    with committed():
        call_command("send_digests")
    assert mail.outbox == []


def test_profile_form_sets_email_frequency_and_language(client, member, home_page):
    client.force_login(member)
    html = client.get("/nl/profiel/").content.decode()
    assert 'name="email_frequency"' in html and 'name="language"' in html
    response = client.post(
        "/nl/profiel/",
        {"display_name": "Marieke de Vries", "email_frequency": "daily", "language": "en"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.email_frequency, profile.language) == ("daily", "en")
    response = client.post(
        "/nl/profiel/", {"display_name": "Marieke de Vries", "email_frequency": "weekly"}
    )
    assert response.status_code == 200
    assert Profile.objects.get(user=member).email_frequency == "daily"
