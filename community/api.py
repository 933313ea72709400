"""JSON API of the community app (django-ninja), mounted at /api/community/ with OpenAPI docs.

Reading is public. Writing acts as the logged-in member (session cookie + CSRF token in the
X-CSRFToken header) and goes through community.actions like the pages do. Errors come back as
{"detail": "...", "errors": {field: [messages]}} in the member's language with a 4xx status.
"""

import json
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from community import actions, ratelimit
from community.models import BespreekpuntPage, Draft, Post, Topic
from community.models.profiles import public_name
from community.permissions import filter_visible_posts, filter_visible_topics, is_member
from community.ratelimit import RateLimited
from community.views.context import post_url, topic_url

PAGE_SIZE = 50
# Ids are 64-bit in the database; a larger number names nothing (and SQLite cannot even compare
# it), so it answers 404 before any query. Pages past MAX_PAGE are empty anyway.
MAX_ID = 2**63 - 1
MAX_PAGE = 10**6


class UnreadableText(ValueError):
    """Text the database cannot store: PostgreSQL refuses NUL characters in any string."""


def _refuse_nul(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise UnreadableText(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)


class StrictParser(Parser):
    """JSON bodies and query strings as ninja reads them, minus NUL characters. A body that is
    no JSON, no UTF-8 or nested too deep fails in json.loads, which ninja answers with a 400."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _refuse_nul(data)
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        parsed = super().parse_querydict(data, list_fields, request)
        try:
            _refuse_nul(parsed)
        except UnreadableText:
            raise ValidationError(_("Null characters are not allowed.")) from None
        return parsed


class CommunityAPI(NinjaAPI):
    """ninja answers a method an address does not take with a bare English text; here it is
    JSON in the member's language like every other error."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        return patterns


def _json_not_allowed(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response["Content-Type"].startswith("application/json"):
            return response
        detail = _("This address does not take %(method)s requests.") % {"method": request.method}
        allowed = response["Allow"]
        response = api.create_response(request, {"detail": detail}, status=405)
        response["Allow"] = allowed
        return response

    return wrapper


api = CommunityAPI(
    title="Flexibel Opleiden community API",
    version="1",
    urls_namespace="community_api",
    description=__doc__,
    parser=StrictParser(),
)
# A draft's key names its form ("reply:12"); anything else is refused before the database.
DraftKey = Path(..., max_length=64, pattern=r"^[\w:.-]+$")


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class BespreekpuntOut(Schema):
    id: int
    number: int
    title: str
    status: str
    url: str
    intro: str
    questions: str


class TopicOut(Schema):
    id: int
    bespreekpunt_id: int
    title: str
    slug: str
    url: str
    author: str
    tags: list[str]
    replies: int
    participants: int
    views: int
    closed: bool
    last_posted_at: datetime


class PostOut(Schema):
    id: int
    number: int
    url: str
    author: str
    author_name: str
    reply_to: int | None
    html: str
    created_at: datetime
    edited: bool
    deleted: bool
    key_insight: bool
    reactions: dict[str, int]


class TopicDetailOut(TopicOut):
    page: int
    pages: int
    posts: list[PostOut]


class TopicIn(Schema):
    title: str
    body: str
    tags: list[str] = []


class PostIn(Schema):
    body: str
    reply_to: int | None = None


class EditIn(Schema):
    body: str


class ReactionIn(Schema):
    kind: str


class StateOut(Schema):
    on: bool
    counts: dict[str, int] = {}


class DraftIn(Schema):
    title: str = ""
    body: str = ""


class DraftOut(Schema):
    key: str
    title: str
    body: str
    updated_at: datetime | None


class MemberOut(Schema):
    username: str
    name: str


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or _("Not allowed.")}, status=403)


@api.exception_handler(RateLimited)
def _too_many(request: HttpRequest, exc: RateLimited):
    response = api.create_response(request, {"detail": str(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(message for messages in errors.values() for message in messages)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    request.urlconf = "community.api_urls"  # type: ignore[attr-defined]  # see api_urls.py
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    detail = _("Log in first (and send the CSRF token with requests that change something).")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(NinjaValidationError)
def _bad_request(request: HttpRequest, exc: NinjaValidationError):
    detail = _("The request could not be read: check the JSON and its fields.")
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        field = str(error.get("loc", ["__all__"])[-1])
        errors.setdefault(field, []).append(_("This value is missing or not valid."))
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    """ninja's own refusals (a body it cannot parse) in the member's language."""
    if isinstance(exc.__cause__, UnreadableText):
        detail = _("Null characters are not allowed.")
    elif exc.status_code == 400:
        detail = _("The request could not be read: send a JSON object in UTF-8.")
    else:
        detail = _("This request cannot be handled.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@csrf_exempt  # nothing is changed here; a refused CSRF check would answer with an HTML page
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any /api/community/ address that no operation has: a JSON 404 like the API's own."""
    return _not_found(request, Http404())


def _existing_id(pk: int) -> int:
    if not 0 < pk <= MAX_ID:
        raise Http404(_("Not found."))
    return pk


def _page(pk: int) -> BespreekpuntPage:
    page = get_object_or_404(BespreekpuntPage.objects.live(), pk=_existing_id(pk))
    return page.discussion_page()


def _topic(pk: int, user) -> Topic:
    return get_object_or_404(
        filter_visible_topics(user, Topic.objects.select_related("bespreekpunt", "author")),
        pk=_existing_id(pk),
    )


def _post(pk: int, user) -> Post:
    pk = _existing_id(pk)
    return get_object_or_404(
        filter_visible_posts(
            user, Post.objects.select_related("topic__bespreekpunt", "author__profile")
        ),
        pk=pk,
    )


def _topic_out(topic: Topic, tags: list[str] | None = None) -> dict:
    return {
        "id": topic.pk,
        "bespreekpunt_id": topic.bespreekpunt_id,
        "title": topic.title,
        "slug": topic.slug,
        "url": topic_url(topic.bespreekpunt, topic),
        "author": topic.author.get_username(),
        "tags": tags if tags is not None else sorted(topic.tags.names()),
        "replies": topic.reply_count,
        "participants": topic.participant_count,
        "views": topic.view_count,
        "closed": topic.is_closed,
        "last_posted_at": topic.last_posted_at,
    }


def _post_out(post: Post) -> dict:
    visible = post.is_visible
    return {
        "id": post.pk,
        "number": post.number,
        "url": post_url(post.topic.bespreekpunt, post.topic, post.number),
        "author": post.author.get_username(),
        "author_name": public_name(post.author),
        "reply_to": post.reply_to.number if post.reply_to_id and post.reply_to else None,
        "html": post.html if visible else "",
        "created_at": post.created_at,
        "edited": post.edited_at is not None,
        "deleted": post.is_deleted,
        "key_insight": post.is_key_insight,
        "reactions": post.reaction_counts if visible else {},
    }


@api.get("/bespreekpunten", response=list[BespreekpuntOut], tags=["bespreekpunten"])
def list_bespreekpunten(request: HttpRequest):
    pages = BespreekpuntPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE)
    return [_bespreekpunt_out(page) for page in pages.order_by("number")]


@api.get(
    "/bespreekpunten/{page_id}",
    response={200: BespreekpuntOut, 404: ErrorOut},
    tags=["bespreekpunten"],
)
def read_bespreekpunt(request: HttpRequest, page_id: int):
    page = get_object_or_404(BespreekpuntPage.objects.live(), pk=_existing_id(page_id))
    return _bespreekpunt_out(page)


def _bespreekpunt_out(page: BespreekpuntPage) -> dict:
    return {
        "id": page.pk,
        "number": page.number,
        "title": page.title,
        "status": page.status,
        "url": page.url,
        "intro": page.intro,
        "questions": page.questions,
    }


@api.get(
    "/bespreekpunten/{page_id}/topics",
    response={200: list[TopicOut], 404: ErrorOut},
    tags=["topics"],
)
def list_topics(request: HttpRequest, page_id: int, page: int = 1):
    root = _page(page_id)
    start = (min(max(page, 1), MAX_PAGE) - 1) * PAGE_SIZE
    topics = (
        filter_visible_topics(request.user, Topic.objects.filter(bespreekpunt=root))
        .select_related("author")
        .prefetch_related("tags")  # type: ignore[misc]
        .order_by("-last_posted_at")[start : start + PAGE_SIZE]
    )
    out = []
    for topic in topics:
        topic.bespreekpunt = root
        out.append(_topic_out(topic, sorted(tag.name for tag in topic.tags.all())))
    return out


@api.post(
    "/bespreekpunten/{page_id}/topics",
    response={201: TopicOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    tags=["topics"],
)
def create_topic(request: HttpRequest, page_id: int, data: TopicIn):
    root = _page(page_id)
    try:
        topic = actions.check_create_topic(
            request.user, root, title=data.title, body=data.body, tags=data.tags
        )
    except (ValidationError, PermissionDenied):
        actions.save_draft(request.user, f"topic:{root.pk}", title=data.title, body=data.body)
        raise
    topic.bespreekpunt = root
    return 201, _topic_out(topic)


@api.get("/topics/{topic_id}", response={200: TopicDetailOut, 404: ErrorOut}, tags=["topics"])
def read_topic(request: HttpRequest, topic_id: int, page: int = 1):
    topic = _topic(topic_id, request.user)
    pages = max((topic.post_count + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(max(page, 1), pages)
    posts = (
        filter_visible_posts(request.user, Post.objects.filter(topic=topic))
        .filter(number__gt=(page - 1) * PAGE_SIZE, number__lte=page * PAGE_SIZE)
        .select_related("author__profile", "reply_to")
        .order_by("number")
    )
    out = _topic_out(topic)
    rows = []
    for post in posts:
        post.topic = topic
        rows.append(_post_out(post))
    return {**out, "page": page, "pages": pages, "posts": rows}


@api.post(
    "/topics/{topic_id}/posts",
    response={201: PostOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    tags=["posts"],
)
def create_post(request: HttpRequest, topic_id: int, data: PostIn):
    topic = _topic(topic_id, request.user)
    try:
        post = actions.check_create_post(
            request.user, topic, body=data.body, reply_to=data.reply_to
        )
    except (ValidationError, PermissionDenied):
        actions.save_draft(request.user, f"reply:{topic.pk}", body=data.body)
        raise
    post.topic = topic
    return 201, _post_out(post)


@api.patch(
    "/posts/{post_id}",
    response={200: PostOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    tags=["posts"],
)
def edit_post(request: HttpRequest, post_id: int, data: EditIn):
    post = _post(post_id, request.user)
    edited = actions.check_edit_post(request.user, post, body=data.body)
    edited.topic = post.topic
    return _post_out(edited)


@api.delete(
    "/posts/{post_id}",
    response={200: PostOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    tags=["posts"],
)
def delete_post(request: HttpRequest, post_id: int):
    post = _post(post_id, request.user)
    deleted = actions.check_delete_post(request.user, post)
    deleted.topic = post.topic
    return _post_out(deleted)


@api.post(
    "/posts/{post_id}/reactions",
    response={200: StateOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    tags=["posts"],
)
def react(request: HttpRequest, post_id: int, data: ReactionIn, on: bool = True):
    post = _post(post_id, request.user)
    state = actions.check_react(request.user, post, data.kind, add=on)
    return {"on": state, "counts": post.reaction_counts}


@api.post(
    "/posts/{post_id}/bookmark",
    response={200: StateOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    tags=["posts"],
)
def bookmark(request: HttpRequest, post_id: int, on: bool = True):
    return {"on": actions.check_toggle_bookmark(request.user, _post(post_id, request.user), add=on)}


@api.get(
    "/members", response={200: list[MemberOut], 401: ErrorOut}, auth=django_auth, tags=["members"]
)
def members(request: HttpRequest, q: str = ""):
    """Members whose username or display name starts with `q`: @mention autocomplete."""
    q = q.strip().lstrip("@")[:40]
    if not q or not is_member(request.user):
        return []
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__isnull=False)
        .filter(Q(username__istartswith=q) | Q(profile__display_name__icontains=q))
        .select_related("profile")
        .order_by("username")[:8]
    )
    return [{"username": user.username, "name": user.profile.display_name} for user in users]


@api.get(
    "/drafts/{key}", response={200: DraftOut, 401: ErrorOut}, auth=django_auth, tags=["drafts"]
)
def read_draft(request: HttpRequest, key: str = DraftKey):
    draft = Draft.objects.filter(user=request.user, key=key).first()  # type: ignore[misc]
    if draft is None:
        return {"key": key, "title": "", "body": "", "updated_at": None}
    return draft


@api.put(
    "/drafts/{key}", response={200: DraftOut, 401: ErrorOut}, auth=django_auth, tags=["drafts"]
)
def save_draft(request: HttpRequest, data: DraftIn, key: str = DraftKey):
    """Saves what the member is typing, so a closed tab or a failed submit loses nothing."""
    ratelimit.hit("draft", request.user)
    return actions.save_draft(request.user, key, title=data.title, body=data.body)
