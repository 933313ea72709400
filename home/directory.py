"""The member directory ("vind elkaar"): who is listed, the filters, and what a page shows.

It lives in home because it shows each member's sessions attended (events) beside their topics
(community), and community imports no other app.

Visibility: only active, not erased members who did not choose "not listed" appear. A member
listed with the basic choice shows name, institution and expertise only, so the filters on
role, partnership and region match only members who chose their whole profile: filtering must
not reveal what the member keeps out of sight. Email addresses are never shown.

Speed at 10,000 members: every condition is an index lookup (the profile's name, institution,
partnership and region indexes; the directory's search words; the expertise tags), words are
prefix range scans of community.DirectoryTerm on SQLite and PostgreSQL alike, and a page reads
its twenty members, their tags, topics and sessions in a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from community.models import DirectoryTerm, ExpertiseTag, Profile, Topic
from community.models.profiles import TERM_LENGTH, directory_words
from community.permissions import filter_visible_topics
from community.views.context import topic_url
from events.models import EventPage, Registration

PAGE_SIZE = 20
RECENT = 3
MAX_WORDS = 6
CHOICES_KEY = "home:directory:choices"
CHOICES_TIMEOUT = 10 * 60

Listing = Profile.Listing


def listed_profiles() -> QuerySet[Profile]:
    """Everyone the directory may show; the same condition as the profile_directory_name index."""
    return Profile.objects.exclude(directory_listing=Listing.HIDDEN).filter(
        erased_at=None, user__is_active=True
    )


def _word_filter(word: str) -> Q:
    """Members with a name or expertise word starting with `word`: a range scan of the term
    index, since every stored term is made of [a-z0-9] and "z" sorts after all of them."""
    word = word[:TERM_LENGTH]
    terms = DirectoryTerm.objects.filter(
        term__gte=word, term__lte=word + "z" * (TERM_LENGTH - len(word))
    )
    return Q(pk__in=terms.values("profile_id"))


class DirectoryForm(forms.Form):
    """The directory's filters (GET); choices come from what listed members filled in."""

    q = forms.CharField(label=_("Name or expertise"), required=False, max_length=200)
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    partnership = forms.ChoiceField(label=_("Partnership (opleidingsschool)"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    expertise = forms.ChoiceField(label=_("Expertise"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = filter_choices()
        anyone = [("", _("All"))]
        fields: dict = self.fields
        for name in ("institution", "partnership", "region"):
            fields[name].choices = anyone + [(value, value) for value in choices[name]]
        fields["role"].choices = anyone + list(Profile.Role.choices)
        fields["expertise"].choices = anyone + choices["expertise"]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def search(self) -> QuerySet[Profile]:
        """The listed members who match, in name order; call after is_valid()."""
        data = self.cleaned_data
        members = listed_profiles()
        for word in directory_words(data.get("q", ""))[:MAX_WORDS]:
            members = members.filter(_word_filter(word))
        if data.get("institution"):
            members = members.filter(institution=data["institution"])
        if data.get("expertise"):
            tagged = ExpertiseTag.objects.filter(tag__slug=data["expertise"])
            members = members.filter(pk__in=tagged.values("content_object_id"))
        whole_profile = {
            name: data[name] for name in ("partnership", "role", "region") if data.get(name)
        }
        if whole_profile:
            members = members.filter(directory_listing=Listing.FULL, **whole_profile)
        return members.order_by("display_name", "id")

    @property
    def active_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)


def filter_choices() -> dict:
    """How many members are listed and the distinct values they filled in, kept for a few
    minutes and dropped whenever a profile or an account changes (home.signal_handlers)."""
    choices = cache.get(CHOICES_KEY)
    if choices is None:
        listed = listed_profiles()
        full = listed.filter(directory_listing=Listing.FULL)

        def distinct(queryset: QuerySet[Profile], name: str) -> list[str]:
            values = queryset.exclude(**{name: ""}).values_list(name, flat=True)
            return list(values.order_by(name).distinct())

        tags = (
            Tag.objects.filter(community_expertisetag_items__content_object__in=listed)
            .values_list("slug", "name")
            .order_by("name")
            .distinct()
        )
        choices = {
            "total": listed.count(),
            "institution": distinct(listed, "institution"),
            "partnership": distinct(full, "partnership"),
            "region": distinct(full, "region"),
            "expertise": list(tags),
        }
        cache.set(CHOICES_KEY, choices, CHOICES_TIMEOUT)
    return choices


def forget_choices(**kwargs) -> None:
    cache.delete(CHOICES_KEY)


@dataclass
class Entry:
    """One member on a directory page, with only what their listing choice lets others see."""

    profile: Profile
    full: bool
    expertise: list[Tag]
    topics: list[Topic] = field(default_factory=list)
    sessions: list[EventPage] = field(default_factory=list)


def page_entries(viewer, page: Page) -> list[Entry]:
    """The page's members with their tags, recent topics and sessions: three queries."""
    profiles: list[Profile] = list(page.object_list)
    tags: dict[int, list[Tag]] = {profile.pk: [] for profile in profiles}
    for item in ExpertiseTag.objects.filter(content_object__in=profiles).select_related("tag"):
        tags[item.content_object_id].append(item.tag)
    full_ids = [p.user_id for p in profiles if p.directory_listing == Listing.FULL]
    topics = _recent_topics(viewer, full_ids)
    sessions = _sessions_attended(full_ids)
    return [
        Entry(
            profile=profile,
            full=profile.directory_listing == Listing.FULL,
            expertise=sorted(tags[profile.pk], key=lambda tag: tag.name.lower()),
            topics=topics.get(profile.user_id, []),
            sessions=sessions.get(profile.user_id, []),
        )
        for profile in profiles
    ]


# What a page's URL needs: loading whole pages (every Page column and the body) cost more than
# the search itself.
PAGE_URL_FIELDS = ("id", "title", "slug", "url_path", "path", "depth", "locale_id")


def _recent_topics(viewer, user_ids: list[int]) -> dict[int, list[Topic]]:
    if not user_ids:
        return {}
    newest = Window(RowNumber(), partition_by=F("author_id"), order_by=F("created_at").desc())
    rows = (
        filter_visible_topics(viewer, Topic.objects.filter(author_id__in=user_ids))
        .select_related("bespreekpunt")
        .only(
            "title",
            "slug",
            "author_id",
            "created_at",
            *(f"bespreekpunt__{name}" for name in PAGE_URL_FIELDS),
        )
        .annotate(newest=newest)
        .filter(newest__lte=RECENT)
        .order_by("author_id", "newest")
    )
    found: dict[int, list[Topic]] = {}
    for topic in rows:
        topic.url = topic_url(topic.bespreekpunt, topic)
        found.setdefault(topic.author_id, []).append(topic)
    return found


def _sessions_attended(user_ids: list[int]) -> dict[int, list[EventPage]]:
    """Sessions the member was checked in at: attendance, not just a registration."""
    if not user_ids:
        return {}
    newest = Window(RowNumber(), partition_by=F("user_id"), order_by=F("event__start").desc())
    rows = (
        Registration.objects.filter(
            user_id__in=user_ids,
            status=Registration.Status.CONFIRMED,
            checked_in_at__isnull=False,
            event__live=True,
        )
        .select_related("event")
        .only("user_id", "event__start", *(f"event__{name}" for name in PAGE_URL_FIELDS))
        .annotate(newest=newest)
        .filter(newest__lte=RECENT)
        .order_by("user_id", "newest")
    )
    found: dict[int, list[EventPage]] = {}
    for registration in rows:
        if registration.user_id is not None:
            found.setdefault(registration.user_id, []).append(registration.event)
    return found


class CountedPaginator(Paginator):
    """A paginator told its count: everyone listed, kept with the filter choices."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # fills Paginator's cached_property


def paginate(form: DirectoryForm, members: QuerySet[Profile], number: str | None) -> Page:
    paginator: Paginator
    if form.is_bound and form.is_valid() and not form.active_filters:
        paginator = CountedPaginator(members, PAGE_SIZE, count=filter_choices()["total"])
    else:
        paginator = Paginator(members, PAGE_SIZE)
    return paginator.get_page(number)
