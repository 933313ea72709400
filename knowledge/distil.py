"""For community's topic link registry: the article a topic was distilled into, or the button
that distils a concluded topic (for whoever may)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community.cache import cached_fragment
from community.links import Link
from knowledge.models import ArticlePage, KnowledgeIndexPage
from knowledge.permissions import can_distil_topic


def topic_links(topic, user) -> list[Link]:
    language = get_language() or ""
    # Guarded by the site's token alone, so writes in the discussion leave it be: publishing
    # the article renews it, and so does distilling a draft (knowledge.actions).
    info = cached_fragment(None, f"distil:{topic.pk}:{language}", lambda: _info(topic, language))
    links = [
        Link(str(_("Knowledge-base article: %(title)s") % {"title": title}), url, "article")
        for title, url in info["articles"]
    ]
    if (
        not info["distilled"]
        and info["distil_url"]
        and topic.is_closed
        and can_distil_topic(user, topic)
    ):
        links.append(
            Link(str(_("Distil into a knowledge-base article")), info["distil_url"], "action")
        )
    return links


def _info(topic, language: str) -> dict:
    articles = list(ArticlePage.objects.filter(source_topic_id=topic.pk))
    indexes = list(KnowledgeIndexPage.objects.live().select_related("locale"))
    index = next((i for i in indexes if i.locale.language_code == language), None) or next(
        iter(indexes), None
    )
    return {
        "distilled": bool(articles),
        "articles": [(a.title, a.url or "") for a in articles if a.live],
        "distil_url": (index.url or "")
        + index.reverse_subpage("distil", kwargs={"topic_id": topic.pk})
        if index
        else "",
    }
