"""Read-only queries other apps use (the home page's recent discussions)."""

from community.models import BespreekpuntPage, Topic
from community.views.context import topic_url


def recent_topics(locale, limit: int = 4) -> list[Topic]:
    """The most recently active topics, each with `.url` under the `locale`'s bespreekpunt."""
    topics = list(
        Topic.objects.filter(bespreekpunt__live=True, is_pending=False)
        .select_related("bespreekpunt")
        .order_by("-last_posted_at")[:limit]
    )
    keys = {topic.bespreekpunt.translation_key for topic in topics}
    pages = {
        page.translation_key: page
        for page in BespreekpuntPage.objects.live().filter(locale=locale, translation_key__in=keys)
    }
    for topic in topics:
        page = pages.get(topic.bespreekpunt.translation_key, topic.bespreekpunt)
        topic.url = topic_url(page, topic)
        topic.bespreekpunt_title = page.title
    return topics
