"""Wagtail signals the knowledge app listens to; connected in KnowledgeConfig.ready."""

from django.db import transaction
from wagtail.signals import page_published, task_approved, task_rejected

from knowledge.models import ArticlePage, ManifestPage


def record_manifest_version(sender, instance, revision, **kwargs) -> None:
    from knowledge.actions import do_record_manifest_version

    do_record_manifest_version(instance, revision)


def notify_author_of_review(sender, instance, user, **kwargs) -> None:
    """A task state was approved or rejected: tell the article's author, after commit."""
    from knowledge.actions import notify_article_reviewed

    page = instance.workflow_state.content_object
    if isinstance(page.specific, ArticlePage):
        task_state_id = instance.pk
        transaction.on_commit(lambda: notify_article_reviewed(task_state_id))


def connect() -> None:
    from knowledge import workflow_emails

    workflow_emails.connect()

    from community.signals import consent_round_closed
    from knowledge.amendments import on_consent_round_closed

    consent_round_closed.connect(on_consent_round_closed, dispatch_uid="knowledge_amendment_round")
    page_published.connect(
        record_manifest_version, sender=ManifestPage, dispatch_uid="knowledge_manifest_version"
    )
    for signal in (task_approved, task_rejected):
        signal.connect(notify_author_of_review, dispatch_uid=f"knowledge_review_{id(signal)}")
