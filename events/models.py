"""The agenda, its events, their registrations and the outcomes of sessions.

Times are stored in UTC (USE_TZ) and shown in Europe/Amsterdam (TIME_ZONE). Registrations always
belong to the event in the default language, whichever translation the registrant used, so
capacity is counted once per event.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from events.blocks import BespreekpuntOutcomeBlock, DocumentBlock, TimeSlotBlock
from events.recurrence import (
    MAX_OCCURRENCES,
    Frequency,
    build_rule,
    count_without_exceptions,
    describe,
    expand,
    ical_rule,
    zone,
)

AGENDA_PAGE_SIZE = 10


class EventIndexPage(RoutablePageMixin, Page):
    """The agenda: upcoming or past events, filterable by kind and bespreekpunt, plus feeds."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from events.selectors import agenda_events, bespreekpunt_choices

        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        kind = request.GET.get("kind", "")
        kind = kind if kind in EventPage.Kind.values else ""
        bespreekpunt = request.GET.get("bespreekpunt", "")
        bespreekpunt = bespreekpunt if bespreekpunt.isdigit() else ""
        past = request.GET.get("when") == "past"
        events = agenda_events(self, past=past, kind=kind, bespreekpunt_id=bespreekpunt, now=now)
        page_obj = Paginator(events, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            past=past,
            kind=kind,
            bespreekpunt=bespreekpunt,
            kinds=EventPage.Kind.choices,
            bespreekpunten=bespreekpunt_choices(self.locale),
            page_obj=page_obj,
            events=page_obj.object_list,
            feed_path=self.reverse_subpage("feed"),
            kind_feeds=[
                (value, label, self.reverse_subpage("feed_kind", kwargs={"kind": value}))
                for value, label in EventPage.Kind.choices
            ],
            my_calendar_path=self.reverse_subpage("my_calendar"),
        )
        return context

    @path(pgettext_lazy("url", "calendar/"), name="feed")
    def feed_all(self, request):
        from events.views import feed_view

        return feed_view(request, self)

    @path(pgettext_lazy("url", "calendar/<slug:kind>/"), name="feed_kind")
    def feed_kind(self, request, kind):
        from events.views import feed_view

        return feed_view(request, self, kind=kind)

    @path(pgettext_lazy("url", "my-calendar/<slug:token>/"), name="feed_member")
    def feed_member(self, request, token):
        from events.views import member_feed_view

        return member_feed_view(request, self, token)

    @path(pgettext_lazy("url", "my-calendar/"), name="my_calendar")
    def my_calendar(self, request):
        from events.views import my_calendar_view

        return my_calendar_view(request, self)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage", "events.EventSeriesPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")


class EventPage(RoutablePageMixin, Page):
    """A werksessie, studiedag, congress session or online meeting of the network."""

    class Kind(models.TextChoices):
        WERKSESSIE = "werksessie", _("Work session")
        STUDIEDAG = "studiedag", _("Study day")
        CONGRESS = "congress", _("Congress session")
        ONLINE = "online", _("Online meeting")

    class Audience(models.TextChoices):
        MEMBERS = "members", _("Members only")
        EVERYONE = "everyone", _("Open to everyone")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Shown only to registered participants."),
    )
    organiser = models.CharField(_("organiser"), max_length=160, blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.MEMBERS
    )
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    description = RichTextField(_("description"), blank=True)
    programme = StreamField(
        [("slot", TimeSlotBlock())], verbose_name=_("programme"), blank=True, default=list
    )
    documents = StreamField(
        [("document", DocumentBlock())], verbose_name=_("documents"), blank=True, default=list
    )
    registration_enabled = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    registration_opens = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open right away.")
    )
    registration_closes = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: at the start.")
    )
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(
        _("self-cancellation until (hours before the start)"), default=24
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the start)"), default=2, help_text=_("0: no reminder.")
    )
    ask_dietary_needs = models.BooleanField(_("ask for dietary needs"), default=False)
    ask_accessibility_needs = models.BooleanField(_("ask for accessibility needs"), default=False)
    ask_bespreekpunt = models.BooleanField(
        _("ask which bespreekpunt they want to work on"), default=False
    )
    is_cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Publishing a cancelled event notifies everyone who registered."),
    )
    certificate_hours = models.DecimalField(
        _("hours on certificates"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Empty: the length of the session."),
    )
    # An occurrence of a series (its parent): the rule's date it stands for, and the values the
    # series last gave it, so a field an editor changed here is no longer overwritten.
    series_date = models.DateField(null=True, blank=True, editable=False)
    series_values = models.JSONField(default=dict, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("location"),
                FieldPanel("online_url"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("organiser"),
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("programme"),
        FieldPanel("documents"),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldRowPanel(
                    [FieldPanel("cancellation_cutoff_hours"), FieldPanel("reminder_days")]
                ),
                FieldPanel("ask_dietary_needs"),
                FieldPanel("ask_accessibility_needs"),
                FieldPanel("ask_bespreekpunt"),
                FieldPanel("certificate_hours"),
                FieldPanel("is_cancelled"),
            ],
            heading=_("Registration"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if self.registration_enabled and not self.capacity:
            raise ValidationError({"capacity": _("An event with registration needs a seat.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration must close after it opens.")}
            )

    @property
    def registration_closes_at(self):
        return self.registration_closes or self.start

    @property
    def cancellation_cutoff(self):
        return self.start - timedelta(hours=self.cancellation_cutoff_hours)

    def canonical(self) -> "EventPage":
        """The event in the default language, which holds the registrations."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        source = (
            EventPage.objects.filter(
                translation_key=self.translation_key, locale=Locale.get_default()
            )
            .only("id")
            .first()
        )
        return EventPage.objects.get(pk=source.pk) if source else self

    def in_language(self, language_code: str) -> "EventPage":
        """This event's live translation into `language_code`, or itself."""
        translation = (
            EventPage.objects.live()
            .filter(translation_key=self.translation_key, locale__language_code=language_code)
            .first()
        )
        return translation or self

    def get_context(self, request, *args, **kwargs):
        from events.views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(request, self))
        return context

    @path(pgettext_lazy("url", "register/"), name="register")
    def register(self, request):
        from events.views import register_view

        return register_view(request, self)

    @path(pgettext_lazy("url", "confirm/<slug:token>/"), name="confirm")
    def confirm(self, request, token):
        from events.views import confirm_view

        return confirm_view(request, self, token)

    @path(pgettext_lazy("url", "cancel/<slug:token>/"), name="cancel")
    def cancel(self, request, token):
        from events.views import cancel_view

        return cancel_view(request, self, token)

    @path(pgettext_lazy("url", "calendar/"), name="ics")
    def ics(self, request):
        from events.views import event_ics_view

        return event_ics_view(request, self)

    @property
    def is_occurrence(self) -> bool:
        return self.series_date is not None

    parent_page_types = ["events.EventIndexPage", "events.EventSeriesPage"]
    subpage_types = ["events.OutcomePage"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")


class EventSeriesPage(RoutablePageMixin, Page):
    """Sessions that recur by a rule (monthly on the second Tuesday, weekly, ...).

    Publishing the series keeps its occurrences, child EventPages with their own capacity,
    registrations, waiting list and outcomes, in line with the rule (events.series). Edits to
    the series reach every future occurrence, except the fields an editor changed on that
    occurrence itself. Times are those of the first session; the rule repeats them in
    Amsterdam time.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=EventPage.Kind.choices)
    start = models.DateTimeField(_("first session starts"))
    end = models.DateTimeField(_("first session ends"))
    frequency = models.CharField(
        _("repeats"), max_length=24, choices=Frequency.choices, default=Frequency.MONTHLY_WEEKDAY
    )
    interval = models.PositiveSmallIntegerField(
        _("every"), default=1, help_text=_("1: every week or month, 2: every other one, ...")
    )
    count = models.PositiveSmallIntegerField(
        _("number of sessions"), null=True, blank=True, help_text=_("Or fill in an end date.")
    )
    until = models.DateField(_("last date"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to registered participants.")
    )
    organiser = models.CharField(_("organiser"), max_length=160, blank=True)
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=EventPage.Audience.choices,
        default=EventPage.Audience.MEMBERS,
    )
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    description = RichTextField(_("description"), blank=True)
    registration_enabled = models.BooleanField(_("registration"), default=True)
    capacity = models.PositiveIntegerField(_("capacity per session"), default=30)
    cancellation_cutoff_hours = models.PositiveSmallIntegerField(
        _("self-cancellation until (hours before the start)"), default=24
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the start)"), default=2, help_text=_("0: no reminder.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel([FieldPanel("frequency"), FieldPanel("interval")]),
                FieldRowPanel([FieldPanel("count"), FieldPanel("until")]),
                InlinePanel("exceptions", label=_("Dates without a session")),
            ],
            heading=_("Recurrence"),
        ),
        MultiFieldPanel([FieldPanel("location"), FieldPanel("online_url")], heading=_("Where")),
        FieldPanel("organiser"),
        FieldPanel("audience"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldPanel("capacity"),
                FieldRowPanel(
                    [FieldPanel("cancellation_cutoff_hours"), FieldPanel("reminder_days")]
                ),
            ],
            heading=_("Registration"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("kind"),
    ]

    def clean(self) -> None:
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if bool(self.count) == bool(self.until):
            raise ValidationError(
                {"count": _("Fill in either the number of sessions or the last date.")}
            )
        if self.until and self.start and self.until < self.start.astimezone(zone()).date():
            raise ValidationError({"until": _("The last date must be after the first session.")})
        if self.start and self.end and count_without_exceptions(self.rule()) > MAX_OCCURRENCES:
            raise ValidationError(
                {"count": _("A series has at most %(max)s sessions.") % {"max": MAX_OCCURRENCES}}
            )

    def rule(self):
        return build_rule(self.start, self.frequency, self.interval, self.count, self.until)

    def ical_rule(self) -> dict:
        return ical_rule(self.start, self.frequency, self.interval, self.count, self.until)

    def describe_rule(self) -> str:
        return describe(self.start, self.frequency, self.interval, self.count, self.until)

    def exception_dates(self) -> set:
        return {exception.date for exception in self.exceptions.all()}

    def planned_starts(self) -> list:
        """The starts of the sessions the rule gives, without the exception dates."""
        return expand(self.rule(), self.exception_dates())

    def rule_starts(self) -> dict:
        """Every start of the rule by its date, exceptions included (for RECURRENCE-ID)."""
        return {start.date(): start for start in expand(self.rule())}

    def occurrences(self):
        return EventPage.objects.child_of(self).order_by("start")

    def get_context(self, request, *args, **kwargs):
        from events.views import series_context

        context = super().get_context(request, *args, **kwargs)
        context.update(series_context(request, self))
        return context

    @path(pgettext_lazy("url", "calendar/"), name="ics")
    def ics(self, request):
        from events.views import series_ics_view

        return series_ics_view(request, self)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")


class SeriesException(Orderable):
    """A date on which a series has no session (EXDATE)."""

    series = ParentalKey(EventSeriesPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("date without a session")
        verbose_name_plural = _("dates without a session")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """One person's place at an event: a seat, a place on the waiting list, or given up.

    Invariant: at most `event.capacity` registrations of an event are CONFIRMED; changes to
    statuses happen only in events.actions while the event row is locked.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Never confirmed")

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("member"),
    )
    name = models.CharField(_("name"), max_length=160)
    email = models.EmailField(_("email address"))
    institution = models.CharField(_("institution"), max_length=160, blank=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    token = models.CharField(max_length=64, default=new_token, unique=True, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "id"]
        indexes = [models.Index(fields=["event", "status", "id"])]
        constraints = [
            # One active registration per email address and event: registering twice is
            # refused, and a database race cannot create a duplicate either.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(status__in=["confirmed", "waitlisted"]),
                name="events_registration_one_active_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def awaits_email_confirmation(self) -> bool:
        return self.is_active and self.email_confirmed_at is None


def new_certificate_code() -> str:
    # No 0/O or 1/I/L: the number is read off paper.
    return get_random_string(10, allowed_chars="23456789ABCDEFGHJKMNPQRSTUVWXYZ")


class Certificate(models.Model):
    """Proof that a checked-in participant attended a session (events.certificates).

    The printed facts are copied here when it is issued and signed (HMAC with the server's
    secret), so a changed row or a changed verification link no longer verifies. Invariant: a
    registration has at most one certificate that is not revoked.
    """

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("certificate number"), max_length=16, unique=True, default=new_certificate_code
    )
    name = models.CharField(_("name"), max_length=160)
    session = models.CharField(_("session"), max_length=255)
    session_date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    organiser = models.CharField(_("organiser"), max_length=160, blank=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=models.Q(revoked_at__isnull=True),
                name="events_certificate_one_valid_per_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def signed_facts(self) -> str:
        """What the signature covers: everything printed on the certificate."""
        return "|".join(
            [
                self.code,
                self.name,
                self.session,
                self.session_date.isoformat(),
                f"{self.hours:.1f}",
                self.organiser,
                self.language,
            ]
        )


class OutcomePage(RoutablePageMixin, Page):
    """The outcomes (opbrengsten) of a session, per bespreekpunt, written by its scribes.

    With `no_names` (Chatham House) no person is named anywhere the outcome appears: not on
    its page, in search, the API or the export (events/outcomes.py), only how many took part.
    """

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(
        [("bespreekpunt", BespreekpuntOutcomeBlock())], verbose_name=_("outcomes"), default=list
    )
    scribes = models.CharField(
        _("scribes"), max_length=255, blank=True, help_text=_("Who took notes, comma-separated.")
    )
    no_names = models.BooleanField(
        _("no names"),
        default=False,
        help_text=_("Hide the scribes and the speakers of quotes (Chatham House)."),
    )
    documents = StreamField(
        [("document", DocumentBlock())], verbose_name=_("documents"), blank=True, default=list
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("scribes"), FieldPanel("no_names")]),
        FieldPanel("documents"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("searchable_body"),
    ]

    def searchable_body(self) -> str:
        """The outcomes' text for Wagtail's index; the speakers only when names are allowed."""
        parts = []
        for block in self.body:
            value = block.value
            for name in ("insights", "open_questions", "agreements", "advice"):
                parts.extend(str(item) for item in value[name])
            for quote in value["quotes"]:
                parts.append(quote["text"])
                if not self.no_names and quote["speaker"]:
                    parts.append(quote["speaker"])
        return "\n".join(parts)

    def get_context(self, request, *args, **kwargs):
        from events.views import outcome_context

        context = super().get_context(request, *args, **kwargs)
        context.update(outcome_context(request, self))
        return context

    def bespreekpunt_ids(self) -> set[int]:
        """The ids of the bespreekpunt pages this outcome speaks about, without fetching them."""
        return {
            block["value"]["bespreekpunt"]
            for block in self.body.raw_data
            if block.get("value", {}).get("bespreekpunt")
        }

    @path(pgettext_lazy("url", "without-names/"), name="no_names")
    def no_names_view(self, request):
        from events.views import outcome_no_names_view

        return outcome_no_names_view(request, self)

    @path(pgettext_lazy("url", "export/"), name="export")
    def export_view(self, request):
        from events.views import outcome_export_view

        return outcome_export_view(request, self)

    parent_page_types = ["events.EventPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("session outcome")
        verbose_name_plural = _("session outcomes")


class OutcomeNotice(models.Model):
    """Records that the participants heard about an outcome, so they hear it once."""

    translation_key = models.UUIDField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.translation_key} ({self.sent_at:%Y-%m-%d})"


class SentEmail(models.Model):
    """An email task that has sent its message: a task that runs again (its worker was killed
    and the next one queued it anew, home.worker) finds its row and sends nothing twice."""

    task_id = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.task_id} ({self.sent_at:%Y-%m-%d %H:%M})"
