"""Domain actions of the community app.

Every write goes through a function here, actor first; views, the API, commands and tests call
them, never the models directly.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from community.models import Profile
from community.permissions import check_edit_profile_permission

MEMBERS_GROUP = "Members"


@transaction.atomic
def do_create_profile(user, *, display_name: str, institution: str = "") -> Profile:
    """Gives a new account its profile and membership of the Members group."""
    profile, _created = Profile.objects.get_or_create(
        user=user, defaults={"display_name": display_name, "institution": institution}
    )
    members, _ = Group.objects.get_or_create(name=MEMBERS_GROUP)
    user.groups.add(members)
    return profile


def check_update_profile(actor, profile: Profile, **fields) -> Profile:
    check_edit_profile_permission(actor, profile)
    return do_update_profile(profile, **fields)


@transaction.atomic
def do_update_profile(profile: Profile, **fields) -> Profile:
    expertise = fields.pop("expertise", None)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if expertise is not None:
        profile.expertise.set(expertise, clear=True)
    return profile


def get_or_create_profile(user) -> Profile:
    """Accounts made outside sign-up (createsuperuser, the admin) get a profile on first use."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = do_create_profile(user, display_name=user.get_full_name() or user.get_username())
    return profile
