"""Bespreekpunt (topic list) and topic views, called by BespreekpuntPage's routes.

Each page reads a fixed number of rows whatever the number of topics or posts: counters are
stored on the topic, related rows come in one query each. Anonymous pages are tagged for the
anonymous page cache (community.cache) with tokens read before any data.
"""

import copy
from functools import partial
from math import ceil

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Subquery,
    Window,
)
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import actions, memo
from community.cache import cached_fragment, current_tokens, mark_cacheable, topic_page_tokens
from community.deferred import after_response
from community.forms import PostForm, TopicForm, apply_errors
from community.links import topic_links_for
from community.models import (
    BespreekpuntPage,
    ConsentResponse,
    ConsentRound,
    Poll,
    Post,
    ReadState,
    Topic,
    TopicRedirect,
    TopicTag,
)
from community.overlay import Reader
from community.permissions import (
    can_see_topic,
    filter_visible_posts,
    filter_visible_topics,
    is_member,
    is_moderator,
)
from community.post_list import pending_posts, reader_state, shared_page
from community.queries import ConcatNames
from community.ratelimit import RateLimited
from community.realtime.render import page_for_language
from community.topic_panels import topic_panels
from community.views.context import discussion_root, post_url, reply_url, topic_url
from community.views.decisions import has_pending_deadline, topic_decisions
from community.views.moderation import topic_tools

POSTS_PER_PAGE = 50
TOPICS_PER_PAGE = 30


MAX_PAGE = 10**6


def _page_number(request: HttpRequest, last: int) -> int:
    """The page asked for; one that is no whole number from 1 to MAX_PAGE is no page at all."""
    value = request.GET.get("page", "1")
    if not (value.isascii() and value.isdigit() and len(value) <= 7 and 0 < int(value) <= MAX_PAGE):
        raise Http404(_("There is no page with this number."))
    return min(int(value), max(last, 1))


def topic_list(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    user = request.user
    root = discussion_root(request, page)
    tokens = current_tokens(root.pk) if not user.is_authenticated else None
    number = _page_number(request, MAX_PAGE)
    topics_qs = (
        filter_visible_topics(user, Topic.objects.filter(bespreekpunt=root))
        .select_related("author__profile")
        .annotate(total=Window(Count("pk")), tag_names=_tag_names(OuterRef("pk")))
        .order_by("-is_pinned", "-last_posted_at")
    )
    if user.is_authenticated:
        topics_qs = topics_qs.annotate(last_read=_last_read(user, OuterRef("pk")))
    topics = list(topics_qs[(number - 1) * TOPICS_PER_PAGE : number * TOPICS_PER_PAGE])
    total = topics[0].total if topics else 0
    last_page = max(ceil(total / TOPICS_PER_PAGE), 1)
    for topic in topics:
        topic.url = topic_url(page, topic)
        topic.tag_list = sorted(topic.tag_names.split(",")) if topic.tag_names else []
        if user.is_authenticated:
            last_read = getattr(topic, "last_read", None)
            topic.is_new = last_read is None
            topic.unread = 0 if last_read is None else max(topic.post_count - last_read, 0)
    insights = cached_fragment(root.pk, "insights", lambda: _insights(page, root))
    context = page.get_context(request)
    context.update(
        {
            "topics": topics,
            "insights": insights,
            "page_number": number,
            "last_page": last_page,
            "page_range": range(1, last_page + 1),
            "can_start_topic": is_member(user),
            "new_topic_url": page.url + page.reverse_subpage("new_topic"),
            "mark_read_url": page.url + page.reverse_subpage("mark_read"),
            "timeline_url": page.url + page.reverse_subpage("timeline"),
        }
    )
    response = TemplateResponse(request, "community/bespreekpunt_page.html", context)
    return mark_cacheable(request, response, root.pk, tokens) if tokens else response


def _insights(page: BespreekpuntPage, root: BespreekpuntPage) -> list[dict]:
    """The bespreekpunt's latest key insights, as plain values so they can be cached."""
    posts = (
        Post.objects.filter(
            topic__bespreekpunt=root, is_key_insight=True, deleted_at=None, is_hidden=False
        )
        .select_related("author__profile", "topic")
        .order_by("-created_at")[:10]
    )
    return [
        {
            "url": post_url(page, post.topic, post.number),
            "title": f"{post.topic.title} #{post.number}",
            "author": post.author.profile.public_name,
            "html": post.html,
        }
        for post in posts
    ]


def new_topic(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    root = discussion_root(request, page)
    draft_key = f"topic:{root.pk}"
    status = 200
    if request.method == "POST":
        form = TopicForm(request.POST)
        if form.is_valid():
            try:
                topic = actions.check_create_topic(
                    request.user,
                    root,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    tags=form.cleaned_data["tags"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            except RateLimited:
                # The 429 page answers; the text waits in the draft for the next try.
                actions.save_draft(
                    request.user,
                    draft_key,
                    title=request.POST.get("title", ""),
                    body=request.POST.get("body", ""),
                )
                raise
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                if topic.is_pending:
                    messages.info(request, _("Thanks! A moderator will look at your topic soon."))
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
        # A saved draft wins; otherwise a link may suggest a start (the manifest's "bespreek dit").
        draft = actions.get_draft(request.user, draft_key)
        if draft:
            initial = {"title": draft.title, "body": draft.body}
        else:
            initial = {
                "title": request.GET.get("title", "")[:200],
                "body": request.GET.get("body", "")[:2000],
            }
        form = TopicForm(initial=initial)
    context = page.get_context(request)
    context.update({"form": form, "draft_key": draft_key, "can_post": is_member(request.user)})
    return TemplateResponse(request, "community/topic_new.html", context, status=status)


@require_POST
def mark_all_read(request: HttpRequest, page: BespreekpuntPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(page.url)
    actions.mark_all_read(request.user, discussion_root(request, page))
    messages.success(request, _("All topics of this bespreekpunt are marked as read."))
    return HttpResponseRedirect(page.url)


def _get_topic(page: BespreekpuntPage, slug: str, user=None) -> Topic:
    topic = get_object_or_404(
        filter_visible_topics(user, Topic.objects.select_related("author__profile")),
        bespreekpunt=page.discussion_page(),
        slug=slug,
    )
    topic.bespreekpunt = page.discussion_page()
    return topic


def _load_topic(root: BespreekpuntPage, slug: str, user) -> Topic | None:
    """The topic if `user` may see it, with its tag names: one query after a write in the
    bespreekpunt, none before the next (kept with its fragments). A copy, for the caller to add
    to."""
    if not root.live:
        return None
    shared = cached_fragment(
        root.pk, f"topic:{slug}", lambda: _topic_row(root, slug) or 0, guards="topic"
    )
    if not shared or not can_see_topic(user, shared):
        return None
    topic = copy.copy(shared)
    topic.bespreekpunt = root
    return topic


def _topic_row(root: BespreekpuntPage, slug: str) -> Topic | None:
    return (
        Topic.objects.filter(bespreekpunt=root, slug=slug)
        .annotate(
            tag_names=_tag_names(OuterRef("pk")),
            # Most topics hold no poll: their page then skips the queries that load them.
            has_decisions=Exists(Poll.objects.filter(post__topic=OuterRef("pk")))
            | Exists(ConsentRound.objects.filter(topic=OuterRef("pk"))),
        )
        .first()
    )


def topic_detail(request: HttpRequest, page: BespreekpuntPage, topic_slug: str) -> HttpResponse:
    user = request.user
    root = discussion_root(request, page)
    # Read before any data: the shared post list and the anonymous page are kept under them.
    tokens, structure_token = topic_page_tokens(root.pk)
    number = _page_number(request, MAX_PAGE)
    first = (number - 1) * POSTS_PER_PAGE
    topic = _load_topic(root, topic_slug, user)
    if topic is None:
        # An old address (a split renumbered it) or no such topic.
        moved = _old_address(request, root, topic_slug)
        if moved is not None:
            return moved
        raise Http404(_("This topic does not exist."))
    state = reader_state(user, topic, first, POSTS_PER_PAGE) if user.is_authenticated else None
    tag_names = getattr(topic, "tag_names", None)
    topic.tag_list = sorted(tag_names.split(",")) if tag_names else []
    last_read = state.last_read if state else None
    draft_body = state.draft if state else None
    base_url = topic_url(page, topic)
    if user.is_authenticated and "page" not in request.GET and last_read is not None:
        first_unread = last_read + 1
        if first_unread <= topic.post_count:
            # Coming back to a topic lands on the first post not read yet.
            target_page = ceil(first_unread / POSTS_PER_PAGE)
            return HttpResponseRedirect(f"{base_url}?page={target_page}#post-{first_unread}")
    shared = shared_page(page, topic, first, POSTS_PER_PAGE, tokens, structure_token)
    member = is_member(user)
    bookmarks = state.bookmarks if state else frozenset()
    pending = None
    if state and state.has_pending:
        pending = pending_posts(page, user, topic, first, POSTS_PER_PAGE)
    if not shared.facts and pending is None:
        return _page_before(page, topic, number)
    found = topic_decisions(request, topic) if getattr(topic, "has_decisions", True) else []
    moderator = is_moderator(user)
    can_reply = member and (not topic.is_closed or moderator)
    reader = Reader(
        user_id=user.pk,
        member=member,
        moderator=moderator,
        can_reply=can_reply,
        topic_author_id=topic.author_id,
        topic_closed=topic.is_closed,
        last_read=last_read or 0,
        bookmarks=bookmarks,
        with_decision=frozenset(decision.obj.post_id for decision in found),
        # Only members see a post's forms. Reading the (lazy) token for a visitor would set the
        # CSRF cookie, and the anonymous page cache stores no response that sets a cookie.
        csrf=get_token(request) if user.is_authenticated else "",
    )
    posts_html = shared.for_reader(reader)
    last_number = max(shared.facts, default=0)
    if pending is not None:
        posts_html += pending.for_reader(reader)
        last_number = max(last_number, *pending.facts)
    last_page = _last_page(topic)
    context = page.get_context(request)
    context.update(
        {
            "topic": topic,
            "topic_url": base_url,
            "posts_html": mark_safe(posts_html),  # noqa: S308 - rendered by post.html
            "insights": shared.insights,
            "page_number": number,
            "last_page": last_page,
            "page_range": range(1, last_page + 1),
            "reply_fields": _reply_fields(draft_body) if can_reply else "",
            "reply_url": reply_url(page, topic),
            "can_reply": can_reply,
            "draft_key": f"reply:{topic.pk}",
            "moderation": topic_tools(topic) if moderator else None,
            "decisions": found,
            "consent_choices": ConsentResponse.Choice.choices,
            "panels": topic_panels(request, topic),
            "topic_links": topic_links_for(topic, user),
        }
    )
    response = TemplateResponse(request, "community/topic_detail.html", context)
    if user.is_authenticated and (last_read or 0) < last_number:
        # Written after the page is sent: the page shows the marker as it was.
        after_response(
            response,
            partial(
                actions.mark_read,
                user,
                topic,
                last_number,
                known_state=last_read is not None,
                read_before=last_read or 0,
            ),
        )
    if has_pending_deadline(found) or None in tokens:
        return response  # a kept copy would still offer voting after the poll closed
    return mark_cacheable(request, response, root.pk, tokens)


# The blank reply form is the same for every member: its fields rendered once per language.
BLANK_REPLY_FIELDS = memo.LocalValues(16)


def _reply_fields(draft_body: str | None) -> str:
    """The reply form's fields, holding the member's draft if they left one."""
    if draft_body:
        form = PostForm(initial={"body": draft_body})
        return render_to_string("includes/form_fields.html", {"form": form})
    language = translation.get_language()
    html = BLANK_REPLY_FIELDS.get(language)
    if html is None:
        html = render_to_string("includes/form_fields.html", {"form": PostForm()})
        BLANK_REPLY_FIELDS.set(language, html)
    return html


def _last_page(topic: Topic) -> int:
    return max(ceil(topic.post_count / POSTS_PER_PAGE), 1)


def _page_before(page: BespreekpuntPage, topic: Topic, number: int) -> HttpResponse:
    """A page with nothing to show: past the end, or only posts awaiting approval."""
    if number <= 1:
        raise Http404(_("This topic does not exist."))
    target = min(number - 1, _last_page(topic))
    return HttpResponseRedirect(f"{topic_url(page, topic)}?page={target}")


def _tag_names(topic_ref) -> Subquery:
    return Subquery(
        TopicTag.objects.filter(content_object=topic_ref)
        .values("content_object")
        .annotate(names=ConcatNames("tag__name"))
        .values("names")[:1]
    )


def _last_read(user, topic_ref) -> Subquery:
    return Subquery(
        ReadState.objects.filter(user=user, topic=topic_ref).values("last_read_number")[:1]
    )


def post_permalink(
    request: HttpRequest, page: BespreekpuntPage, topic_slug: str, number: int
) -> HttpResponse:
    root = discussion_root(request, page)
    try:
        topic = _get_topic(page, topic_slug, request.user)
    except Http404:
        moved = _old_address(request, root, topic_slug, number)
        if moved is None:
            raise
        return moved
    # Replies awaiting approval are numbered after post_count: their author may open them.
    if not filter_visible_posts(request.user, topic.posts.filter(number=number)).exists():
        raise Http404(_("This topic has no post with that number."))
    target_page = ceil(number / POSTS_PER_PAGE)
    return HttpResponseRedirect(f"{topic_url(page, topic)}?page={target_page}#post-{number}")


def _old_address(
    request: HttpRequest, root: BespreekpuntPage, slug: str, number: int | None = None
) -> HttpResponse | None:
    """Where an address a split renumbered leads now: the topic, or the post that had
    `number` there (wherever it is now); None when the address was never moved."""
    moved = (
        TopicRedirect.objects.select_related("topic__bespreekpunt")
        .filter(bespreekpunt=root, slug=slug)
        .first()
    )
    if moved is None:
        return None
    if number is None:
        topic = moved.topic
        target = page_for_language(topic.bespreekpunt, request.LANGUAGE_CODE)
        return HttpResponsePermanentRedirect(topic_url(target, topic))
    post_id = moved.posts.get(str(number))
    posts = Post.objects.select_related("topic__bespreekpunt").filter(pk=post_id or 0)
    post = filter_visible_posts(request.user, posts).first()
    if post is None:
        return None
    target = page_for_language(post.topic.bespreekpunt, request.LANGUAGE_CODE)
    return HttpResponsePermanentRedirect(post_url(target, post.topic, post.number))


def reply(request: HttpRequest, page: BespreekpuntPage, topic_slug: str) -> HttpResponse:
    """The reply form on its own page: replying to or quoting a post without JavaScript."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    root = discussion_root(request, page)
    visible = filter_visible_topics(request.user, Topic.objects.filter(bespreekpunt=root))
    topic = visible.filter(slug=topic_slug).first()
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
            except RateLimited:
                actions.save_draft(request.user, draft_key, body=request.POST.get("body", ""))
                raise
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                if post.is_pending:
                    messages.info(request, _("Thanks! A moderator will look at your post soon."))
                return HttpResponseRedirect(post_url(page, topic, post.number))
        if status == 200:
            status = 400
        actions.save_draft(request.user, draft_key, body=request.POST.get("body", ""))
    else:
        if topic is None:
            raise Http404(_("This topic does not exist."))
        initial: dict[str, object] = {}
        draft = actions.get_draft(request.user, draft_key)
        if draft:
            initial["body"] = draft.body
        target = _target_post(topic, request.GET.get("to") or request.GET.get("quote"))
        if target is not None:
            initial["reply_to"] = target.number
            quoted = target
            if "quote" in request.GET and target.is_visible:
                initial["body"] = str(initial.get("body", "")) + quote_markdown(page, topic, target)
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
