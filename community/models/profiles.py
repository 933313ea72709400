import re
import unicodedata

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase


class ExpertiseTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "community.Profile", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Profile(models.Model):
    """A member's public profile; one per account, created at sign-up."""

    class Listing(models.TextChoices):
        BASIC = "basic", _("Listed with my name, institution and expertise")
        FULL = (
            "full",
            _(
                "Listed with my whole profile: also role, partnership, region, my recent topics "
                "and the sessions I attended"
            ),
        )
        HIDDEN = "hidden", _("Not listed")

    class Role(models.TextChoices):
        INSTITUTE = "institute", _("Teacher educator at an institute")
        SCHOOL = "school", _("Teacher educator at a school")
        STUDENT = "student", _("Student or career switcher")
        POLICY = "policy", _("Policy or management")
        RESEARCH = "research", _("Researcher")
        OTHER = "other", _("Other")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=80)
    institution = models.CharField(_("institution"), max_length=160, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    partnership = models.CharField(
        _("partnership"),
        max_length=160,
        blank=True,
        help_text=_("The Samen Opleiden & Professionaliseren partnership you work in."),
    )
    region = models.CharField(
        _("region"), max_length=80, blank=True, help_text=_("For example Utrecht or Noord-Brabant.")
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    expertise = TaggableManager(
        verbose_name=_("expertise"), through=ExpertiseTag, blank=True, help_text=""
    )

    # The member directory ("vind elkaar"); it never shows an email address.
    directory_listing = models.CharField(
        _("in the member directory"),
        max_length=8,
        choices=Listing.choices,
        default=Listing.BASIC,
    )

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("Right away")
        DAILY = "daily", _("A daily digest")
        NEVER = "never", _("Never")

    # How notifications reach the member outside the site, and in which language.
    email_frequency = models.CharField(
        _("email notifications"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    # Trust (community.trust): computed from activity unless a moderator fixed it.
    trust_level = models.PositiveSmallIntegerField(_("trust level"), default=0)
    trust_level_locked = models.BooleanField(_("trust level set by a moderator"), default=False)
    days_visited = models.PositiveIntegerField(default=0)
    last_visit_on = models.DateField(null=True, blank=True)
    posts_read = models.PositiveIntegerField(default=0)

    # Set when the member deleted their account: the profile stays so threads keep an author.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")
        # The directory's listing and its equality filters; the condition is the directory's
        # own filter, so the planner can read members in name order straight from the index.
        indexes = [
            models.Index(
                fields=["display_name", "id"],
                name="profile_directory_name",
                condition=~models.Q(directory_listing="hidden") & models.Q(erased_at=None),
            ),
            models.Index(fields=["institution"], name="profile_institution"),
            models.Index(fields=["partnership"], name="profile_partnership"),
            models.Index(fields=["region"], name="profile_region"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("community:profile", kwargs={"username": self.user.get_username()})

    @property
    def public_name(self) -> str:
        """The name shown with the member's contributions; an erased member's in the reader's
        language."""
        return str(_("deleted member")) if self.erased_at else self.display_name


TERM_LENGTH = 40
_TERM_RE = re.compile(r"[a-z0-9]+")


def directory_words(text: str) -> list[str]:
    """Lower-case, accent-free words of `text`; a hyphenated compound also as one word, so
    "zij-instroom", "zijinstroom" and "instroom" all find it."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    found = _TERM_RE.findall(folded)
    found += [
        joined
        for part in folded.split()
        if "-" in part and (joined := "".join(_TERM_RE.findall(part)))
    ]
    return [word[:TERM_LENGTH] for word in dict.fromkeys(found)]


class DirectoryTerm(models.Model):
    """One word of a member's name or expertise, for the directory's search.

    Kept by community.actions whenever the profile changes; prefix matches are range scans of
    the `term` index on every database (see home.directory), unlike LIKE '%...%'.
    """

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="directory_terms")
    term = models.CharField(max_length=TERM_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["term", "profile"], name="directory_term")]
        constraints = [
            models.UniqueConstraint(fields=["profile", "term"], name="directory_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


def profile_terms(profile: Profile, expertise: list[str]) -> list[str]:
    return directory_words(" ".join([profile.display_name, *expertise]))


def public_name(user) -> str:
    """The name shown for `user`'s contributions: their profile's, else their username."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return profile.public_name if profile else user.get_username()
