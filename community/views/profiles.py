from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.actions import check_update_profile, get_or_create_profile
from community.forms import ProfileForm
from community.models import Post, Profile, Topic
from community.views.context import post_url, topic_url

PROFILE_LIST_LENGTH = 20


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(
        Profile.objects.select_related("user").prefetch_related("expertise"),  # type: ignore[misc]
        user__username=username,
        user__is_active=True,
    )
    topics = list(
        Topic.objects.filter(author=member.user, bespreekpunt__live=True)
        .select_related("bespreekpunt")
        .order_by("-created_at")[:PROFILE_LIST_LENGTH]
    )
    for topic in topics:
        topic.url = topic_url(topic.bespreekpunt, topic)
    posts = list(
        Post.objects.filter(
            author=member.user,
            deleted_at=None,
            is_hidden=False,
            number__gt=1,
            topic__bespreekpunt__live=True,
        )
        .select_related("topic__bespreekpunt")
        .order_by("-created_at")[:PROFILE_LIST_LENGTH]
    )
    for post in posts:
        post.url = post_url(post.topic.bespreekpunt, post.topic, post.number)
    return render(
        request, "community/profile.html", {"member": member, "topics": topics, "posts": posts}
    )


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    own = get_or_create_profile(request.user)
    form = ProfileForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_update_profile(request.user, own, **data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("community:profile_edit")
    return render(request, "community/profile_edit.html", {"form": form, "member": own})
