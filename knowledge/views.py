"""Views behind the routes of the knowledge pages; they call actions and render templates."""

import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import WorkflowState

from community.models import BespreekpuntPage, Post, Topic
from community.models.profiles import public_name
from community.permissions import filter_visible_topics
from knowledge.actions import (
    ArticleData,
    check_create_article,
    check_distil_topic,
    check_submit_article,
    check_update_article,
    key_insights,
)
from knowledge.backlinks import backlinks_to
from knowledge.diff import compare_manifests
from knowledge.forms import ArticleForm, SourceFormSet, body_to_text, known_quotes
from knowledge.models import (
    Amendment,
    ArticlePage,
    KnowledgeIndexPage,
    ManifestPage,
    ManifestVersion,
)
from knowledge.permissions import (
    can_write_articles,
    check_distil_topic_permission,
    check_edit_article_permission,
)

ARTICLES_PER_PAGE = 10


# The manifest -------------------------------------------------------------------------------


def manifest_context(page: ManifestPage, request: HttpRequest) -> dict:
    """Current version, bespreekpunten and per-section discussion, in a fixed number of queries.

    A topic discusses a section when its opening post links to the section's URL; the 'discuss
    this' link offers that link as the start of the post.
    """
    page_url = page.get_url(request) or ""
    opening_posts = Post.objects.filter(
        number=1,
        deleted_at__isnull=True,
        is_hidden=False,
        body__contains=f"{page_url}#",
    ).values_list("body", flat=True)
    bodies = list(opening_posts)
    saved = page.pk is not None  # the admin previews unsaved new pages too
    open_amendments = dict(
        page.amendments.filter(status=Amendment.Status.OPEN)
        .values_list("section_anchor")
        .annotate(n=Count("pk"))
        .values_list("section_anchor", "n")
        if saved
        else []
    )
    propose_base = page_url + page.reverse_subpage("amendment_new")
    sections = []
    for block in page.sections:
        value = block.value
        anchor = value["anchor"]
        section_url = f"{page_url}#{anchor}"
        # The anchor must end there: "#visie" must not count links to "#visie-2".
        section_link = re.compile(re.escape(section_url) + r"(?![\w-])")
        bespreekpunt = value.get("bespreekpunt")
        start_url = ""
        if bespreekpunt is not None and bespreekpunt.live:
            full_url = request.build_absolute_uri(section_url)
            query = urlencode(
                {
                    "title": value["heading"],
                    "body": _("About the manifest section [%(heading)s](%(url)s):\n\n")
                    % {"heading": value["heading"], "url": full_url},
                }
            )
            start_url = (
                bespreekpunt.get_url(request) + bespreekpunt.reverse_subpage("new_topic") + "?"
            ) + query
        sections.append(
            {
                "block": block,
                "bespreekpunt": bespreekpunt,
                "start_topic_url": start_url,
                "propose_url": f"{propose_base}?{urlencode({'sectie': anchor})}",
                "open_amendments": open_amendments.get(anchor, 0),
                "topic_count": sum(1 for body in bodies if section_link.search(body)),
            }
        )
    return {
        "current_version": page.versions.order_by("-number").first() if saved else None,
        "section_items": sections,
        "bespreekpunten": BespreekpuntPage.objects.live()
        .filter(locale=page.locale)
        .order_by("number", "title"),
        "backlinks": backlinks_to(page, request) if saved else [],
    }


def amendment_credit(version: ManifestVersion) -> dict | None:
    """Who a version adopted from: the proposal, its proposer and participants (names read
    now, so an erased member shows as "deleted member")."""
    from knowledge.amendments import participants

    amendment = getattr(version, "amendment", None)
    if amendment is None:
        return None
    return {
        "amendment": amendment,
        "url": amendment.topic.get_absolute_url(),
        "participants": participants(amendment),
    }


def manifest_versions(page: ManifestPage, request: HttpRequest) -> HttpResponse:
    versions = list(
        page.versions.select_related(
            "editor__profile", "amendment__proposer__profile", "amendment__topic__bespreekpunt"
        ).order_by("-number")
    )
    for version in versions:
        version.credit = amendment_credit(version)
    return TemplateResponse(
        request,
        "knowledge/manifest_versions.html",
        {"page": page, "versions": versions, "current_version": versions[0] if versions else None},
    )


def manifest_version(page: ManifestPage, request: HttpRequest, number: int) -> HttpResponse:
    version = (
        page.versions.select_related(
            "editor__profile", "amendment__proposer__profile", "amendment__topic__bespreekpunt"
        )
        .filter(number=number)
        .first()
    )
    if version is None:
        raise Http404(_("This version of the manifest does not exist."))
    credit = amendment_credit(version)
    previous = page.versions.filter(number=number - 1).first() if credit else None
    changes = (
        [
            part
            for part in compare_manifests(previous.as_page(), version.as_page())
            if part.status != "unchanged"
        ]
        if previous
        else []
    )
    latest_number = page.versions.order_by("-number").values_list("number", flat=True).first()
    return TemplateResponse(
        request,
        "knowledge/manifest_version.html",
        {
            "page": page,
            "version": version,
            "snapshot": version.as_page(),
            "is_current": version.number == latest_number,
            "citation_url": version.get_full_url(request),
            "latest_number": latest_number,
            "credit": credit,
            "changes": changes,
        },
    )


def manifest_compare(page: ManifestPage, request: HttpRequest) -> HttpResponse:
    versions = list(page.versions.order_by("-number"))
    by_number = {version.number: version for version in versions}
    errors = []
    old = new = None
    if not versions:
        errors.append(_("The manifest has no published versions yet."))
    elif "van" in request.GET or "naar" in request.GET:
        old_number, new_number = _version_number(request, "van"), _version_number(request, "naar")
        if old_number is None or new_number is None:
            errors.append(_("Choose two versions to compare."))
        elif old_number not in by_number or new_number not in by_number:
            errors.append(
                _("There is no version %(number)s of the manifest.")
                % {"number": old_number if old_number not in by_number else new_number}
            )
        elif old_number == new_number:
            errors.append(_("Choose two different versions: a version equals itself."))
        else:
            old, new = sorted((by_number[old_number], by_number[new_number]), key=_number)
    elif len(versions) >= 2:
        old, new = versions[1], versions[0]
    parts = compare_manifests(old.as_page(), new.as_page()) if old and new else []
    return TemplateResponse(
        request,
        "knowledge/manifest_compare.html",
        {
            "page": page,
            "versions": versions,
            "old": old,
            "new": new,
            "parts": parts,
            "errors": errors,
            "selected_old": request.GET.get("van", old.number if old else ""),
            "selected_new": request.GET.get("naar", new.number if new else ""),
        },
        status=400 if errors and versions else 200,
    )


def _version_number(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _number(version: ManifestVersion) -> int:
    return version.number


# The knowledge base -------------------------------------------------------------------------


def visible_articles(index: KnowledgeIndexPage):
    """Live articles of the index with everything the list shows, in a fixed number of queries."""
    return (
        ArticlePage.objects.child_of(index)
        .live()
        .order_by("-first_published_at", "-pk")
        .prefetch_related(
            "tags",
            Prefetch("authors", queryset=_authors()),
        )
    )


def article_list(
    index: KnowledgeIndexPage, request: HttpRequest, tag_slug: str | None = None
) -> HttpResponse:
    articles = visible_articles(index)
    tag = None
    tag_slug = tag_slug or request.GET.get("tag") or None
    if tag_slug is not None:
        tag = Tag.objects.filter(slug=tag_slug).first()
        if tag is None:
            raise Http404(_("There is no such tag."))
        articles = articles.filter(tagged_items__tag=tag)
    bespreekpunt_id = _int_param(request, "bespreekpunt")
    if bespreekpunt_id is not None:
        articles = articles.filter(related_bespreekpunten__id=bespreekpunt_id)
    year = _int_param(request, "jaar")
    if year is not None:
        articles = articles.filter(first_published_at__year=year)
    page_obj = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("pagina"))
    base_url = index.get_url(request) or ""
    tags = (
        Tag.objects.filter(knowledge_articletag_items__content_object__in=visible_articles(index))
        .distinct()
        .order_by("name")
    )
    years = sorted(
        {d.year for d in visible_articles(index).dates("first_published_at", "year")},
        reverse=True,
    )
    query = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    return TemplateResponse(
        request,
        "knowledge/knowledge_index_page.html",
        {
            "page": index,
            "self": index,
            "articles": page_obj.object_list,
            "page_obj": page_obj,
            "tag": tag,
            "tags": tags,
            "years": years,
            "selected_year": year,
            "selected_bespreekpunt": bespreekpunt_id,
            "bespreekpunten": BespreekpuntPage.objects.live()
            .filter(locale=index.locale)
            .order_by("number", "title"),
            "base_url": base_url,
            "tag_base_url": tag_url_prefix(index, request),
            "feed_url": base_url + index.reverse_subpage("feed"),
            "write_url": base_url + index.reverse_subpage("write"),
            "mine_url": base_url + index.reverse_subpage("mine"),
            "page_query": urlencode(query),
            "can_write": can_write_articles(request.user),
        },
    )


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() else None


def _authors():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("profile")


def tag_url_prefix(index: KnowledgeIndexPage, request: HttpRequest | None = None) -> str:
    """The URL of the index's tag route without the slug: templates append "<slug>/"."""
    return (index.get_url(request) or "") + index.reverse_subpage("tag", kwargs={"tag": "-"})[:-2]


def article_context(article: ArticlePage, request: HttpRequest) -> dict:
    """Relations are read through the cluster managers and filtered in Python, so previews of
    unsaved revisions (whose relations live in memory, not in the database) render too."""
    parent = article.get_parent() if article.pk else None
    quoted = quoted_posts(article.body)
    body_rows = []
    contributors: list[str] = []
    for block in article.body:
        post = quoted.get(block.value["post_id"]) if block.block_type == "topic_quote" else None
        speaker = public_name(post.author) if post else ""
        if speaker and speaker not in contributors:
            contributors.append(speaker)
        # The post's current address: topics can move to another bespreekpunt.
        url = post.get_absolute_url() if post else ""
        body_rows.append({"block": block, "post": post, "speaker": speaker, "url": url})
    return {
        "body_rows": body_rows,
        "contributors": contributors,
        "source_topic": _source_topic(article),
        "authors": list(article.authors.all().select_related("profile")),
        "attachments": list(article.attachments.all().select_related("document")),
        "related_bespreekpunten": [bp for bp in article.related_bespreekpunten.all() if bp.live],
        "related_events": sorted(
            (event for event in article.related_events.all() if event.live),
            key=lambda event: event.start,
        ),
        "tag_base_url": tag_url_prefix(parent.specific, request) if parent else "",
        "backlinks": backlinks_to(article, request) if article.pk else [],
    }


def quoted_posts(body) -> dict[int, Post]:
    """The posts a body quotes from discussions, with their authors, in one query."""
    ids = [block.value["post_id"] for block in body if block.block_type == "topic_quote"]
    if not ids:
        return {}
    return {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids).select_related(
            "author__profile", "topic__bespreekpunt"
        )
    }


def _source_topic(article: ArticlePage) -> Topic | None:
    """The discussion the article came from, while readers can still see it."""
    if article.source_topic_id is None:
        return None
    return filter_visible_topics(
        None, Topic.objects.select_related("bespreekpunt").filter(pk=article.source_topic_id)
    ).first()


def my_articles(index: KnowledgeIndexPage, request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    articles = list(
        ArticlePage.objects.child_of(index)
        .filter(owner=request.user)
        .order_by("-latest_revision_created_at")
    )
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.active()
        .filter(object_id__in=[str(a.pk) for a in articles])
        .select_related("current_task_state")
    }
    base_url = index.get_url(request) or ""
    rows = []
    for article in articles:
        state = states.get(article.pk)
        rows.append(
            {
                "article": article,
                "state": state,
                "comment": state.current_task_state.comment
                if state and state.current_task_state
                else "",
                "edit_url": base_url
                + index.reverse_subpage("edit", kwargs={"article_id": article.pk}),
                "in_review": state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS,
                "needs_changes": state is not None
                and state.status == WorkflowState.STATUS_NEEDS_CHANGES,
            }
        )
    return TemplateResponse(
        request,
        "knowledge/my_articles.html",
        {"page": index, "rows": rows, "write_url": base_url + index.reverse_subpage("write")},
    )


def article_write(
    index: KnowledgeIndexPage, request: HttpRequest, article_id: int | None = None
) -> HttpResponse:
    """Create or revise a draft; 'submit' also sends it to the editors. Never publishes."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = None
    if article_id is not None:
        article = ArticlePage.objects.child_of(index).filter(pk=article_id).first()
        if article is None:
            raise Http404(_("This article does not exist."))
        if article.owner_id != request.user.pk:
            raise PermissionDenied(_("You can only edit your own articles."))
        try:
            check_edit_article_permission(request.user, article)
        except PermissionDenied as error:
            # The member's own article is with the editors: say so where they come from.
            messages.error(request, str(error))
            return redirect((index.get_url(request) or "") + index.reverse_subpage("mine"))
    elif not can_write_articles(request.user):
        raise PermissionDenied(_("Only members of the network can write articles."))
    if request.method == "POST":
        form = ArticleForm(request.POST, request.FILES, locale=index.locale)
        sources = SourceFormSet(request.POST, prefix="sources")
        if form.is_valid() and sources.is_valid():
            quotes = known_quotes(article.get_latest_revision_as_object().body) if article else {}
            data = ArticleData(
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                body=form.body_blocks(quotes),
                tags=form.cleaned_data["tags"],
                sources=[
                    _source_value(s.cleaned_data) for s in sources if s.cleaned_data.get("title")
                ],
                bespreekpunt_ids=[bp.pk for bp in form.cleaned_data["bespreekpunten"]],
                attachments=[form.cleaned_data["attachment"]]
                if form.cleaned_data["attachment"]
                else [],
            )
            if article is None:
                article = check_create_article(request.user, index, data)
            else:
                check_update_article(request.user, article, data)
            if "submit" in request.POST:
                check_submit_article(request.user, article)
                messages.success(
                    request,
                    _("Your article has been sent to the editors. You will hear from them."),
                )
            else:
                messages.success(request, _("Your draft has been saved."))
            return redirect((index.get_url(request) or "") + index.reverse_subpage("mine"))
        messages.error(request, _("Please correct the errors below; nothing has been saved."))
    else:
        form, sources = _initial_forms(article, index)
    return TemplateResponse(
        request,
        "knowledge/article_form.html",
        {"page": index, "form": form, "sources": sources, "article": article},
        status=400 if request.method == "POST" else 200,
    )


def _source_value(data: dict) -> dict:
    return {
        "title": data["title"],
        "publisher": data.get("publisher") or "",
        "year": data.get("year"),
        "url": data.get("url") or "",
        "doi": data.get("doi") or "",
        "note": "",
    }


def _initial_forms(article: ArticlePage | None, index: KnowledgeIndexPage):
    if article is None:
        return ArticleForm(locale=index.locale), SourceFormSet(prefix="sources")
    draft = article.get_latest_revision_as_object()
    speakers = {pk: public_name(post.author) for pk, post in quoted_posts(draft.body).items()}
    form = ArticleForm(
        locale=index.locale,
        initial={
            "title": draft.title,
            "summary": draft.summary,
            "body": body_to_text(draft.body, speakers),
            "tags": ", ".join(tag.name for tag in draft.tags.all()),
            "bespreekpunten": [bp.pk for bp in draft.related_bespreekpunten.all()],
        },
    )
    sources = SourceFormSet(
        prefix="sources",
        initial=[
            {key: block.value.get(key) for key in ("title", "publisher", "year", "url", "doi")}
            for block in draft.sources
        ],
    )
    return form, sources


# Distilling a concluded topic -------------------------------------------------------------


def topic_distil(index: KnowledgeIndexPage, request: HttpRequest, topic_id: int) -> HttpResponse:
    """GET shows what the draft will quote; POST makes the draft and opens it for revision."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    topic = (
        filter_visible_topics(request.user, Topic.objects.select_related("bespreekpunt"))
        .filter(pk=topic_id)
        .first()
    )
    if topic is None:
        raise Http404(_("This topic does not exist."))
    existing = ArticlePage.objects.filter(source_topic=topic).first()
    if existing is not None and existing.owner_id == request.user.pk and not existing.live:
        messages.info(request, _("You are already distilling this topic: here is your draft."))
        return redirect(
            (index.get_url(request) or "")
            + index.reverse_subpage("edit", kwargs={"article_id": existing.pk})
        )
    check_distil_topic_permission(request.user, topic)
    status = 200
    if request.method == "POST":
        try:
            article = check_distil_topic(request.user, index, topic)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(
                request,
                _(
                    "Your article draft is ready. Revise it in your own words, "
                    "then submit it to the editors."
                ),
            )
            return redirect(
                (index.get_url(request) or "")
                + index.reverse_subpage("edit", kwargs={"article_id": article.pk})
            )
    insights = key_insights(topic)
    return TemplateResponse(
        request,
        "knowledge/topic_distil.html",
        {
            "page": index,
            "topic": topic,
            "existing": existing,
            "insights": [(post, public_name(post.author)) for post in insights],
            "contributors": list(dict.fromkeys(public_name(post.author) for post in insights)),
        },
        status=status,
    )
