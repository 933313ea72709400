"""Django's, allauth's and Wagtail's rows about a member, for their export and erasure.

See community/privacy.py for the registry. Editorial history (page ownership, revisions, audit
logs, workflow steps, uploads) forgets the member (set to null) but stays; private framework
state (email addresses, sessions, admin preferences, API tokens, open edit forms) is deleted.
Wagtail page comments stay with their page's review history, authored by the anonymised
account, as posts do. The database keeps no IP addresses (no GenericIPAddressField is
installed; rate limits count in the cache), so none are erased.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models

from community.privacy import Erase, Export, register_personal_data, rows


def _exporter(model: type[models.Model], field: str, *values: str) -> Export:
    return lambda user: rows(model._default_manager.filter(**{field: user}), *values)


def _nulling(model: type[models.Model], *fields: str) -> Erase:
    def erase(user) -> None:
        for field in fields:
            model._default_manager.filter(**{field: user}).update(**{field: None})

    return erase


def _deleting(model: type[models.Model], field: str = "user") -> Erase:
    return lambda user: model._default_manager.filter(**{field: user}).delete()


def _keep(user) -> None:
    """Kept, pointing at the anonymised account."""


def erase_pages(user) -> None:
    page = apps.get_model("wagtailcore", "Page")
    page.objects.filter(owner=user).update(owner=None)
    page.objects.filter(locked_by=user).update(locked=False, locked_by=None, locked_at=None)


def erase_sessions(user) -> None:
    """Logs the member out everywhere (the session table has no user column to filter on)."""
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


def _about(user) -> dict:
    user_type = ContentType.objects.get_for_model(get_user_model())
    return {"content_type": user_type, "object_id": str(user.pk)}


def erase_admin_log(user) -> None:
    """Entries they made stay (the audit trail); entries about their account lose its name."""
    LogEntry.objects.filter(**_about(user)).update(object_repr=f"verwijderd-{user.pk}")


def erase_model_log(user) -> None:
    model_log = apps.get_model("wagtailcore", "ModelLogEntry")
    model_log.objects.filter(**_about(user)).update(label=f"verwijderd-{user.pk}")
    model_log.objects.filter(user=user).update(user=None)


def reindex_search(user) -> None:
    """Search rows of their topics and posts name the author: rebuilt after the commit."""
    from search.signals import queue

    topics = user.topics.values_list("pk", flat=True)
    posts = user.posts.values_list("pk", flat=True)
    sources = [f"topic:{pk}" for pk in topics] + [f"post:{pk}" for pk in posts]
    if sources:
        queue(*sources)


def register() -> None:
    get = apps.get_model
    register_personal_data(
        EmailAddress,
        fields=["user"],
        export=_exporter(EmailAddress, "user", "email", "verified", "primary"),
        erase=_deleting(EmailAddress),
    )
    register_personal_data(
        Session,
        fields=[],
        export=None,
        erase=erase_sessions,
        reason="Login sessions hold nothing but the login itself; they are ended.",
    )
    register_personal_data(
        LogEntry,
        fields=["user"],
        export=_exporter(LogEntry, "user", "action_time", "object_repr", "change_message"),
        erase=erase_admin_log,
        late=True,
    )
    page = get("wagtailcore", "Page")
    register_personal_data(
        page,
        fields=["owner", "locked_by"],
        export=_exporter(page, "owner", "title", "url_path", "first_published_at"),
        erase=erase_pages,
        late=True,
    )
    for label, field, values in [
        ("wagtailcore.Revision", "user", ("object_str", "created_at")),
        ("wagtailcore.PageLogEntry", "user", ("action", "label", "timestamp")),
        ("wagtailcore.WorkflowState", "requested_by", ("page__title", "status", "created_at")),
        ("wagtailcore.TaskState", "finished_by", ("status", "finished_at", "comment")),
        ("wagtailimages.Image", "uploaded_by_user", ("title", "created_at")),
        ("wagtaildocs.Document", "uploaded_by_user", ("title", "created_at")),
    ]:
        model = get(label)
        register_personal_data(
            model,
            fields=[field],
            export=_exporter(model, field, *values),
            erase=_nulling(model, field),
            late=True,
        )
    model_log = get("wagtailcore", "ModelLogEntry")
    register_personal_data(
        model_log,
        fields=["user"],
        export=_exporter(model_log, "user", "action", "label", "timestamp"),
        erase=erase_model_log,
        late=True,
    )
    for label in ("wagtail_localize.StringTranslation", "wagtail_localize.SegmentOverride"):
        model = get(label)
        register_personal_data(
            model,
            fields=["last_translated_by"],
            export=None,
            erase=_nulling(model, "last_translated_by"),
            reason="Translation bookkeeping of the editors' work, not about the member.",
        )
    comment = get("wagtailcore", "Comment")
    register_personal_data(
        comment,
        fields=["user", "resolved_by"],
        export=_exporter(comment, "user", "page__title", "text", "created_at"),
        erase=_nulling(comment, "resolved_by"),
    )
    reply = get("wagtailcore", "CommentReply")
    register_personal_data(
        reply,
        fields=["user"],
        export=_exporter(reply, "user", "comment__page__title", "text", "created_at"),
        erase=_keep,
    )
    subscription = get("wagtailcore", "PageSubscription")
    register_personal_data(
        subscription,
        fields=["user"],
        export=_exporter(subscription, "user", "page__title", "comment_notifications"),
        erase=_deleting(subscription),
    )
    profile = get("wagtailusers", "UserProfile")
    register_personal_data(
        profile,
        fields=["user"],
        export=_exporter(profile, "user", "preferred_language", "current_time_zone", "theme"),
        erase=_deleting(profile),
    )
    for label, reason in [
        ("wagtailcore.APIToken", "Secret keys; they are revoked by deletion."),
        ("wagtailcore.UploadedFile", "Uploads not yet saved as images or documents."),
        ("wagtailadmin.EditingSession", "Who has an admin edit form open, kept for minutes."),
        ("wagtailadmin.FormState", "Unsaved admin form input, kept for the editor only."),
    ]:
        model = get(label)
        field = "uploaded_by_user" if label.endswith("UploadedFile") else "user"
        register_personal_data(
            model, fields=[field], export=None, erase=_deleting(model, field), reason=reason
        )
    register_personal_data(
        get("search", "SearchDocument"),
        fields=[],
        export=None,
        erase=reindex_search,
        reason="Search rows copy what pages and posts say; those are exported themselves.",
    )
