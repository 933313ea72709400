"""Background tasks that keep the search index current (run by `manage.py db_worker`)."""

from django_tasks import task
from wagtail.models import Page

from search import indexing


def expand(source: str) -> list[str]:
    """ "tree:<page id>" stands for the page, its descendants, and the topics and posts under
    any bespreekpunt among them (whose visibility follows the page tree)."""
    if not source.startswith("tree:"):
        return [source]
    from community.models import Post, Topic

    page = Page.objects.filter(pk=source.removeprefix("tree:")).first()
    if page is None:
        return []
    page_ids = list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))
    topics = Topic.objects.filter(bespreekpunt_id__in=page_ids)
    posts = Post.objects.filter(topic__in=topics)
    return [
        *(f"page:{pk}" for pk in page_ids),
        *(f"topic:{pk}" for pk in topics.values_list("pk", flat=True)),
        *(f"post:{pk}" for pk in posts.values_list("pk", flat=True).iterator()),
    ]


@task()
def update_search_index(sources: list[str]) -> int:
    return indexing.index_sources(source for item in sources for source in expand(item))


@task()
def push_search_updates() -> bool:
    """Retries whatever Elasticsearch has not confirmed (run it from cron or after an outage)."""
    return indexing.push_to_elasticsearch()
