"""allauth's account URLs, with the two pages behind emailed keys answering 400 on a bad key
(home.views). Same paths and names as allauth's own, listed first so they win."""

from django.urls import include, path, re_path

from home import views

urlpatterns = [
    re_path(
        r"^confirm-email/(?P<key>[-:\w]+)/$",
        views.ConfirmEmailView.as_view(),
        name="account_confirm_email",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        views.PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
    path("", include("allauth.urls")),
]
