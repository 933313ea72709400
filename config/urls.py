from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from django.views.i18n import JavaScriptCatalog
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.api import api as community_api
from community.api import not_found as community_not_found
from events.api import api as events_api
from home import views as home_views
from search import urls as search_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", home_views.health, name="health"),
    path("api/community/", community_api.urls),
    re_path(r"^api/community/(?P<rest>.*)$", community_not_found),
    path("api/events/", events_api.urls),
]
if getattr(settings, "SERVE_MEDIA", False):
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path(pgettext_lazy("url", "accounts/"), include("home.account_urls")),
    path(pgettext_lazy("url", "members/"), home_views.member_directory, name="member_directory"),
    path("", include("community.urls")),
    path("", include("events.urls")),
    path(search_urls.URL_PREFIX, include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "home.views.bad_request"
handler403 = "home.views.permission_denied"
handler500 = "home.views.server_error"
