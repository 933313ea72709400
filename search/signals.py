"""Queues index updates when searchable content changes, after the change is committed.

Indexing never runs inside the publishing or posting transaction: whatever happens to the
index (an error, an unreachable cluster) cannot undo or block the member's action.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move


def queue(*sources: str) -> None:
    from search.tasks import update_search_index

    transaction.on_commit(lambda: update_search_index.enqueue(list(sources)))


def _page_published(sender, instance, **kwargs) -> None:
    """The page, and what borrows from it: a bespreekpunt's discussions follow its visibility,
    an event's outcomes carry its date."""
    sources = [f"page:{instance.pk}"]
    label = instance.specific_class._meta.label
    if label == "community.BespreekpuntPage":
        sources.append(f"discussions:{instance.pk}")
    if label == "events.EventPage":
        sources += [f"page:{pk}" for pk in instance.get_children().values_list("pk", flat=True)]
    queue(*sources)


def _subtree_changed(sender, instance, **kwargs) -> None:
    # A new slug or place changes the URLs of everything below; an unpublished page takes the
    # pages below it offline (Wagtail no longer routes to them) even though they stay "live".
    queue(f"tree:{instance.pk}")


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and type(instance) is not Page:
        queue(f"page:{instance.pk}")


def _restriction_changed(sender, instance, **kwargs) -> None:
    queue(f"tree:{instance.page_id}")


def _restriction_groups_changed(sender, instance, action, **kwargs) -> None:
    # The admin saves a restriction first and its groups afterwards.
    if action.startswith("post_") and isinstance(instance, PageViewRestriction):
        queue(f"tree:{instance.page_id}")


def _community_event(sender, event, **kwargs) -> None:
    """Community actions announce every write (after commit), including hiding and deleting,
    which they do with queryset updates that send no model signals."""
    sources = []
    if event.name.startswith("topic.") and event.name != "topic.created" and event.topic_id:
        # A moved, split, retitled or retagged topic changes what each of its posts' rows say.
        sources.append(f"thread:{event.topic_id}")
    elif event.name.startswith(("topic.", "post.")) and event.topic_id:
        sources.append(f"topic:{event.topic_id}")
    if event.name.startswith("post.") and event.post_id:
        sources.append(f"post:{event.post_id}")
    if sources:
        queue(*sources)


def _topic_deleted(sender, instance, **kwargs) -> None:
    queue(f"topic:{instance.pk}")


def _post_deleted(sender, instance, **kwargs) -> None:
    queue(f"post:{instance.pk}")


def connect() -> None:
    from community.events import event_published
    from community.models import Post, Topic

    page_published.connect(_page_published, dispatch_uid="search_page_published")
    page_unpublished.connect(_subtree_changed, dispatch_uid="search_page_unpublished")
    page_slug_changed.connect(_subtree_changed, dispatch_uid="search_page_slug")
    post_page_move.connect(_subtree_changed, dispatch_uid="search_page_moved")
    post_delete.connect(_page_deleted, dispatch_uid="search_page_deleted")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_pvr")
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search_pvr_d"
    )
    m2m_changed.connect(
        _restriction_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid="search_pvr_groups",
    )
    event_published.connect(_community_event, dispatch_uid="search_community_event")
    post_delete.connect(_topic_deleted, sender=Topic, dispatch_uid="search_topic_deleted")
    post_delete.connect(_post_deleted, sender=Post, dispatch_uid="search_post_deleted")
