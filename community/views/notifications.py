"""The member's notifications, watch level forms and the no-login unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community import emails  # a module: emails imports views.context, which loads this package
from community.models import BespreekpuntPage, Notification, Profile, Topic, WatchLevel
from community.notifications import (
    check_set_watch_level,
    describe,
    mark_notifications_read,
    reactor_names,
)
from community.permissions import filter_visible_topics
from community.realtime import render as realtime
from community.views.context import post_url, topic_url

PER_PAGE = 25


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user.pk or 0).select_related(
        "actor__profile", "topic"
    )
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    names = reactor_names(page.object_list)
    rows = [{"notification": n, "text": describe(n, names)} for n in page.object_list]
    return render(
        request,
        "community/notifications.html",
        {"rows": rows, "page_obj": page, "has_unread": any(n.read_at is None for n in page)},
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks the notification read and goes to what it is about, in the reader's language."""
    notification = get_object_or_404(
        Notification.objects.select_related("topic__bespreekpunt", "post"),
        pk=pk,
        user=request.user,
    )
    if notification.read_at is None:
        mark_notifications_read(request.user, [notification.pk])
    topic = notification.topic
    if topic is None:
        return redirect("community:notifications")
    page = realtime.page_for_language(topic.bespreekpunt, request.LANGUAGE_CODE)
    if notification.post is not None:
        return HttpResponseRedirect(post_url(page, topic, notification.post.number))
    return HttpResponseRedirect(topic_url(page, topic))


@require_POST
@login_required
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    marked = mark_notifications_read(request.user)
    if marked:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("community:notifications")


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(target if safe and target else fallback)


def _set_level(request: HttpRequest, fallback: str, **target) -> HttpResponse:
    try:
        level = check_set_watch_level(request.user, level=request.POST.get("level"), **target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        label = WatchLevel(level).label
        messages.success(request, _("Notification level set to “%(level)s”.") % {"level": label})
    return _back(request, fallback)


@require_POST
@login_required
def watch_topic(request: HttpRequest, topic_id: int) -> HttpResponse:
    # Only a topic the member may read: watching a pending one would tell that it exists.
    visible = filter_visible_topics(request.user, Topic.objects.select_related("bespreekpunt"))
    topic = get_object_or_404(visible, pk=topic_id)
    page = realtime.page_for_language(topic.bespreekpunt, request.LANGUAGE_CODE)
    return _set_level(request, topic_url(page, topic), topic=topic)


@require_POST
@login_required
def watch_bespreekpunt(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(BespreekpuntPage.objects.live(), pk=page_id)
    return _set_level(request, page.url, bespreekpunt=page)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session.
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click, no login: the signed token names the member; they get no more email."""
    user_id = emails.user_id_from_token(token)
    profile = Profile.objects.filter(user_id=user_id).first() if user_id is not None else None
    if profile is None:
        return render(request, "community/unsubscribe_invalid.html", status=400)
    Profile.objects.filter(pk=profile.pk).update(email_frequency=Profile.EmailFrequency.NEVER)
    return render(request, "community/unsubscribe.html", {"member": profile})
