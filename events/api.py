"""JSON API of the session outcomes (django-ninja), mounted at /api/events/ with OpenAPI docs.

Reading only, public: published outcomes that anyone may read. An outcome recorded without
names (Chatham House) carries no speakers and no scribes, only its participant count.
"""

from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema

from events.models import OutcomePage
from events.outcomes import outcome_data

api = NinjaAPI(
    title="Flexibel Opleiden outcomes API",
    version="1",
    urls_namespace="events_api",
    description=__doc__,
)
PAGE_SIZE = 50


class QuoteOut(Schema):
    text: str
    speaker: str | None


class BespreekpuntOutcomeOut(Schema):
    bespreekpunt_id: int | None
    bespreekpunt: str
    insights: list[str]
    open_questions: list[str]
    agreements: list[str]
    advice: list[str]
    quotes: list[QuoteOut]


class EventRef(Schema):
    id: int
    title: str
    start: datetime | None


class OutcomeOut(Schema):
    id: int
    title: str
    url: str
    language: str
    event: EventRef
    no_names: bool
    participant_count: int
    scribes: str | None
    outcomes: list[BespreekpuntOutcomeOut]


def _readable():
    return OutcomePage.objects.live().public().specific().order_by("-first_published_at", "-pk")


@api.get("/outcomes/", response=list[OutcomeOut])
def list_outcomes(request: HttpRequest, page: int = 1):
    start = (max(page, 1) - 1) * PAGE_SIZE
    return [outcome_data(outcome, request) for outcome in _readable()[start : start + PAGE_SIZE]]


@api.get("/outcomes/{outcome_id}/", response=OutcomeOut)
def get_outcome(request: HttpRequest, outcome_id: int):
    if not 0 < outcome_id < 2**63:  # larger ids exist in no database
        raise Http404
    outcome = _readable().filter(pk=outcome_id).first()
    if outcome is None:
        raise Http404
    return outcome_data(outcome, request)
