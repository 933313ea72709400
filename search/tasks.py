"""Background tasks that keep the search index current (run by `manage.py db_worker`)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from search import elastic, indexing


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


RETRY_AFTER = timedelta(minutes=2)


@task()
def update_search_index(sources: list[str]) -> int:
    count = indexing.index_sources(source for item in sources for source in expand(item))
    if elastic.enabled() and not indexing.push_to_elasticsearch():
        schedule_retry()
    return count


@task()
def push_search_updates() -> bool:
    """Sends whatever Elasticsearch has not confirmed; reschedules itself while it is down."""
    sent = indexing.push_to_elasticsearch()
    if not sent:
        schedule_retry()
    return sent


def schedule_retry() -> None:
    """With a worker queue (TASKS_BACKEND=database) the push is tried again in a while; without
    one, the next index update or `manage.py rebuild_search_index` sends the pending rows."""
    if push_search_updates.get_backend().supports_defer:
        push_search_updates.using(run_after=timezone.now() + RETRY_AFTER).enqueue()
