"""Who may manage registrations and certificates: Wagtail editors with the model's permission."""

from django.core.exceptions import PermissionDenied


def check_manage_registrations_permission(user) -> None:
    if not (user.is_authenticated and user.has_perm("events.change_registration")):
        raise PermissionDenied


def check_issue_certificates_permission(user) -> None:
    if not (user.is_authenticated and user.has_perm("events.add_certificate")):
        raise PermissionDenied


def check_revoke_certificate_permission(user) -> None:
    if not (user.is_authenticated and user.has_perm("events.change_certificate")):
        raise PermissionDenied
