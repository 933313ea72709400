"""Demo content of the community app, loaded by `manage.py load_demo` (idempotent).

The bespreekpunten come from the network's 2022 manifest, retold in our own words. Topics are
found by their slug under their bespreekpunt: an existing topic is left as it is, so running the
command again adds nothing and changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from community import actions, decisions
from community.demo_content import BESPREEKPUNTEN, INDEX, TOPICS
from community.models import (
    BespreekpuntIndexPage,
    BespreekpuntPage,
    ConsentRound,
    Flag,
    Poll,
    Post,
    Profile,
    Topic,
)
from community.moderation import check_flag_post
from community.permissions import is_moderator
from community.views.topics import quote_markdown
from home.demo import DemoContext, ensure_page, ensure_translation


def load(context: DemoContext) -> None:
    """Builds this app's part of the demo site below `context.home`."""
    # The demo members have been around a while: trusted, so their posts need no approval.
    # Only the newcomer starts at level 0, so the review queue has something to show.
    for username, user in context.members.items():
        if username == NEWCOMER:
            continue
        level = 4 if is_moderator(user) else 2
        Profile.objects.filter(user_id=user.pk, trust_level__lt=level).update(trust_level=level)
    index = ensure_page(context.home, BespreekpuntIndexPage, "bespreekpunten", **INDEX["nl"])
    ensure_translation(index, "en", **INDEX["en"])
    context.pages["bespreekpunten"] = index
    for item in BESPREEKPUNTEN:
        page = ensure_page(index, BespreekpuntPage, item["slug"], **item["nl"])
        ensure_translation(page, "en", **item["en"])
        context.pages[f"bespreekpunt:{item['slug']}"] = page
        for spec in TOPICS.get(item["slug"], []):
            if not Topic.objects.filter(bespreekpunt=page, slug=spec["slug"]).exists():
                _build_topic(context, page, spec)
    _moderation_examples(context)
    _decision_examples(context)


NEWCOMER = "nina"


def _decision_examples(context: DemoContext) -> None:
    """A closed poll and a consent round that ended in consent, each on a topic's opening post;
    made once (a post holds one), so later runs change nothing."""
    members = context.members
    modules = Topic.objects.filter(slug="gezamenlijke-modules-po-vo-mbo").first()
    opening = modules.posts.filter(number=1).first() if modules else None
    if opening is not None and not Poll.objects.filter(post=opening).exists():
        author = members[opening.author.username]
        poll = decisions.check_add_poll(
            author,
            opening,
            question="Welke module willen we als eerste samen ontwikkelen?",
            options=["Omgaan met verschillen", "Beoordelen op de werkplek", "Taal in elk vak"],
        )
        choices = {"anouk": 0, "lotte": 1, "fatima": 0, "bram": 0, "sanne": 2}
        options = list(poll.options.order_by("position"))
        for username, index in choices.items():
            if username in members:
                decisions.check_vote(members[username], poll, [options[index].pk])
        decisions.check_close_poll(author, poll)
    checklist = Topic.objects.filter(slug="hoe-formuleer-je-een-goede-leeruitkomst").first()
    opening = checklist.posts.filter(number=1).first() if checklist else None
    if opening is not None and not ConsentRound.objects.filter(post=opening).exists():
        author = members[opening.author.username]
        consent_round = decisions.check_open_consent_round(
            author,
            opening,
            proposal="We gebruiken de kenmerken uit deze draad als gedeelde checklist voor "
            "leeruitkomsten.",
            quorum=3,
        )
        responses = [
            ("lotte", "consent", ""),
            ("bram", "consent", ""),
            ("joost", "objection", "Voor het mbo mist het kenmerk 'beroepstaak'; neem dat op."),
            ("fatima", "abstain", ""),
            # The checklist got the mbo example: joost's objection is resolved.
            ("joost", "consent", ""),
        ]
        for username, choice, reason in responses:
            if username in members:
                decisions.check_respond(members[username], consent_round, choice, reason)
        decisions.check_close_consent_round(
            author,
            consent_round,
            note="Aangenomen met het voorbeeld uit het mbo erbij; de checklist staat in bericht 1.",
        )


def _moderation_examples(context: DemoContext) -> None:
    """A flagged post and a newcomer's reply awaiting approval: work for the review queue."""
    members = context.members
    topic = Topic.objects.filter(slug="beoordelen-met-leeruitkomsten-op-de-werkplek").first()
    if topic is None or NEWCOMER not in members:
        return
    if not Flag.objects.exists():
        post = topic.posts.exclude(author_id=members["joost"].pk).order_by("-number").first()
        if post is not None:
            check_flag_post(
                members["joost"],
                post,
                reason=Flag.Reason.OFF_TOPIC,
                note="Dit gaat eerder over roosters dan over beoordelen: een eigen onderwerp?",
            )
    if not Post.objects.filter(author_id=members[NEWCOMER].pk).exists():
        actions.check_create_post(
            members[NEWCOMER],
            topic,
            body=(
                "Als zij-instromer herken ik dit: op mijn school weet de werkplekbegeleider nog "
                "niet goed wat de leeruitkomsten vragen. Is er een korte uitleg voor "
                "begeleiders die we kunnen delen?"
            ),
        )


def _build_topic(context: DemoContext, page: BespreekpuntPage, spec: dict) -> None:
    members = context.members
    posts = spec["posts"]
    topic = actions.check_create_topic(
        members[posts[0]["by"]], page, title=spec["title"], body=posts[0]["text"], tags=spec["tags"]
    )
    if topic.slug != spec["slug"]:
        Topic.objects.filter(pk=topic.pk).update(slug=spec["slug"])
        topic.slug = spec["slug"]
    for entry in posts[1:]:
        body = entry["text"]
        if "quote" in entry:
            number, selection = entry["quote"]
            source = Post.objects.get(topic=topic, number=number)
            body = quote_markdown(page, topic, source, selection) + body
        actions.check_create_post(members[entry["by"]], topic, body=body, reply_to=entry.get("to"))
    for number, new_text in spec.get("edits", {}).items():
        post = Post.objects.get(topic=topic, number=number)
        actions.check_edit_post(post.author, post, body=new_text)
    for number, reactions in spec.get("reactions", {}).items():
        post = Post.objects.get(topic=topic, number=number)
        for kind, usernames in reactions.items():
            for username in usernames:
                actions.check_react(members[username], post, kind, add=True)
    for number in spec.get("insights", []):
        post = Post.objects.get(topic=topic, number=number)
        actions.check_mark_key_insight(members["sanne"], post, value=True)
    _spread_in_time(topic, spec["days_ago"])


def _spread_in_time(topic: Topic, days_ago: int) -> None:
    """Gives the demo conversation a plausible history instead of one burst of seconds."""
    start = timezone.now() - timedelta(days=days_ago)
    last = start
    for post in Post.objects.filter(topic=topic).order_by("number"):
        last = start + timedelta(hours=5 * (post.number - 1), minutes=7 * post.number)
        edited = last + timedelta(hours=1) if post.edited_at else None
        Post.objects.filter(pk=post.pk).update(created_at=last, edited_at=edited)
        post.revisions.filter(number=1).update(created_at=last)
        post.revisions.filter(number__gt=1).update(created_at=edited or last)
    Topic.objects.filter(pk=topic.pk).update(created_at=start, last_posted_at=last)
