"""Who may do what in the community app. Views, the API and actions call these."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from community.models import Profile


def check_edit_profile_permission(user: AbstractBaseUser | AnonymousUser, profile: Profile) -> None:
    if not user.is_authenticated or profile.user_id != user.pk:
        raise PermissionDenied(_("You can only edit your own profile."))
