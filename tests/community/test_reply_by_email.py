"""Reply by email: signed reply addresses, real mail programs' replies, and every refusal.

The messages in tests/community/email/ are written the way Gmail, Outlook, Apple Mail, a
webmail's HTML-only mode and a Postfix bounce write them; SENDER and REPLY_TO are filled in
per test.
"""

import io
import mailbox
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from community import actions
from community.email_replies import parse_reply_address, receive_email, reply_address
from community.models import Post, Profile, ReceivedEmail
from community.ratelimit import RateLimited, member_scope
from community.ratelimit import hit as ratelimit_hit
from tests.factories import make_member

FIXTURES = Path(__file__).parent / "email"
DOMAIN = "antwoord.flexibelopleiden.example"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reply_domain(settings):
    settings.COMMUNITY_REPLY_DOMAIN = DOMAIN
    settings.COMMUNITY_REPLY_LOCAL_PART = "reply"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def message(name: str, *, sender: str, to: str) -> bytes:
    text = (FIXTURES / name).read_text()
    return text.replace("SENDER", sender).replace("REPLY_TO", to).encode()


def deliver(committed, name: str, *, user, topic, sender: str | None = None, to=None):
    address = to or reply_address(user.pk, topic.pk)
    with committed():
        return receive_email(message(name, sender=sender or user.email, to=address))


def posts_by(user, topic) -> list[str]:
    return list(Post.objects.filter(topic=topic, author=user).values_list("body", flat=True))


# Addresses ---------------------------------------------------------------------------------


def test_reply_address_is_signed_per_member_and_topic(settings):
    address = reply_address(12, 345)
    assert address is not None and address.endswith(f"@{DOMAIN}")
    assert len(address.split("@")[0]) <= 64  # RFC 5321's limit on the local part
    target = parse_reply_address(address.upper())  # mail servers may change the case
    assert target is not None and (target.user_id, target.topic_id, target.valid) == (12, 345, True)
    other_topic = address.replace("+12-345-", "+12-346-")
    assert parse_reply_address(other_topic).valid is False  # type: ignore[union-attr]
    assert parse_reply_address("reply+12-345-abc@elders.example") is None
    settings.COMMUNITY_REPLY_DOMAIN = ""
    assert reply_address(12, 345) is None


def test_notification_emails_carry_the_reply_address(committed, topic, member, other_member):
    with committed():
        actions.check_create_post(other_member, topic, body="Mooi gezegd!", reply_to=1)
    [notification] = mail.outbox
    assert notification.reply_to == [reply_address(member.pk, topic.pk)]
    assert "beantwoord deze e-mail" in notification.body.lower()


def test_without_a_reply_domain_notifications_have_no_reply_address(
    settings, committed, topic, member, other_member
):
    settings.COMMUNITY_REPLY_DOMAIN = ""
    with committed():
        actions.check_create_post(other_member, topic, body="Mooi gezegd!", reply_to=1)
    [notification] = mail.outbox
    assert notification.reply_to == []
    assert "beantwoord deze e-mail" not in notification.body.lower()


# Mail programs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "gmail.eml",
            "Dank je Anouk, bij ons werkt het net zo: we beginnen bij de beroepstaak en\n"
            "formuleren dan pas de leeruitkomst.\n\nGroet,\nMarieke",
        ),
        (
            "outlook.eml",
            "Wij laten studenten de leeruitkomst eerst zelf herschrijven in hun eigen woorden. "
            "Dat maakt het gesprek met de werkplekbegeleider veel concreter.\n\n"
            "Met vriendelijke groet,\n\nMarieke de Vries\n"
            "Opleidingscoördinator | Hogeschool Utrecht",
        ),
        ("apple_mail.eml", "Goed punt. Ik neem het mee naar de werksessie van januari."),
        (
            "html_only.eml",
            "Een rubric met drie niveaus werkt bij ons het best.\n\nErvaringen van anderen?",
        ),
    ],
)
def test_a_reply_becomes_a_post_without_quoted_history(committed, topic, member, fixture, expected):
    received = deliver(committed, fixture, user=member, topic=topic)
    assert received.record.status == ReceivedEmail.Status.POSTED
    assert posts_by(member, topic)[-1] == expected
    assert received.record.post is not None and received.record.post.number == 2
    assert mail.outbox == []  # a plain success needs no answer


def test_the_post_appears_in_the_thread(client, committed, topic, member):
    received = deliver(committed, "gmail.eml", user=member, topic=topic)
    page = client.get(received.record.post.get_absolute_url(), follow=True).content.decode()
    assert "we beginnen bij de beroepstaak" in page
    assert "gmail_quote" not in page and "wrote:" not in page


def test_attachments_are_left_out_and_the_member_is_told(committed, topic, member):
    received = deliver(committed, "attachment.eml", user=member, topic=topic)
    assert received.record.status == ReceivedEmail.Status.POSTED
    assert posts_by(member, topic)[-1] == "Hierbij ons format voor leeruitkomsten, zie de bijlage."
    [answer] = mail.outbox
    assert answer.to == [member.email]
    assert "format-leeruitkomsten.pdf" in answer.body
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"


def test_the_same_message_delivered_twice_is_posted_once(committed, topic, member):
    first = deliver(committed, "gmail.eml", user=member, topic=topic)
    again = deliver(committed, "gmail.eml", user=member, topic=topic)
    assert not first.duplicate and again.duplicate
    assert again.record.pk == first.record.pk
    assert len(posts_by(member, topic)) == 2  # the opening post and one reply
    assert mail.outbox == []


# Refusals ---------------------------------------------------------------------------------


def test_a_forged_sender_is_refused_with_an_explanation(committed, topic, member):
    received = deliver(
        committed, "gmail.eml", user=member, topic=topic, sender="oplichter@elders.example"
    )
    assert received.record.status == ReceivedEmail.Status.REJECTED
    assert len(posts_by(member, topic)) == 1
    [answer] = mail.outbox
    assert answer.to == ["oplichter@elders.example"]
    assert "niet geplaatst" in answer.subject.lower()
    assert "alleen geaccepteerd vanaf het e-mailadres" in answer.body
    assert "Marieke" not in answer.body.split("Waarom:")[0]  # the answer names nobody


def test_a_tampered_signature_is_refused(committed, topic, member, other_member):
    address = reply_address(member.pk, topic.pk)
    assert address is not None
    forged = address.replace(f"+{member.pk}-", f"+{other_member.pk}-")
    received = deliver(committed, "outlook.eml", user=other_member, topic=topic, to=forged)
    assert received.record.status == ReceivedEmail.Status.REJECTED
    assert not posts_by(other_member, topic)
    [answer] = mail.outbox
    assert "niet geldig" in answer.body


def test_mail_to_an_unknown_address_is_refused(committed, topic, member):
    received = deliver(committed, "html_only.eml", user=member, topic=topic, to=f"info@{DOMAIN}")
    assert received.record.status == ReceivedEmail.Status.REJECTED
    [answer] = mail.outbox
    assert answer.to == [member.email] and "notificatie" in answer.body.lower()


def test_a_bounce_is_recorded_and_never_answered(committed, topic, member):
    received = deliver(committed, "bounce.eml", user=member, topic=topic)
    assert received.record.status == ReceivedEmail.Status.BOUNCE
    assert len(posts_by(member, topic)) == 1
    assert mail.outbox == []


def test_dmarc_failure_at_our_mail_server_is_refused(committed, topic, member):
    raw = message("gmail.eml", sender=member.email, to=reply_address(member.pk, topic.pk) or "")
    raw = b"Authentication-Results: mx.flexibelopleiden.example; dmarc=fail\r\n" + raw
    with committed():
        received = receive_email(raw)
    assert received.record.status == ReceivedEmail.Status.REJECTED
    assert "DMARC" in mail.outbox[0].body


def test_a_closed_topic_refuses_the_reply(committed, topic, member):
    topic.is_closed = True
    topic.save()
    received = deliver(committed, "gmail.eml", user=member, topic=topic)
    assert received.record.status == ReceivedEmail.Status.REJECTED
    assert "gesloten" in mail.outbox[0].body
    assert "we beginnen bij de beroepstaak" in mail.outbox[0].body  # nothing is lost


def test_an_empty_reply_is_refused(committed, topic, member):
    raw = (
        f"From: {member.email}\r\nTo: {reply_address(member.pk, topic.pk)}\r\n"
        "Subject: Re: iets\r\nMessage-ID: <leeg@example.org>\r\n\r\n"
        "On Thu, 3 Dec 2026 at 10:12, Flexibel Opleiden wrote:\r\n> Hallo\r\n"
    ).encode()
    with committed():
        received = receive_email(raw)
    assert received.record.status == ReceivedEmail.Status.REJECTED
    assert "Schrijf eerst iets" in mail.outbox[0].body


def test_the_members_rate_limit_applies(settings, committed, topic, member):
    settings.COMMUNITY_RATE_LIMITS = {**settings.COMMUNITY_RATE_LIMITS, "post": "1/m"}
    assert deliver(committed, "gmail.eml", user=member, topic=topic).record.status == "posted"
    received = deliver(committed, "apple_mail.eml", user=member, topic=topic)
    assert received.record.status == ReceivedEmail.Status.REJECTED
    assert "te vaak" in received.record.reason
    assert len(posts_by(member, topic)) == 2


def test_per_ip_limits_do_not_count_email(settings):
    settings.COMMUNITY_RATE_LIMITS_PER_IP = {"post": "1/m"}
    settings.COMMUNITY_RATE_LIMITS = {"post": "2/m"}
    first, second = make_member("een"), make_member("twee")
    with member_scope():
        ratelimit_hit("post", first)
        ratelimit_hit("post", second)  # one shared "address" would have refused this
        ratelimit_hit("post", first)
        with pytest.raises(RateLimited):
            ratelimit_hit("post", first)


def test_a_new_members_reply_waits_for_approval_and_they_are_told(committed, topic):
    newcomer = make_member("nieuw", display_name="Nieuw Lid", trust_level=0)
    received = deliver(committed, "gmail.eml", user=newcomer, topic=topic)
    assert received.record.status == ReceivedEmail.Status.PENDING
    assert Post.objects.get(pk=received.record.post_id).is_pending
    [answer] = mail.outbox
    assert "moderator" in answer.body


def test_the_answer_is_in_the_members_language(committed, topic, member):
    Profile.objects.filter(user=member).update(language="en")
    topic.is_closed = True
    topic.save()
    deliver(committed, "gmail.eml", user=member, topic=topic)
    [answer] = mail.outbox
    assert answer.subject.endswith("Your email was not posted")
    assert "closed" in answer.body


# The command ------------------------------------------------------------------------------


def test_command_reads_one_message_from_standard_input(monkeypatch, topic, member):
    raw = message("outlook.eml", sender=member.email, to=reply_address(member.pk, topic.pk) or "")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("receive_email", stdout=out)
    assert "posted" in out.getvalue()
    assert posts_by(member, topic)[-1].startswith("Wij laten studenten")


def test_command_reads_a_maildir_once(tmp_path, topic, member):
    box = mailbox.Maildir(tmp_path / "replies", create=True)
    address = reply_address(member.pk, topic.pk) or ""
    for name in ("gmail.eml", "gmail.eml", "bounce.eml", "apple_mail.eml"):
        box.add(message(name, sender=member.email, to=address))
    out = io.StringIO()
    call_command("receive_email", maildir=str(tmp_path / "replies"), stdout=out)
    lines = out.getvalue().splitlines()
    assert sorted(line.split(": ", 1)[1].split(":")[0] for line in lines) == [
        "bounce",
        "duplicate, ignored",
        "posted",
        "posted",
    ]
    assert len(posts_by(member, topic)) == 3
    assert all("S" in box.get_message(key).get_flags() for key in box.iterkeys())
    out = io.StringIO()
    call_command("receive_email", maildir=str(tmp_path / "replies"), stdout=out)
    assert out.getvalue() == ""  # everything was seen
