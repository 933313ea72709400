"""Keeps a series' occurrences in line with the series: the only code that creates them.

Each occurrence is an EventPage below its series, known by the rule's date (`series_date`),
and remembers the values the series last gave it (`series_values`). Publishing the series:
- makes an occurrence for every date the rule gives that has none yet;
- gives every future occurrence the series' new values, field by field, unless that field
  (or the pair start/end) no longer holds what the series last gave it: an editor changed it on
  the occurrence, and that change wins;
- cancels future occurrences whose date left the rule (an exception, a shorter series), which
  notifies their registrants through the usual cancellation of a published event.
Past occurrences are history and never change. Translations of the series give their
occurrences' translations the translated texts in the same way; everything else (times,
capacity, cancellation) comes from the occurrence in the default language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from events.models import EventPage, EventSeriesPage

TRANSLATED = ("title", "location", "organiser", "summary", "description")
SHARED = (
    "kind",
    "audience",
    "online_url",
    "registration_enabled",
    "capacity",
    "cancellation_cutoff_hours",
    "reminder_days",
)
# Fields that follow the series together: moving one session moves both of its times.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("start", "end"),
    *((name,) for name in TRANSLATED),
    *((name,) for name in SHARED),
)


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    cancelled: int = 0


def occurrence_values(series: EventSeriesPage, start: datetime) -> dict[str, Any]:
    values = {name: getattr(series, name) for name in (*TRANSLATED, *SHARED)}
    values.update(start=start, end=start + (series.end - series.start))
    return values


def changed_fields(occurrence: EventPage) -> set[str]:
    """The fields an editor changed on this occurrence, which the series leaves alone."""
    snapshot = occurrence.series_values
    return {
        name
        for name in snapshot
        if hasattr(occurrence, name) and _json(getattr(occurrence, name)) != snapshot[name]
    }


def sync_series(series: EventSeriesPage, now: datetime | None = None) -> SyncResult:
    now = now or timezone.now()
    if series.locale.language_code != settings.LANGUAGE_CODE:
        return _sync_translation(series, now)
    result = SyncResult()
    with transaction.atomic():
        planned = {start.date(): start for start in series.planned_starts()}
        # An event an editor added below the series by hand has no date of the rule: left alone.
        existing = {
            page.series_date: page
            for page in series.occurrences().filter(series_date__isnull=False)
        }
        for day, start in planned.items():
            occurrence = existing.get(day)
            values = occurrence_values(series, start)
            if occurrence is None:
                _create(series, day, values)
                result.created += 1
            elif occurrence.start > now and _follow(occurrence, values, GROUPS):
                occurrence.save_revision().publish()
                result.updated += 1
        for day, occurrence in existing.items():
            if day not in planned and occurrence.start > now and not occurrence.is_cancelled:
                occurrence.is_cancelled = True
                occurrence.save_revision().publish()
                result.cancelled += 1
        for translation in EventSeriesPage.objects.filter(
            translation_key=series.translation_key
        ).exclude(pk=series.pk):
            _sync_translation(translation, now)
    return result


def _create(series: EventSeriesPage, day, values: dict[str, Any]) -> EventPage:
    occurrence = EventPage(
        slug=day.isoformat(),
        locale=series.locale,
        series_date=day,
        series_values={name: _json(value) for name, value in values.items()},
        **values,
    )
    series.add_child(instance=occurrence)
    occurrence.save_revision().publish()
    return occurrence


def _sync_translation(series: EventSeriesPage, now: datetime) -> SyncResult:
    result = SyncResult()
    source = EventSeriesPage.objects.filter(
        translation_key=series.translation_key, locale=Locale.get_default()
    ).first()
    if source is None:
        return result
    texts = {name: getattr(series, name) for name in TRANSLATED}
    translated_groups = tuple((name,) for name in TRANSLATED)
    with transaction.atomic():
        for occurrence in source.occurrences():
            translation = occurrence.get_translation_or_none(series.locale)
            if translation is None:
                translation = occurrence.copy_for_translation(series.locale)
                translation.series_values = {
                    name: value
                    for name, value in occurrence.series_values.items()
                    if name not in TRANSLATED
                }
                for name, value in texts.items():
                    setattr(translation, name, value)
                    translation.series_values[name] = _json(value)
                translation.save_revision().publish()
                result.created += 1
                continue
            translation = translation.specific
            if occurrence.start <= now and translation.start <= now:
                continue
            changed = _follow(translation, texts, translated_groups)
            for name in ("start", "end", "is_cancelled", *SHARED):
                if getattr(translation, name) != getattr(occurrence, name):
                    setattr(translation, name, getattr(occurrence, name))
                    changed = True
            if changed:
                translation.save_revision().publish()
                result.updated += 1
    return result


def _follow(page: EventPage, values: dict[str, Any], groups) -> bool:
    """Gives `page` the series' values for each group it did not change itself."""
    snapshot = dict(page.series_values)
    changed = False
    for group in groups:
        if any(_json(getattr(page, name)) != snapshot.get(name) for name in group):
            continue
        for name in group:
            if getattr(page, name) != values[name]:
                setattr(page, name, values[name])
                changed = True
            snapshot[name] = _json(values[name])
    if snapshot != page.series_values:
        page.series_values = snapshot
        changed = True
    return changed


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value
