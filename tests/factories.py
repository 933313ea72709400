"""Factories shared by the whole suite; each app's tests may add their own beside them."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from community.models import Profile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"lid{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Faker("name", locale="nl_NL")
    institution = "Hogeschool Utrecht"
    # A member who has been around a while; tests of new members ask for trust_level=0.
    trust_level = 1


def make_member(username: str | None = None, *, group: str = "Members", **profile_fields):
    """A verified member with a profile, in the given group (Members, Moderators, Editors)."""
    from allauth.account.models import EmailAddress

    user = UserFactory(**({"username": username} if username else {}))
    ProfileFactory(user=user, **profile_fields)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user
