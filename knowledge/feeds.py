"""The knowledge base's Atom feed: the newest live articles of one index page."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from knowledge.models import ArticlePage, KnowledgeIndexPage

FEED_LENGTH = 20


class ArticleFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index: KnowledgeIndexPage):
        super().__init__()
        self.index = index

    def title(self) -> str:
        return self.index.title

    def link(self) -> str:
        return self.index.url or "/"

    def subtitle(self) -> str:
        return _("New articles in the knowledge base of the network")

    def items(self):
        from knowledge.views import visible_articles

        return visible_articles(self.index)[:FEED_LENGTH]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.summary

    def item_link(self, item: ArticlePage) -> str:
        return item.url or ""

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at

    def item_author_name(self, item: ArticlePage) -> str:
        return ", ".join(_display_name(user) for user in item.authors.all())

    def item_categories(self, item: ArticlePage) -> list[str]:
        return [tag.name for tag in item.tags.all()]


def _display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile else user.get_username()
