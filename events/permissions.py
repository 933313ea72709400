"""Who may manage registrations: Wagtail editors with the registration model's permission."""

from django.core.exceptions import PermissionDenied


def check_manage_registrations_permission(user) -> None:
    if not (user.is_authenticated and user.has_perm("events.change_registration")):
        raise PermissionDenied
