"""Session outcomes: recording them without names (Chatham House), counting their participants,
and the one shape of an outcome's data that the API and the export share.

Invariant: when an outcome has `no_names`, nothing built here names a person: no speakers of
quotes, no scribes, no registrants; only how many took part.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from events.models import EventPage, OutcomePage, Registration
from events.permissions import check_record_outcome_without_names_permission


def check_record_without_names(actor, outcome: OutcomePage) -> OutcomePage:
    check_record_outcome_without_names_permission(actor, outcome)
    return do_set_no_names(actor, outcome, no_names=True)


@transaction.atomic
def do_set_no_names(actor, outcome: OutcomePage, *, no_names: bool) -> OutcomePage:
    """Sets the mode on every translation of the outcome, live at once.

    The live content is republished with the new mode (so search, caches and the page follow
    through the usual publish signals) without publishing anyone's unfinished draft; a draft
    gets the mode too, so publishing it later keeps it.
    """
    pages = OutcomePage.objects.select_for_update().filter(translation_key=outcome.translation_key)
    for page in pages.order_by("pk"):
        had_draft = page.has_unpublished_changes
        draft = page.get_latest_revision_as_object() if had_draft else None
        if page.live and page.no_names != no_names:
            page.no_names = no_names
            page.save_revision(user=actor, log_action=True).publish(user=actor)
        if draft is not None and draft.no_names != no_names:
            draft.no_names = no_names
            draft.save_revision(user=actor, log_action=True)
        if not page.live and draft is None and page.no_names != no_names:
            page.no_names = no_names
            page.save_revision(user=actor, log_action=True)
    outcome.refresh_from_db()
    return outcome


def participant_count(outcome: OutcomePage, event=None) -> int:
    """Who took part: the checked-in participants, or the confirmed ones when nobody checked in."""
    event = event or outcome.get_parent().specific
    if not isinstance(event, EventPage):
        return 0
    confirmed = Registration.objects.filter(
        event=event.canonical(), status=Registration.Status.CONFIRMED
    )
    return confirmed.filter(checked_in_at__isnull=False).count() or confirmed.count()


def outcome_data(outcome: OutcomePage, request=None) -> dict[str, Any]:
    """The outcome as plain data, for the API and the export; names only when it allows them."""
    event = outcome.get_parent().specific
    named = not outcome.no_names
    blocks = []
    for block in outcome.body:
        value = block.value
        bespreekpunt = value["bespreekpunt"]
        blocks.append(
            {
                "bespreekpunt_id": bespreekpunt.pk if bespreekpunt else None,
                "bespreekpunt": bespreekpunt.title if bespreekpunt else "",
                "insights": [str(item) for item in value["insights"]],
                "open_questions": [str(item) for item in value["open_questions"]],
                "agreements": [str(item) for item in value["agreements"]],
                "advice": [str(item) for item in value["advice"]],
                "quotes": [
                    {
                        "text": quote["text"],
                        "speaker": (quote["speaker"] or None) if named else None,
                    }
                    for quote in value["quotes"]
                ],
            }
        )
    return {
        "id": outcome.pk,
        "title": outcome.title,
        "url": outcome.get_full_url(request) or "",
        "language": outcome.locale.language_code,
        "event": {
            "id": event.pk,
            "title": event.title,
            "start": getattr(event, "start", None),
        },
        "no_names": outcome.no_names,
        "participant_count": participant_count(
            outcome, event if isinstance(event, EventPage) else None
        ),
        "scribes": (outcome.scribes or None) if named else None,
        "outcomes": blocks,
    }


def participant_counts(events: list[EventPage]) -> dict[int, int]:
    """participant_count for many events at once (by event id), in two queries."""
    from django.db.models import Count, Q
    from wagtail.models import Locale

    canonical = dict(
        EventPage.objects.filter(
            translation_key__in=[event.translation_key for event in events],
            locale=Locale.get_default(),
        ).values_list("translation_key", "pk")
    )
    confirmed = Q(registrations__status=Registration.Status.CONFIRMED)
    rows = (
        EventPage.objects.filter(pk__in=canonical.values())
        .annotate(
            confirmed=Count("registrations", filter=confirmed),
            checked_in=Count(
                "registrations", filter=confirmed & Q(registrations__checked_in_at__isnull=False)
            ),
        )
        .values_list("pk", "confirmed", "checked_in")
    )
    by_canonical = {pk: checked_in or confirmed for pk, confirmed, checked_in in rows}
    return {
        event.pk: by_canonical.get(canonical.get(event.translation_key, event.pk), 0)
        for event in events
    }
