"""Background tasks that keep the search index current (run by `manage.py db_worker`)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from wagtail.models import Page

from search import elastic, indexing


def expand(source: str) -> list[str]:
    """Pseudo-sources stand for several rows' sources:

    "tree:<page id>": the page, its descendants, and the topics and posts under any bespreekpunt
    among them (used when URLs or view restrictions change for a whole subtree);
    "discussions:<page id>": the topics and posts of one bespreekpunt (their visibility follows it);
    "thread:<topic id>": a topic and all its posts (they carry its title, tags, URL and place).
    """
    from community.models import Post, Topic

    kind, _sep, pk = source.partition(":")
    if kind == "thread":
        post_ids = Post.objects.filter(topic_id=pk).values_list("pk", flat=True)
        return [f"topic:{pk}", *(f"post:{post_id}" for post_id in post_ids.iterator())]
    if kind not in ("tree", "discussions"):
        return [source]
    page_ids = [int(pk)]
    if kind == "tree":
        page = Page.objects.filter(pk=pk).first()
        if page is None:
            return []
        page_ids = list(
            Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
        )
    topics = Topic.objects.filter(bespreekpunt_id__in=page_ids)
    posts = Post.objects.filter(topic__in=topics)
    return [
        *(f"page:{pk}" for pk in (page_ids if kind == "tree" else [])),
        *(f"topic:{pk}" for pk in topics.values_list("pk", flat=True)),
        *(f"post:{pk}" for pk in posts.values_list("pk", flat=True).iterator()),
    ]


RETRY_AFTER = timedelta(minutes=2)
BULK_FROM = 50


@task()
def update_search_index(sources: list[str]) -> int:
    expanded = [source for item in sources for source in expand(item)]
    # Many posts at once (a bespreekpunt republished) go the bulk way; the rest one by one.
    post_ids = [int(source[5:]) for source in expanded if source.startswith("post:")]
    others = [source for source in expanded if not source.startswith("post:")]
    if len(post_ids) > BULK_FROM:
        count = indexing.index_sources(others)
        for start in range(0, len(post_ids), 2000):
            count += indexing.bulk_index_posts(post_ids[start : start + 2000])
    else:
        count = indexing.index_sources(expanded)
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
