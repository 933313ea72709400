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


def can_record_outcome_without_names(user, outcome) -> bool:
    try:
        check_record_outcome_without_names_permission(user, outcome)
    except PermissionDenied:
        return False
    return True


def check_record_outcome_without_names_permission(user, outcome) -> None:
    """The event's organisers decide: whoever may edit the event in the Wagtail admin."""
    from django.utils.translation import gettext as _

    event = outcome.get_parent()
    if not (
        user.is_authenticated and user.is_active and event.permissions_for_user(user).can_edit()
    ):
        raise PermissionDenied(
            _("Only the event's organisers can decide how its outcomes are recorded.")
        )
