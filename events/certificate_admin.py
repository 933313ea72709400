"""Organiser screens in the Wagtail admin: certificates of an event issued in bulk, the list of
certificates, and revoking one. The rules are in events.certificates and events.permissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.certificates import (
    CertificateError,
    check_issue_certificates,
    check_revoke_certificate,
    eligible,
    verification_url,
)
from events.models import Certificate, EventPage
from events.permissions import (
    check_issue_certificates_permission,
    check_revoke_certificate_permission,
)


def can_see_certificates(user) -> bool:
    return user.is_authenticated and (
        user.has_perm("events.view_certificate") or user.has_perm("events.add_certificate")
    )


def certificate_list(request: HttpRequest) -> HttpResponse:
    if not can_see_certificates(request.user):
        raise PermissionDenied
    rows = Certificate.objects.select_related("registration__event").order_by("-issued_at", "-id")
    event = None
    if request.GET.get("event", "").isdigit():
        event = EventPage.objects.filter(pk=request.GET["event"]).first()
        rows = rows.filter(registration__event=event) if event else rows.none()
    page = Paginator(rows, 50).get_page(request.GET.get("p"))
    context = {
        "page_obj": page,
        "rows": [(certificate, verification_url(certificate)) for certificate in page],
        "event": event,
        "can_revoke": request.user.has_perm("events.change_certificate"),
        "elided_page_range": page.paginator.get_elided_page_range(page.number),
    }
    return TemplateResponse(request, "events/admin/certificate_list.html", context)


def issue_certificates(request: HttpRequest, page_id: int) -> HttpResponse:
    check_issue_certificates_permission(request.user)
    event = get_object_or_404(EventPage, pk=page_id).canonical()
    if request.method == "POST":
        try:
            issued = check_issue_certificates(request.user, event)
        except CertificateError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s certificate issued; the participant gets an email.",
                    "%(count)s certificates issued; each participant gets an email.",
                    len(issued),
                )
                % {"count": len(issued)},
            )
            return HttpResponseRedirect(reverse("events_certificates") + f"?event={event.pk}")
    context = {
        "event": event,
        "waiting": list(eligible(event)),
        "is_over": event.end <= timezone.now(),
    }
    return TemplateResponse(request, "events/admin/certificate_issue.html", context)


def revoke_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    check_revoke_certificate_permission(request.user)
    certificate = get_object_or_404(Certificate.objects.select_related("registration"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            check_revoke_certificate(request.user, certificate, request.POST.get("reason", ""))
        except CertificateError as problem:
            error = str(problem.message)
        else:
            messages.success(
                request,
                _("Certificate %(code)s of %(name)s is revoked.")
                % {"code": certificate.code, "name": certificate.name},
            )
            return HttpResponseRedirect(
                reverse("events_certificates") + f"?event={certificate.registration.event_id}"
            )
    context = {"certificate": certificate, "error": error, "reason": request.POST.get("reason", "")}
    return TemplateResponse(
        request, "events/admin/certificate_revoke.html", context, status=400 if error else 200
    )
