"""Bespreekpunt (topic list) and topic views, called by BespreekpuntPage's routes.

Each page reads a fixed number of rows whatever the number of topics or posts: counters are
stored on the topic, related rows come in one query each. Anonymous pages are tagged for the
anonymous page cache (community.cache) with tokens read before any data.
"""

from math import ceil

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import actions
from community.cache import current_tokens, mark_cacheable
from community.forms import PostForm, TopicForm, apply_errors
from community.models import BespreekpuntPage, Post, Reaction, ReadState, Topic
from community.permissions import is_member
from community.views.context import build_post_rows, post_url, topic_url

POSTS_PER_PAGE = 50
TOPICS_PER_PAGE = 30


def _page_number(request: HttpRequest, last: int) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return min(max(number, 1), max(last, 1))


def topic_list(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    tokens = current_tokens(page.pk) if not request.user.is_authenticated else None
    total = Topic.objects.filter(bespreekpunt=page).count()
    last_page = max(ceil(total / TOPICS_PER_PAGE), 1)
    number = _page_number(request, last_page)
    topics = list(
        Topic.objects.filter(bespreekpunt=page)
        .select_related("author__profile")
        .prefetch_related("tags")
        .order_by("-last_posted_at")[(number - 1) * TOPICS_PER_PAGE : number * TOPICS_PER_PAGE]
    )
    if request.user.is_authenticated:
        read = dict(
            ReadState.objects.filter(user=request.user, topic__in=topics).values_list(
                "topic_id", "last_read_number"
            )
        )
        for topic in topics:
            topic.is_new = topic.pk not in read
            topic.unread = 0 if topic.is_new else max(topic.post_count - read[topic.pk], 0)
    for topic in topics:
        topic.bespreekpunt = page
        topic.url = topic_url(page, topic)
    insights = list(
        Post.objects.filter(
            topic__bespreekpunt=page, is_key_insight=True, deleted_at=None, is_hidden=False
        )
        .select_related("author__profile", "topic")
        .order_by("-created_at")[:10]
    )
    for post in insights:
        post.url = post_url(page, post.topic, post.number)
    context = page.get_context(request)
    context.update(
        {
            "topics": topics,
            "insights": insights,
            "page_number": number,
            "last_page": last_page,
            "page_range": range(1, last_page + 1),
            "can_start_topic": is_member(request.user),
            "new_topic_url": page.url + page.reverse_subpage("new_topic"),
            "mark_read_url": page.url + page.reverse_subpage("mark_read"),
        }
    )
    response = TemplateResponse(request, "community/bespreekpunt_page.html", context)
    return mark_cacheable(request, response, page.pk, tokens) if tokens else response


def new_topic(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    draft_key = f"topic:{page.pk}"
    status = 200
    if request.method == "POST":
        form = TopicForm(request.POST)
        if form.is_valid():
            try:
                topic = actions.check_create_topic(
                    request.user,
                    page,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    tags=form.cleaned_data["tags"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Your topic has been started."))
                return HttpResponseRedirect(topic_url(page, topic))
        # Whatever went wrong, the text is kept in the form and in the draft.
        actions.save_draft(
            request.user,
            draft_key,
            title=request.POST.get("title", ""),
            body=request.POST.get("body", ""),
        )
        status = 400
    else:
        draft = actions.get_draft(request.user, draft_key)
        form = TopicForm(initial={"title": draft.title, "body": draft.body} if draft else None)
    context = page.get_context(request)
    context.update({"form": form, "draft_key": draft_key, "can_post": is_member(request.user)})
    return TemplateResponse(request, "community/topic_new.html", context, status=status)


@require_POST
def mark_all_read(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    actions.mark_all_read(request.user, page)
    messages.success(request, _("All topics of this bespreekpunt are marked as read."))
    return HttpResponseRedirect(page.url)


def _get_topic(page: BespreekpuntPage, slug: str) -> Topic:
    topic = get_object_or_404(
        Topic.objects.select_related("author__profile").prefetch_related("tags"),
        bespreekpunt=page,
        slug=slug,
    )
    topic.bespreekpunt = page
    return topic


def topic_detail(request: HttpRequest, page: BespreekpuntPage, topic_slug: str) -> HttpResponse:
    user = request.user
    tokens = current_tokens(page.pk) if not user.is_authenticated else None
    topic = _get_topic(page, topic_slug)
    base_url = topic_url(page, topic)
    last_page = max(ceil(topic.post_count / POSTS_PER_PAGE), 1)
    state = None
    if user.is_authenticated:
        state = ReadState.objects.filter(user=user, topic=topic).first()
        first_unread = (state.last_read_number + 1) if state else 1
        if "page" not in request.GET and state and first_unread <= topic.post_count:
            # Coming back to a topic lands on the first post not read yet.
            target_page = ceil(first_unread / POSTS_PER_PAGE)
            return HttpResponseRedirect(f"{base_url}?page={target_page}#post-{first_unread}")
    number = _page_number(request, last_page)
    first = (number - 1) * POSTS_PER_PAGE
    posts = list(
        Post.objects.filter(topic=topic, number__gt=first, number__lte=first + POSTS_PER_PAGE)
        .select_related("author__profile", "reply_to__author__profile")
        .prefetch_related(
            Prefetch("reactions", queryset=Reaction.objects.select_related("user__profile"))
        )
        .order_by("number")
    )
    insights = list(
        Post.objects.filter(
            topic=topic, is_key_insight=True, deleted_at=None, is_hidden=False
        ).select_related("author__profile")
    )
    rows = build_post_rows(request, page, topic, posts)
    if user.is_authenticated and posts:
        seen = posts[-1].number
        if state is None or state.last_read_number < seen:
            actions.mark_read(user, topic, seen)
    draft = actions.get_draft(user, f"reply:{topic.pk}") if is_member(user) else None
    context = page.get_context(request)
    context.update(
        {
            "topic": topic,
            "topic_url": base_url,
            "rows": rows,
            "insights": insights,
            "page_number": number,
            "last_page": last_page,
            "page_range": range(1, last_page + 1),
            "reply_form": PostForm(initial={"body": draft.body} if draft else None),
            "reply_url": topic.subpage_url("reply"),
            "can_reply": is_member(user) and (not topic.is_closed),
            "draft_key": f"reply:{topic.pk}",
            "last_read": state.last_read_number if state else 0,
        }
    )
    response = TemplateResponse(request, "community/topic_detail.html", context)
    return mark_cacheable(request, response, page.pk, tokens) if tokens else response


def post_permalink(
    request: HttpRequest, page: BespreekpuntPage, topic_slug: str, number: int
) -> HttpResponse:
    topic = _get_topic(page, topic_slug)
    if not 1 <= number <= topic.post_count:
        raise Http404(_("This topic has no post with that number."))
    target_page = ceil(number / POSTS_PER_PAGE)
    return HttpResponseRedirect(f"{topic_url(page, topic)}?page={target_page}#post-{number}")


def reply(request: HttpRequest, page: BespreekpuntPage, topic_slug: str) -> HttpResponse:
    """The reply form on its own page: replying to or quoting a post without JavaScript."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic = Topic.objects.filter(bespreekpunt=page, slug=topic_slug).first()
    draft_key = f"reply:{topic.pk}" if topic else f"reply:{page.pk}:{topic_slug}"[:64]
    status = 200
    quoted = None
    if request.method == "POST":
        form = PostForm(request.POST)
        if topic is None:
            form.is_valid()
            form.add_error(None, _("This topic does not exist (any more). Your text is kept."))
            status = 404
        elif form.is_valid():
            try:
                post = actions.check_create_post(
                    request.user,
                    topic,
                    body=form.cleaned_data["body"],
                    reply_to=form.cleaned_data.get("reply_to"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                return HttpResponseRedirect(post_url(page, topic, post.number))
        if status == 200:
            status = 400
        actions.save_draft(request.user, draft_key, body=request.POST.get("body", ""))
    else:
        if topic is None:
            raise Http404(_("This topic does not exist."))
        initial = {}
        draft = actions.get_draft(request.user, draft_key)
        if draft:
            initial["body"] = draft.body
        target = _target_post(topic, request.GET.get("to") or request.GET.get("quote"))
        if target is not None:
            initial["reply_to"] = target.number
            quoted = target
            if "quote" in request.GET and target.is_visible:
                initial["body"] = initial.get("body", "") + quote_markdown(page, topic, target)
        form = PostForm(initial=initial)
    context = page.get_context(request)
    context.update(
        {
            "topic": topic,
            "topic_url": topic_url(page, topic) if topic else page.url,
            "form": form,
            "quoted": quoted,
            "draft_key": draft_key,
            "reply_url": request.path,
        }
    )
    return TemplateResponse(request, "community/reply.html", context, status=status)


def _target_post(topic: Topic, value: str | None) -> Post | None:
    if not value or not value.isdigit():
        return None
    return Post.objects.select_related("author__profile").filter(topic=topic, number=value).first()


def quote_markdown(page: BespreekpuntPage, topic: Topic, post: Post, text: str = "") -> str:
    """A Markdown quote of `post` (or a selection of it) with a link back to its source."""
    quoted = (text or post.body).strip()
    lines = "\n".join(f"> {line}" if line else ">" for line in quoted.splitlines())
    source = f"[@{post.author.username}, #{post.number}]({post_url(page, topic, post.number)})"
    return f"{lines}\n>\n> — {source}\n\n"
