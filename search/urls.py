from django.urls import path
from django.utils.translation import pgettext_lazy

from search import views

app_name = "search"
# Where config/urls.py mounts the app; the Dutch path ("zoeken/") is in search/locale.
URL_PREFIX = pgettext_lazy("url", "search/")

urlpatterns = [
    path("", views.search, name="search"),
    path(pgettext_lazy("url", "suggestions/"), views.autocomplete, name="autocomplete"),
]
