"""Organiser tools in the Wagtail admin: registrations per event, check-in, CSV/XLSX export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button

from events import certificate_admin
from events.actions import RegistrationError, check_check_in, waitlist_position
from events.models import EventPage, Registration


class CheckInColumn(Column):
    """A one-button form per confirmed participant; shows the time once checked in."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = check_in_cell(instance, parent_context.get("csrf_token", ""))
        return context


def check_in_cell(registration: Registration, csrf_token) -> str:
    if registration.checked_in_at:
        return format_html("✓ {}", registration.checked_in_at.strftime("%H:%M"))
    if registration.status != Registration.Status.CONFIRMED:
        return ""
    return format_html(
        '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken"'
        ' value="{}"><button type="submit" class="button button-small button-secondary">{}'
        "</button></form>",
        reverse("events_registration_check_in", args=[registration.pk]),
        str(csrf_token),
        _("Check in"),
    )


@require_POST
def check_in_view(request, pk: int):
    registration = get_object_or_404(Registration, pk=pk)
    try:
        check_check_in(request.user, registration)
    except RegistrationError as error:
        messages.error(request, str(error.message))
    except PermissionDenied:
        raise
    else:
        messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
    return HttpResponseRedirect(
        request.headers.get("referer") or reverse("events_registration:index")
    )


def answers_text(registration: Registration) -> str:
    return "; ".join(f"{key}: {value}" for key, value in registration.answers.items())


Registration.answers_text = answers_text  # type: ignore[attr-defined]
Registration.waitlist_position = waitlist_position  # type: ignore[attr-defined]


class RegistrationViewSet(ModelViewSet):
    model = Registration
    url_prefix = "event-registrations"
    url_namespace = "events_registration"
    icon = "group"
    menu_label = _("Registrations")
    add_to_admin_menu = True
    menu_order = 250
    list_display = [
        "name",
        "email",
        "institution",
        "event",
        "status",
        Column("waitlist_position", label=_("Waiting list")),
        Column("answers_text", label=_("Answers")),
        "created_at",
        CheckInColumn("check_in", label=_("Check-in")),
    ]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "institution"]
    ordering = ["event", "id"]
    list_export = [
        "event",
        "name",
        "email",
        "institution",
        "language",
        "status",
        "waitlist_position",
        "answers_text",
        "created_at",
        "email_confirmed_at",
        "cancelled_at",
        "checked_in_at",
    ]
    export_filename = "registrations"
    form_fields = ["status", "checked_in_at", "answers"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet("event_registrations")


@hooks.register("register_admin_urls")
def register_check_in_url():
    return [
        path(
            "event-registrations/<int:pk>/check-in/",
            check_in_view,
            name="events_registration_check_in",
        )
    ]


@hooks.register("register_admin_urls")
def register_certificate_urls():
    return [
        path("certificates/", certificate_admin.certificate_list, name="events_certificates"),
        path(
            "certificates/<int:pk>/revoke/",
            certificate_admin.revoke_certificate,
            name="events_certificate_revoke",
        ),
        path(
            "certificates/issue/<int:page_id>/",
            certificate_admin.issue_certificates,
            name="events_certificates_issue",
        ),
    ]


class CertificatesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return certificate_admin.can_see_certificates(request.user)


@hooks.register("register_admin_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(
        _("Certificates"),
        reverse("events_certificates"),
        name="events-certificates",
        icon_name="doc-full",
        order=255,
    )


@hooks.register("register_page_header_buttons")
def certificates_button(page, user, view_name, next_url=None):
    """'Issue certificates' in a past event's admin header, for organisers who may."""
    specific = page.specific_deferred
    if (
        isinstance(specific, EventPage)
        and user.has_perm("events.add_certificate")
        and specific.end <= timezone.now()
    ):
        yield Button(
            _("Issue certificates"),
            reverse("events_certificates_issue", args=[specific.canonical().pk]),
            icon_name="doc-full",
            priority=85,
        )


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    """'Registrations' in the event's admin header: the list filtered to this event."""
    specific = page.specific_deferred
    if isinstance(specific, EventPage) and user.has_perm("events.view_registration"):
        event = specific.canonical()
        yield Button(
            _("Registrations"),
            reverse("events_registration:index") + f"?event={event.pk}",
            icon_name="group",
            priority=80,
        )
