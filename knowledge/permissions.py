"""Who may do what in the knowledge app. Views, actions and tests call these.

Members write and revise their own articles as drafts and submit them; only the editors' approval
in the editorial workflow publishes. Nothing here grants publishing.
"""

from typing import cast

from django.contrib.auth.models import AbstractBaseUser, AbstractUser, AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from community.permissions import AnyUser
from knowledge.models import ArticlePage
from knowledge.workflow import EDITORS_GROUP

WRITER_GROUPS = ("Members", "Moderators", "Editors")

User = AbstractBaseUser | AnonymousUser


def can_write_articles(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(
        getattr(user, "is_superuser", False)
        or Group.objects.filter(user__pk=user.pk, name__in=WRITER_GROUPS).exists()
    )


def check_write_article_permission(user: User) -> None:
    if not can_write_articles(user):
        raise PermissionDenied(_("Only members of the network can write articles."))


def check_edit_article_permission(user: User, article: ArticlePage) -> None:
    check_write_article_permission(user)
    if article.owner_id != user.pk:
        raise PermissionDenied(_("You can only edit your own articles."))
    state = article.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise PermissionDenied(
            _("The editors are reviewing this article; you can revise it once they respond.")
        )


def check_submit_article_permission(user: User, article: ArticlePage) -> None:
    check_edit_article_permission(user, article)
    if article.get_workflow() is None:
        raise PermissionDenied(_("There is no editorial workflow to submit the article to."))


def can_distil_topic(user: User, topic) -> bool:
    try:
        check_distil_topic_permission(user, topic)
    except PermissionDenied:
        return False
    return True


def check_distil_topic_permission(user: User, topic) -> None:
    """A concluded (closed) topic becomes an article draft by its author, or by anyone with
    the distil permission (moderators and editors)."""
    check_write_article_permission(user)
    if topic.is_pending or not topic.bespreekpunt.live:
        raise PermissionDenied(_("This topic cannot be distilled into an article."))
    if not topic.is_closed:
        raise PermissionDenied(
            _("Only a concluded topic can be distilled: a moderator closes it first.")
        )
    # Members are always full users here (check_write_article_permission let them through).
    member = cast(AbstractUser, user)
    if topic.author_id != user.pk and not member.has_perm("knowledge.distil_topic"):
        raise PermissionDenied(
            _("Only the topic's author, moderators and editors can distil a topic.")
        )


# Amendments to the manifest (knowledge.amendments) -------------------------------------------


def is_editor(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(
        getattr(user, "is_superuser", False)
        or Group.objects.filter(user__pk=user.pk, name=EDITORS_GROUP).exists()
    )


def check_propose_amendment_permission(user: "AnyUser", page) -> None:
    from community.permissions import is_member

    if not is_member(user):
        raise PermissionDenied(_("Only members can propose a change. Log in or sign up first."))
    if not page.live:
        raise PermissionDenied(_("The manifest is not published."))


def check_adopt_amendment_permission(user: User, amendment) -> None:
    if not is_editor(user):
        raise PermissionDenied(_("Only editors can adopt a proposal into the manifest."))


def can_withdraw_amendment(user: "AnyUser", amendment) -> bool:
    from community.permissions import is_moderator

    return user.is_authenticated and (amendment.proposer_id == user.pk or is_moderator(user))


def check_withdraw_amendment_permission(user: "AnyUser", amendment) -> None:
    if not can_withdraw_amendment(user, amendment):
        raise PermissionDenied(_("Only the proposer or a moderator can withdraw a proposal."))
