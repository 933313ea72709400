"""Recurrence rules of event series (RFC 5545 RRULE, expanded with dateutil's rrule).

A series repeats weekly or monthly (on a day of the month, the nth weekday or the last
weekday), every `interval` weeks or months, a number of times or until a date, minus its
exception dates. The rule is expanded in Amsterdam wall-clock time, so a session at 19:30
stays at 19:30 on both sides of the summer-time change while its UTC instant moves.
Invariant: a rule yields at most one occurrence per day, so an occurrence is known by its date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

# A series is finite and small: at most this many occurrences (a few years of monthly ones).
MAX_OCCURRENCES = 60
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Frequency(models.TextChoices):
    WEEKLY = "weekly", gettext_lazy("Weekly")
    MONTHLY_DAY = "monthly_day", gettext_lazy("Monthly, on the same day of the month")
    MONTHLY_WEEKDAY = "monthly_weekday", gettext_lazy("Monthly, on the nth weekday")
    MONTHLY_LAST_WEEKDAY = "monthly_last_weekday", gettext_lazy("Monthly, on the last weekday")


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def nth_weekday(day: date) -> int:
    """1 for the first Tuesday of its month, 2 for the second, and so on."""
    return (day.day - 1) // 7 + 1


def build_rule(
    first_start: datetime,
    frequency: str,
    interval: int = 1,
    count: int | None = None,
    until: date | None = None,
) -> rrule.rrule:
    """The dateutil rule, in naive Amsterdam wall-clock time from the first start."""
    local = first_start.astimezone(zone()).replace(tzinfo=None)
    weekday = rrule.weekdays[local.weekday()]
    options: dict = {"dtstart": local, "interval": max(interval, 1)}
    if count:
        options["count"] = count
    if until:
        options["until"] = datetime.combine(until, time.max)
    if frequency == Frequency.WEEKLY:
        return rrule.rrule(rrule.WEEKLY, byweekday=weekday, **options)
    if frequency == Frequency.MONTHLY_DAY:
        return rrule.rrule(rrule.MONTHLY, bymonthday=local.day, **options)
    if frequency == Frequency.MONTHLY_WEEKDAY:
        return rrule.rrule(rrule.MONTHLY, byweekday=weekday(nth_weekday(local)), **options)
    if frequency == Frequency.MONTHLY_LAST_WEEKDAY:
        return rrule.rrule(rrule.MONTHLY, byweekday=weekday(-1), **options)
    raise ValueError(f"unknown frequency {frequency!r}")


def expand(rule: rrule.rrule, exceptions: Iterable[date] = ()) -> list[datetime]:
    """The aware starts of the rule's occurrences, without those on an exception date."""
    skipped = set(exceptions)
    starts = []
    for local in islice(rule, MAX_OCCURRENCES + 1):
        if local.date() not in skipped:
            starts.append(local.replace(tzinfo=zone()))
    return starts


def count_without_exceptions(rule: rrule.rrule) -> int:
    return sum(1 for _start in islice(rule, MAX_OCCURRENCES + 1))


def ical_rule(
    first_start: datetime,
    frequency: str,
    interval: int = 1,
    count: int | None = None,
    until: date | None = None,
) -> dict:
    """The RRULE value for icalendar's vRecur; UNTIL in UTC as RFC 5545 asks with a TZID start."""
    local = first_start.astimezone(zone())
    code = WEEKDAY_CODES[local.weekday()]
    value: dict = {"freq": "WEEKLY" if frequency == Frequency.WEEKLY else "MONTHLY"}
    if interval > 1:
        value["interval"] = interval
    if frequency == Frequency.WEEKLY:
        value["byday"] = code
    elif frequency == Frequency.MONTHLY_DAY:
        value["bymonthday"] = local.day
    elif frequency == Frequency.MONTHLY_WEEKDAY:
        value["byday"] = f"{nth_weekday(local)}{code}"
    else:
        value["byday"] = f"-1{code}"
    if count:
        value["count"] = count
    elif until:
        end_of_day = datetime.combine(until, time(23, 59, 59), tzinfo=zone())
        value["until"] = end_of_day.astimezone(UTC)
    return value


def describe(
    first_start: datetime,
    frequency: str,
    interval: int = 1,
    count: int | None = None,
    until: date | None = None,
) -> str:
    """The rule in words, in the active language: 'Every month on the 2nd Tuesday, 8 times'."""
    local = first_start.astimezone(zone())
    weekday = formats.date_format(local, "l")
    ordinal = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), 5: _("fifth")}
    if frequency == Frequency.WEEKLY:
        text = ngettext("Every week on %(day)s", "Every %(n)s weeks on %(day)s", interval) % {
            "n": interval,
            "day": weekday,
        }
    elif frequency == Frequency.MONTHLY_DAY:
        text = ngettext(
            "Every month on day %(date)s", "Every %(n)s months on day %(date)s", interval
        ) % {"n": interval, "date": local.day}
    else:
        which = (
            _("last")
            if frequency == Frequency.MONTHLY_LAST_WEEKDAY
            else ordinal[nth_weekday(local)]
        )
        text = ngettext(
            "Every month on the %(which)s %(day)s",
            "Every %(n)s months on the %(which)s %(day)s",
            interval,
        ) % {"n": interval, "which": which, "day": weekday}
    if count:
        text += ", " + ngettext("once", "%(count)s times", count) % {"count": count}
    elif until:
        text += ", " + _("until %(date)s") % {"date": formats.date_format(until, "j F Y")}
    return text
