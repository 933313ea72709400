"""For community's timeline registry: the sessions about a bespreekpunt and their outcomes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Page

from community.timeline import Entry
from events.models import EventPage, OutcomePage
from events.outcomes import participant_counts
from events.selectors import outcomes_for_bespreekpunt, programme_bespreekpunt_ids, same_page_ids

KINDS = {"event": gettext_lazy("Session"), "outcome": gettext_lazy("Outcome")}


def bespreekpunt_entries(page: Page, user) -> list[Entry]:
    wanted = same_page_ids(page.pk)
    events = EventPage.objects.live().public().filter(locale_id=page.locale_id).order_by("-start")
    entries = [
        Entry(
            "event",
            event.start,
            event.title,
            event.url or "",
            summary=event.summary,
            meta=" · ".join(part for part in (event.get_kind_display(), event.location) if part),
        )
        for event in events
        if wanted & programme_bespreekpunt_ids(event)
    ]
    outcomes = outcomes_for_bespreekpunt(page)
    public = set(
        OutcomePage.objects.public()
        .filter(pk__in=[o.pk for o in outcomes])
        .values_list("pk", flat=True)
    )
    counts = participant_counts([o.event for o in outcomes if getattr(o, "event", None)])
    for outcome in outcomes:
        if outcome.pk not in public:
            continue
        event = getattr(outcome, "event", None)
        meta = [_("Session: %(title)s") % {"title": event.title}] if event else []
        count = counts.get(event.pk, 0) if event else 0
        if count:
            meta.append(
                ngettext("%(count)s participant", "%(count)s participants", count)
                % {"count": count}
            )
        entries.append(
            Entry(
                "outcome",
                event.start if event else outcome.first_published_at,
                outcome.title,
                outcome.url or "",
                summary=_outcome_summary(outcome, wanted),
                meta=" · ".join(meta),
            )
        )
    return entries


def _outcome_summary(outcome: OutcomePage, wanted: set[int]) -> str:
    """What the session yielded on this bespreekpunt, as counts; never who said it."""
    counts = {"insights": 0, "agreements": 0, "open_questions": 0}
    for block in outcome.body.raw_data:
        value = block.get("value", {})
        if value.get("bespreekpunt") in wanted:
            for name in counts:
                counts[name] += len(value.get(name) or [])
    parts = [
        ngettext("%(count)s insight", "%(count)s insights", counts["insights"]),
        ngettext("%(count)s agreement", "%(count)s agreements", counts["agreements"]),
        ngettext("%(count)s open question", "%(count)s open questions", counts["open_questions"]),
    ]
    return " · ".join(
        part % {"count": count} for part, count in zip(parts, counts.values(), strict=True) if count
    )
