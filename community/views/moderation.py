"""Moderation pages: the flag form on the site, the topic tools on the topic page, and the
review queue and audit log in the Wagtail admin (registered in community/wagtail_hooks.py).

Every form posts and redirects back with a message, so all of it works without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community import moderation
from community.forms import apply_errors
from community.models import BespreekpuntPage, Flag, ModerationAction, Post, Topic
from community.permissions import is_moderator
from community.views.context import post_url, topic_url

# Flagging -----------------------------------------------------------------------------------


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why should a moderator look at this post?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why you flag this post.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the moderators"),
        help_text=gettext_lazy("Required when you choose “Something else”."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def flag(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    """The flag form behind a post's "Flag" link; a refusal answers 403 with its reason."""
    moderation.check_can_flag(request.user, post)
    status = 200
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            try:
                moderation.check_flag_post(request.user, post, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you. A moderator will look at this post."))
                return HttpResponseRedirect(post_url(page, post.topic, post.number))
        status = 400
    else:
        form = FlagForm()
    context = page.get_context(request)
    context.update(
        {
            "post": post,
            "topic": post.topic,
            "topic_url": topic_url(page, post.topic),
            "post_url": post_url(page, post.topic, post.number),
            "form": form,
        }
    )
    return TemplateResponse(request, "community/moderation/flag.html", context, status=status)


# Topic tools --------------------------------------------------------------------------------


def topic_tools(topic: Topic) -> dict:
    """What the topic page's Moderation section needs (shown to moderators only)."""
    return {
        "url": reverse("community:moderate_topic", kwargs={"topic_id": topic.pk}),
        "targets": moderation.move_targets(topic),
    }


@require_POST
def moderate_topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.select_related("bespreekpunt"), pk=topic_id)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = topic.get_absolute_url()
    tool = request.POST.get("tool", "")
    user = request.user
    try:
        if tool in ("pin", "unpin", "pin-site", "unpin-site"):
            moderation.check_pin_topic(
                user, topic, pinned=tool.startswith("pin"), globally=tool.endswith("site")
            )
        elif tool in ("close", "reopen"):
            moderation.check_close_topic(user, topic, closed=tool == "close")
        elif tool == "move":
            target = BespreekpuntPage.objects.filter(pk=_int(request.POST.get("target"))).first()
            if target is None:
                raise ValidationError(_("Choose the bespreekpunt to move the topic to."))
            back = moderation.check_move_topic(user, topic, target).get_absolute_url()
        elif tool == "split":
            new = moderation.check_split_topic(
                user,
                topic,
                numbers=moderation.parse_numbers(request.POST.get("numbers", "")),
                title=request.POST.get("title", ""),
            )
            back = new.get_absolute_url()
        else:
            raise ValidationError(_("Unknown moderation tool."))
    except (PermissionDenied, ValidationError) as error:
        text = str(error) if isinstance(error, PermissionDenied) else " ".join(error.messages)
        messages.error(request, text)
    else:
        messages.success(request, _("Done: the topic has been updated."))
    return HttpResponseRedirect(back)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# Wagtail admin: review queue and audit log ---------------------------------------------------


# The queue's buttons, in order, with the message shown once done.
DECISIONS = [
    (
        "approve",
        gettext_lazy("Approve"),
        gettext_lazy("The post is approved; its flags are dismissed."),
    ),
    ("hide", gettext_lazy("Hide"), gettext_lazy("The post has been hidden.")),
    ("delete", gettext_lazy("Delete"), gettext_lazy("The post has been deleted.")),
    ("warn", gettext_lazy("Warn the member"), gettext_lazy("The member has been warned.")),
]


def _require_moderator(request: HttpRequest) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only moderators can see the review queue and the audit log."))


def review_queue(request: HttpRequest) -> HttpResponse:
    """Flagged posts and posts awaiting approval, the longest waiting first."""
    _require_moderator(request)
    # Both conditions on the same join: a post without flags must not count as "open".
    open_flags = Q(flags__isnull=False, flags__resolved_at=None)
    posts = (
        Post.objects.filter(deleted_at=None)
        .filter(Q(is_pending=True) | open_flags)
        .annotate(waiting_since=Coalesce(Min("flags__created_at", filter=open_flags), "created_at"))
        .select_related("author__profile", "topic__bespreekpunt")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(resolved_at=None)
                .select_related("user__profile")
                .order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .order_by("waiting_since", "pk")
    )
    page = Paginator(posts, 25).get_page(request.GET.get("p"))
    for post in page:
        post.url = post.get_absolute_url()
    return TemplateResponse(
        request,
        "community/moderation/queue.html",
        {"page_obj": page, "decisions": DECISIONS, **_pagination(page)},
    )


@require_POST
def review_decide(request: HttpRequest, post_id: int) -> HttpResponse:
    _require_moderator(request)
    post = get_object_or_404(Post.objects.select_related("topic", "author"), pk=post_id)
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    try:
        if decision == "warn":
            moderation.check_warn_member(request.user, post.author, reason=reason, post=post)
        else:
            moderation.check_review_post(request.user, post, decision=decision, reason=reason)
    except (PermissionDenied, ValidationError) as error:
        text = str(error) if isinstance(error, PermissionDenied) else " ".join(error.messages)
        messages.error(request, text)
    else:
        messages.success(request, {key: done for key, _label, done in DECISIONS}[decision])
    return HttpResponseRedirect(reverse("community_moderation_queue"))


def audit_log(request: HttpRequest) -> HttpResponse:
    _require_moderator(request)
    rows = ModerationAction.objects.select_related(
        "moderator__profile", "member__profile", "topic__bespreekpunt", "post__topic__bespreekpunt"
    ).order_by("-created_at", "-pk")
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request, "community/moderation/audit_log.html", {"page_obj": page, **_pagination(page)}
    )


def _pagination(page) -> dict:
    # What Wagtail's pagination_nav.html reads besides the page itself.
    return {"elided_page_range": page.paginator.get_elided_page_range(page.number)}
