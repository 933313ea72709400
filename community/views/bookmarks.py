from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from community.models import Bookmark
from community.views.context import post_url


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    marks = list(
        Bookmark.objects.filter(user=request.user, post__topic__bespreekpunt__live=True)  # type: ignore[misc]
        .select_related("post__author__profile", "post__topic__bespreekpunt")
        .order_by("-created_at")[:200]
    )
    for mark in marks:
        topic = mark.post.topic
        mark.url = post_url(topic.bespreekpunt, topic, mark.post.number)
    return render(request, "community/bookmarks.html", {"bookmarks": marks})
