from django.urls import path
from django.utils.translation import pgettext_lazy

from community import views

app_name = "community"

urlpatterns = [
    path(pgettext_lazy("url", "profile/"), views.profile_edit, name="profile_edit"),
    path(pgettext_lazy("url", "members/<str:username>/"), views.profile, name="profile"),
    path(pgettext_lazy("url", "bookmarks/"), views.bookmarks, name="bookmarks"),
]
