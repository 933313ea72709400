"""Actions on one post: edit, history, delete, react, bookmark, key insight, hide.

All reached as `<topic-slug>/<number>/<action>/` below the bespreekpunt page, with the action word
in the site's language ("bewerken", "geschiedenis", ...). Forms post back and redirect to the
post, so everything works without JavaScript.
"""

import difflib
import re

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from community import actions
from community.forms import PostForm, apply_errors
from community.models import BespreekpuntPage, Post
from community.permissions import (
    check_delete_post_permission,
    check_edit_post_permission,
    check_view_history_permission,
    filter_visible_posts,
)
from community.views import decisions, moderation
from community.views.context import ACTION_WORDS, discussion_root, post_url, topic_url


def _resolve_action(word: str) -> str:
    for name, localized in ACTION_WORDS.items():
        if word in (name, str(localized)):
            return name
    raise Http404(_("Unknown action."))


def post_action(
    request: HttpRequest, page: BespreekpuntPage, topic_slug: str, number: int, word: str
) -> HttpResponse:
    action = _resolve_action(word)
    post = get_object_or_404(
        filter_visible_posts(request.user, Post.objects.select_related("topic", "author__profile")),
        topic__bespreekpunt=discussion_root(request, page),
        topic__slug=topic_slug,
        number=number,
    )
    if action == "history":
        return history(request, page, post)
    if not request.user.is_authenticated:
        return redirect_to_login(post_url(page, post.topic, post.number))
    handler = {
        "edit": edit,
        "delete": delete,
        "react": react,
        "bookmark": bookmark,
        "key-insight": key_insight,
        "hide": hide,
        "flag": moderation.flag,
        "poll": decisions.add_decision,
    }[action]
    # A refusal answers 4xx with its reason (home.views: the 403 and 400 pages), never a
    # redirect that would look like success: PermissionDenied and RateLimited pass through.
    try:
        return handler(request, page, post)
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages)) from error


def edit(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    check_edit_post_permission(request.user, post)
    draft_key = f"edit:{post.pk}"
    status = 200
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                actions.check_edit_post(request.user, post, body=form.cleaned_data["body"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return HttpResponseRedirect(post_url(page, post.topic, post.number))
        actions.save_draft(request.user, draft_key, body=request.POST.get("body", ""))
        status = 400
    else:
        draft = actions.get_draft(request.user, draft_key)
        form = PostForm(initial={"body": draft.body if draft else post.body})
    context = page.get_context(request)
    context.update(
        {
            "post": post,
            "topic": post.topic,
            "topic_url": topic_url(page, post.topic),
            "form": form,
            "draft_key": draft_key,
        }
    )
    return TemplateResponse(request, "community/post_edit.html", context, status=status)


def delete(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    check_delete_post_permission(request.user, post)
    if request.method == "POST":
        actions.check_delete_post(request.user, post)
        messages.success(request, _("Your post has been deleted."))
        return HttpResponseRedirect(post_url(page, post.topic, post.number))
    context = page.get_context(request)
    context.update({"post": post, "topic": post.topic, "topic_url": topic_url(page, post.topic)})
    return TemplateResponse(request, "community/post_delete.html", context)


def _require_post(request: HttpRequest) -> None:
    if request.method != "POST":
        raise PermissionDenied(_("Use the button on the post."))


def react(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    _require_post(request)
    actions.check_react(request.user, post, request.POST.get("kind", ""))
    return HttpResponseRedirect(post_url(page, post.topic, post.number))


def bookmark(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    _require_post(request)
    on = actions.check_toggle_bookmark(request.user, post)
    messages.success(request, _("Bookmark added.") if on else _("Bookmark removed."))
    return HttpResponseRedirect(post_url(page, post.topic, post.number))


def key_insight(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    _require_post(request)
    actions.check_mark_key_insight(request.user, post, value=not post.is_key_insight)
    return HttpResponseRedirect(post_url(page, post.topic, post.number))


def hide(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    _require_post(request)
    actions.check_hide_post(request.user, post, hidden=not post.is_hidden)
    return HttpResponseRedirect(post_url(page, post.topic, post.number))


def history(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    try:
        check_view_history_permission(request.user, post)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    if post.is_deleted:
        raise Http404(_("This post has been deleted."))
    revisions = list(post.revisions.select_related("editor__profile").order_by("number"))
    versions = []
    previous = ""
    for revision in revisions:
        versions.append({"revision": revision, "diff": word_diff(previous, revision.body)})
        previous = revision.body
    versions.reverse()
    context = page.get_context(request)
    context.update(
        {
            "post": post,
            "topic": post.topic,
            "topic_url": topic_url(page, post.topic),
            "post_url": post_url(page, post.topic, post.number),
            "versions": versions,
        }
    )
    return TemplateResponse(request, "community/post_history.html", context)


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> SafeString:
    """`new` with words added in <ins> and removed in <del>; everything else escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above
