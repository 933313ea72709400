"""A URLconf holding only the API. The API's 404 responses point LocaleMiddleware here: with the
site's i18n patterns it would otherwise turn every API 404 into a redirect to /nl/api/...."""

from django.urls import path

from community.api import api

urlpatterns = [path("api/community/", api.urls)]
