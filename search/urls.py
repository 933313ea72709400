from django.urls import path
from django.utils.translation import pgettext_lazy

from search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path(pgettext_lazy("url", "suggestions/"), views.autocomplete, name="autocomplete"),
]
