"""Thin views of certificates: the public verification page and the PDF download."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from events.certificate_pdf import render_certificate
from events.certificates import Verdict, for_download, verification_url, verify

STATUS = {Verdict.GENUINE: 200, Verdict.REVOKED: 410, Verdict.INVALID: 404}


def verify_view(request: HttpRequest, code: str, mac: str) -> HttpResponse:
    verdict, certificate = verify(code, mac)
    context = {"verdict": verdict.value, "certificate": certificate, "code": code}
    response = TemplateResponse(
        request, "events/certificate_verify.html", context, status=STATUS[verdict]
    )
    # A verdict changes when a certificate is revoked: never from a cache.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def download_view(request: HttpRequest, code: str, mac: str) -> HttpResponse:
    certificate = for_download(code, mac)
    if certificate is None:
        raise Http404
    body = render_certificate(certificate, verification_url(certificate))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificaat-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
