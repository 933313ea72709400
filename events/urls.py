"""Certificate links, outside the page tree: anyone may verify, the participant downloads."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from events import certificate_views

app_name = "events"

urlpatterns = [
    path(
        pgettext_lazy("url", "certificates/<slug:code>/<slug:mac>/"),
        certificate_views.verify_view,
        name="certificate_verify",
    ),
    path(
        pgettext_lazy("url", "certificates/<slug:code>/download/<slug:mac>/"),
        certificate_views.download_view,
        name="certificate_download",
    ),
]
