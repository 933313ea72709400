from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.actions import check_update_profile, get_or_create_profile
from community.forms import ProfileForm
from community.models import Post, Profile, Topic
from community.permissions import filter_visible_posts, filter_visible_topics, is_moderator
from community.trust import LEVEL_NAMES, check_set_trust_level
from community.views.context import post_url, topic_url

PROFILE_LIST_LENGTH = 20


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(
        Profile.objects.select_related("user").prefetch_related("expertise"),  # type: ignore[misc]
        user__username=username,
        user__is_active=True,
    )
    if request.method == "POST":
        return _set_trust_level(request, member)
    viewer = request.user
    topics = list(
        filter_visible_topics(viewer, Topic.objects.filter(author=member.user))
        .select_related("bespreekpunt")
        .order_by("-created_at")[:PROFILE_LIST_LENGTH]
    )
    for topic in topics:
        topic.url = topic_url(topic.bespreekpunt, topic)
    posts = list(
        filter_visible_posts(
            viewer,
            Post.objects.filter(author=member.user, deleted_at=None, is_hidden=False, number__gt=1),
        )
        .select_related("topic__bespreekpunt")
        .order_by("-created_at")[:PROFILE_LIST_LENGTH]
    )
    for post in posts:
        post.url = post_url(post.topic.bespreekpunt, post.topic, post.number)
    context = {
        "member": member,
        "topics": topics,
        "posts": posts,
        "trust_level_name": LEVEL_NAMES.get(member.trust_level, member.trust_level),
        "trust_levels": LEVEL_NAMES.items() if is_moderator(viewer) else None,
        # Role and partnership are what a member keeps for "listed with my whole profile";
        # they themselves and the moderators always see them.
        "shows_whole_profile": (
            member.directory_listing == Profile.Listing.FULL
            or viewer.pk == member.user_id
            or is_moderator(viewer)
        ),
    }
    return render(request, "community/profile.html", context)


def _set_trust_level(request: HttpRequest, member: Profile) -> HttpResponse:
    """The moderators' form on the profile page; the level is locked from then on."""
    level = request.POST.get("trust_level", "")
    try:
        check_set_trust_level(
            request.user,
            member.user,
            int(level) if level.isdigit() else -1,
            reason=request.POST.get("reason", ""),
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s now has trust level %(level)s.")
            % {"name": member.display_name, "level": level},
        )
    return redirect(member.get_absolute_url())


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
