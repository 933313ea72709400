"""Thin views behind the routes of EventPage and EventIndexPage; the work is in actions."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import actions
from events.certificates import certificate_of, download_path
from events.forms import RegistrationForm
from events.ics import build_calendar
from events.links import (
    CANCEL_SALT,
    CONFIRM_SALT,
    BadLink,
    cancel_url,
    member_feed_url,
    member_from_feed_token,
    registration_from_token,
)
from events.models import EventIndexPage, EventPage, EventSeriesPage, OutcomePage, Registration
from events.outcomes import check_record_without_names, outcome_data, participant_count
from events.permissions import can_record_outcome_without_names
from events.selectors import (
    active_registration,
    outcomes_for_event,
    registrations_of,
    series_occurrences,
)


def event_context(request: HttpRequest, event: EventPage, form=None) -> dict:
    canonical = event.canonical()
    now = timezone.now()
    registration = active_registration(event, request.user)
    problem = actions.registration_problem(canonical, now)
    guest = not request.user.is_authenticated
    can_register = (
        registration is None
        and problem is None
        and (not guest or event.audience == EventPage.Audience.EVERYONE)
    )
    if form is None and can_register:
        form = RegistrationForm(event=event, guest=guest)
    certificate = certificate_of(canonical, request.user)
    confirmed = canonical.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return {
        "registration": registration,
        "registration_problem": problem,
        "can_register": can_register,
        "registration_form": form,
        "seats_left": max(canonical.capacity - confirmed, 0),
        "waitlist_position": actions.waitlist_position(registration) if registration else None,
        # After the cut-off the link would only answer "too late": it is not offered.
        "cancel_link": (
            cancel_url(event, registration)
            if registration and now < canonical.cancellation_cutoff
            else ""
        ),
        "event_over": canonical.end < now,
        "shows_online_link": bool(
            registration and registration.status == Registration.Status.CONFIRMED
        ),
        "outcomes": outcomes_for_event(event),
        "series": event.get_parent().specific if event.is_occurrence else None,
        "certificate_url": download_path(certificate) if certificate else "",
        "ics_url": event.url + event.reverse_subpage("ics"),
        "register_url": event.url + event.reverse_subpage("register"),
    }


def series_context(request: HttpRequest, series: EventSeriesPage) -> dict:
    upcoming, past = series_occurrences(series, request.user, now=timezone.now())
    return {
        "rule_text": series.describe_rule(),
        "upcoming": upcoming,
        "past": past,
        "ics_url": series.url + series.reverse_subpage("ics"),
    }


def series_ics_view(request: HttpRequest, series: EventSeriesPage) -> HttpResponse:
    response = _calendar_response(build_calendar([], name=series.title, series=[series]))
    response["Content-Disposition"] = f'attachment; filename="{series.slug}.ics"'
    return response


@require_POST
def register_view(request: HttpRequest, event: EventPage) -> HttpResponse:
    guest = not request.user.is_authenticated
    if guest and event.audience != EventPage.Audience.EVERYONE:
        return redirect_to_login(event.url)
    form = RegistrationForm(request.POST, event=event, guest=guest)
    if not form.is_valid():
        return _render_event(request, event, form)
    language = translation.get_language() or "nl"
    try:
        if guest:
            registrant = actions.Registrant(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                institution=form.cleaned_data["institution"],
                language=language,
            )
            actions.check_register_guest(event, registrant, answers=form.answers())
            messages.success(
                request,
                _("Almost done: we sent you an email. Open the link in it to confirm."),
            )
        else:
            registration = actions.check_register_member(
                request.user, event, answers=form.answers(), language=language
            )
            messages.success(request, _status_message(registration))
    except actions.RegistrationError as error:
        form.add_error(None, str(error.message))
        return _render_event(request, event, form)
    return HttpResponseRedirect(event.url)


def _render_event(request: HttpRequest, event: EventPage, form) -> HttpResponse:
    context = event.get_context(request)
    context.update(event_context(request, event, form=form))
    context["registration_form"] = form
    response = TemplateResponse(request, event.get_template(request), context)
    response.status_code = 400
    return response


def _status_message(registration: Registration) -> str:
    if registration.status == Registration.Status.CONFIRMED:
        return _("You are registered. We sent a confirmation with a calendar file.")
    return _("The event is full: you are number %(position)s on the waiting list.") % {
        "position": actions.waitlist_position(registration)
    }


def confirm_view(request: HttpRequest, event: EventPage, token: str) -> HttpResponse:
    """Double opt-in of a guest: GET asks (mail scanners open links), POST confirms."""
    try:
        registration = registration_from_token(token, CONFIRM_SALT)
    except BadLink:
        return _link_problem(request, event, _("This confirmation link is not valid."))
    if request.method == "POST":
        try:
            registration = actions.confirm_guest(registration)
        except actions.RegistrationError as error:
            return _link_problem(request, event, str(error.message))
        messages.success(request, _status_message(registration))
        return HttpResponseRedirect(event.url)
    return _ask(
        request,
        event,
        title=_("Confirm your registration"),
        text=_("Confirm that you want to take part with this email address: %(email)s")
        % {"email": registration.email},
        button=_("Confirm my registration"),
    )


def cancel_view(request: HttpRequest, event: EventPage, token: str) -> HttpResponse:
    try:
        registration = registration_from_token(token, CANCEL_SALT)
    except BadLink:
        return _link_problem(request, event, _("This cancellation link is not valid."))
    if request.method == "POST":
        try:
            actions.check_cancel_registration(registration)
        except actions.RegistrationError as error:
            return _link_problem(request, event, str(error.message))
        messages.success(request, _("Your registration has been cancelled."))
        return HttpResponseRedirect(event.url)
    if not registration.is_active:
        return _link_problem(request, event, _("This registration was already cancelled."))
    return _ask(
        request,
        event,
        title=_("Cancel your registration"),
        text=_("Do you want to cancel the registration of %(name)s?") % {"name": registration.name},
        button=_("Cancel my registration"),
    )


def _ask(request, event, *, title: str, text: str, button: str) -> HttpResponse:
    context = {"page": event, "self": event, "title": title, "text": text, "button": button}
    return TemplateResponse(request, "events/link_action.html", context)


def _link_problem(request, event, text: str) -> HttpResponse:
    context = {"page": event, "self": event, "title": _("This link cannot be used"), "text": text}
    return TemplateResponse(request, "events/link_action.html", context, status=400)


def event_ics_view(request: HttpRequest, event: EventPage) -> HttpResponse:
    registration = active_registration(event, request.user)
    private = bool(registration and registration.status == Registration.Status.CONFIRMED)
    body = build_calendar([event], name=event.title, private=private)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def feed_view(request: HttpRequest, index: EventIndexPage, kind: str = "") -> HttpResponse:
    if kind and kind not in EventPage.Kind.values:
        raise Http404
    events = EventPage.objects.child_of(index).live().order_by("start")
    series = EventSeriesPage.objects.child_of(index).live().order_by("start")
    name = index.title
    if kind:
        events = events.filter(kind=kind)
        series = series.filter(kind=kind)
        name = f"{index.title}: {EventPage.Kind(kind).label}"
    return _calendar_response(build_calendar(events, name=name, series=series))


def member_feed_view(request: HttpRequest, index: EventIndexPage, token: str) -> HttpResponse:
    try:
        user_id = member_from_feed_token(token)
    except BadLink as error:
        raise Http404 from error
    language = translation.get_language() or "nl"
    events = [
        registration.event.in_language(language)
        for registration in registrations_of(user_id).filter(status=Registration.Status.CONFIRMED)
    ]
    return _calendar_response(build_calendar(events, name=index.title, private=True))


def _calendar_response(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def my_calendar_view(request: HttpRequest, index: EventIndexPage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = {
        "page": index,
        "self": index,
        "registrations": [
            (registration, registration.event.in_language(translation.get_language() or "nl"))
            for registration in registrations_of(request.user)
        ],
        "feed_url": member_feed_url(index, request.user),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "events/my_calendar.html", context)


# Outcomes -----------------------------------------------------------------------------------


def outcome_context(request: HttpRequest, outcome: OutcomePage) -> dict:
    if outcome.pk is None:  # the admin's preview of a new page
        return {"participant_count": 0, "can_record_without_names": False}
    return {
        "participant_count": participant_count(outcome),
        "can_record_without_names": not outcome.no_names
        and can_record_outcome_without_names(request.user, outcome),
        "no_names_url": outcome.url + outcome.reverse_subpage("no_names"),
        "export_url": outcome.url + outcome.reverse_subpage("export"),
    }


@require_POST
def outcome_no_names_view(request: HttpRequest, outcome: OutcomePage) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(outcome.url)
    check_record_without_names(request.user, outcome)
    messages.success(
        request, _("These outcomes are now recorded without names, here and everywhere else.")
    )
    return HttpResponseRedirect(outcome.url)


def outcome_export_view(request: HttpRequest, outcome: OutcomePage) -> HttpResponse:
    response = JsonResponse(outcome_data(outcome, request), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{outcome.slug}.json"'
    return response
