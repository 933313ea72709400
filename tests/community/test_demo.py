from community import demo
from community.models import BespreekpuntPage, Post, PostRevision, Reaction, Topic
from home.demo import DemoContext
from tests.factories import make_member

USERNAMES = {"anouk": "Members", "bram": "Members", "fatima": "Members", "joost": "Members",
             "lotte": "Members", "sanne": "Moderators", "eva": "Editors"}  # fmt: skip


def _snapshot():
    return (
        sorted(BespreekpuntPage.objects.values_list("slug", "locale__language_code", "title")),
        sorted(Topic.objects.values_list("slug", "title", "post_count", "participant_count")),
        sorted(Post.objects.values_list("topic__slug", "number", "body", "is_key_insight")),
        Reaction.objects.count(),
        PostRevision.objects.count(),
    )


def test_demo_builds_bespreekpunten_with_conversations_and_is_idempotent(home_page):
    context = DemoContext(home=home_page, home_en=home_page.get_translation(home_page.locale))
    context.members = {name: make_member(name, group=group) for name, group in USERNAMES.items()}
    demo.load(context)
    first = _snapshot()
    demo.load(context)
    assert _snapshot() == first

    for slug in ("leeruitkomsten", "opleidingsvarianten", "meer-dan-leraren"):
        page = context.pages[f"bespreekpunt:{slug}"]
        assert page.live and page.questions
        assert page.get_translations().filter(locale__language_code="en", live=True).exists()
        assert Topic.objects.filter(bespreekpunt=page).count() >= 2
    assert Post.objects.filter(is_key_insight=True).exists()
    assert Post.objects.filter(edited_at__isnull=False).exists()
    assert Post.objects.filter(body__contains="> —").exists()
    assert Reaction.objects.count() > 20
