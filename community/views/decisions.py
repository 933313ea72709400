"""Polls and consent rounds on the topic page: what it shows, and the forms that change them.

Every form posts to its own URL and redirects back to the topic (or shows itself again with the
problem), so voting, responding and closing work without JavaScript; live.js only replaces the
results when other members vote (frames of type "decision", community.realtime.broadcast).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import decisions
from community.cache import cached_fragment
from community.forms import ConsentRoundForm, PollForm, apply_errors
from community.models import (
    BespreekpuntPage,
    ConsentResponse,
    ConsentRound,
    Poll,
    PollOption,
    PollVote,
    Post,
    Topic,
)
from community.permissions import (
    can_close_consent_round,
    can_close_poll,
    can_see_poll_results,
    filter_visible_topics,
    is_member,
)
from community.views.context import topic_url

VISIBLE_POST = {"post__deleted_at": None, "post__is_hidden": False, "post__is_pending": False}


@dataclass
class Decision:
    """One poll or consent round as the topic page shows it to one reader."""

    kind: str  # "poll" or "consent"
    obj: Poll | ConsentRound
    anchor: str
    results_html: str
    can_vote: bool
    can_close: bool
    mine: set[int] = field(default_factory=set)  # poll: the reader's options
    response: ConsentResponse | None = None  # consent: the reader's response
    options: list[PollOption] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)


def poll_results_html(poll: Poll, options: list[PollOption]) -> str:
    """The public results of a poll (the same for every reader): sent live as it is."""
    return render_to_string(
        "community/includes/poll_results.html",
        {"poll": poll, "options": options, "show_results": can_see_poll_results(None, poll)},
    )


def consent_results_html(consent_round: ConsentRound, responses: list[ConsentResponse]) -> str:
    groups = {choice: [] for choice in ConsentResponse.Choice.values}
    for response in responses:
        groups[response.choice].append(response)
    return render_to_string(
        "community/includes/consent_results.html",
        {
            "round": consent_round,
            "consents": groups["consent"],
            "objections": groups["objection"],
            "abstentions": groups["abstain"],
            "expected": decisions.consent_outcome(
                consent=consent_round.consent_count,
                objection=consent_round.objection_count,
                quorum=consent_round.quorum,
            ),
            "outcomes": ConsentRound.Outcome,
        },
    )


def _responses():
    return ConsentResponse.objects.select_related("user__profile").order_by("updated_at")


class SharedDecision(NamedTuple):
    """A poll or consent round as every reader sees it: the rows and the results."""

    kind: str
    obj: Poll | ConsentRound
    options: list[PollOption]
    responses: list[ConsentResponse]
    results_html: str


def _shared_decisions(topic: Topic) -> tuple[list[SharedDecision], datetime | None]:
    """The topic's polls and consent rounds on visible posts, in post order (4 queries), and
    when the first of them closes by itself (its results may then show)."""
    polls = list(
        Poll.objects.filter(post__topic=topic, **VISIBLE_POST)
        .select_related("post")
        .prefetch_related(Prefetch("options", queryset=PollOption.objects.order_by("position")))
        .order_by("post__number")
    )
    rounds = list(
        ConsentRound.objects.filter(topic=topic, **VISIBLE_POST)
        .select_related("post", "topic")
        .prefetch_related(Prefetch("responses", queryset=_responses()))
        .order_by("post__number")
    )
    shared = []
    for poll in polls:
        options = list(poll.options.all())
        shared.append(SharedDecision("poll", poll, options, [], poll_results_html(poll, options)))
    for consent_round in rounds:
        responses = list(consent_round.responses.all())
        html = consent_results_html(consent_round, responses)
        shared.append(SharedDecision("consent", consent_round, [], responses, html))
    shared.sort(key=lambda decision: decision.obj.post.number)
    deadlines = [p.closes_at for p in polls if p.closes_at is not None and not p.is_closed]
    return shared, min(deadlines, default=None)


def topic_decisions(request: HttpRequest, topic: Topic) -> list[Decision]:
    """The topic's polls and consent rounds as this reader sees them. The shared part is kept
    until the next write in the bespreekpunt (every vote, response and closing is one) or until
    a poll closes by itself; the reader's own votes cost one query."""
    user = request.user
    member = is_member(user)
    key = f"decisions:{topic.pk}:{get_language()}:{timezone.get_current_timezone_name()}"
    shared, closes = cached_fragment(
        topic.bespreekpunt_id, key, lambda: _shared_decisions(topic), guards="decisions"
    )
    if closes is not None and closes <= timezone.now():
        shared, closes = _shared_decisions(topic)
    polls = [decision.obj for decision in shared if decision.kind == "poll"]
    mine: dict[int, set[int]] = {}
    if polls and user.is_authenticated:
        for poll_id, option_id in PollVote.objects.filter(poll__in=polls, user=user).values_list(
            "poll_id", "option_id"
        ):
            mine.setdefault(poll_id, set()).add(option_id)
    open_topic = not topic.is_closed
    result = []
    for decision in shared:
        obj = decision.obj
        if decision.kind == "poll":
            found = Decision(
                kind="poll",
                obj=obj,
                anchor=f"poll-{obj.pk}",
                results_html=decision.results_html,
                can_vote=member and open_topic and not obj.is_closed,
                can_close=can_close_poll(user, obj) and not obj.is_closed,
                mine=mine.get(obj.pk, set()),
                options=decision.options,
                urls=decision_urls("poll", obj.pk),
            )
        else:
            found = Decision(
                kind="consent",
                obj=obj,
                anchor=f"consent-{obj.pk}",
                results_html=decision.results_html,
                can_vote=member and open_topic and not obj.is_closed,
                can_close=can_close_consent_round(user, obj) and not obj.is_closed,
                response=next((r for r in decision.responses if r.user_id == user.pk), None),
                urls=decision_urls("consent", obj.pk),
            )
        result.append(found)
    return result


def has_pending_deadline(found: list[Decision]) -> bool:
    """A poll that will close by itself: a kept copy of the page would go stale at that time."""
    return any(
        isinstance(d.obj, Poll) and d.obj.closes_at is not None and not d.obj.is_closed
        for d in found
    )


# Forms ----------------------------------------------------------------------------------------


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return HttpResponseRedirect(target)


def add_decision(request: HttpRequest, page: BespreekpuntPage, post: Post) -> HttpResponse:
    """`<topic>/<number>/poll/`: a poll or a consent round on the reader's own post."""
    from community.permissions import check_add_decision_permission

    check_add_decision_permission(request.user, post)
    base = topic_url(page, post.topic)
    poll_form, consent_form = PollForm(prefix="poll"), ConsentRoundForm(prefix="consent")
    status = 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        try:
            if kind == "consent":
                consent_form = ConsentRoundForm(request.POST, prefix="consent")
                if consent_form.is_valid():
                    made = decisions.check_open_consent_round(
                        request.user,
                        post,
                        proposal=consent_form.cleaned_data["proposal"],
                        quorum=consent_form.cleaned_data["quorum"],
                    )
                    messages.success(request, _("The consent round is open."))
                    return HttpResponseRedirect(f"{base}#consent-{made.pk}")
            else:
                poll_form = PollForm(request.POST, prefix="poll")
                if poll_form.is_valid():
                    closes_at: datetime | None = poll_form.cleaned_data["closes_at"]
                    if closes_at is not None and timezone.is_naive(closes_at):
                        closes_at = timezone.make_aware(closes_at)
                    poll = decisions.check_add_poll(
                        request.user,
                        post,
                        question=poll_form.cleaned_data["question"],
                        options=poll_form.option_lines(),
                        multiple=poll_form.cleaned_data["multiple"],
                        closes_at=closes_at,
                        results_public=poll_form.cleaned_data["results"] == "public",
                    )
                    messages.success(request, _("Your poll has been added."))
                    return HttpResponseRedirect(f"{base}#poll-{poll.pk}")
        except ValidationError as error:
            apply_errors(consent_form if kind == "consent" else poll_form, error)
        status = 400
    context = page.get_context(request)
    context.update(
        {
            "post": post,
            "topic": post.topic,
            "topic_url": base,
            "poll_form": poll_form,
            "consent_form": consent_form,
        }
    )
    return TemplateResponse(request, "community/decision_new.html", context, status=status)


def _decision_topic(request: HttpRequest, obj) -> tuple[Topic, str]:
    visible = filter_visible_topics(request.user, Topic.objects.filter(pk=obj.post.topic_id))
    topic = visible.select_related("bespreekpunt").first()
    if topic is None:
        raise Http404(_("This topic does not exist."))
    return topic, topic.get_absolute_url()


@require_POST
def vote(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_object_or_404(Poll.objects.select_related("post__topic"), pk=poll_id)
    _topic, url = _decision_topic(request, poll)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    try:
        decisions.check_vote(request.user, poll, _ints(request.POST.getlist("option")))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request, _("Your vote has been saved; you can change it until the poll closes.")
        )
    return _back(request, f"{url}#poll-{poll.pk}")


@require_POST
def close_poll(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_object_or_404(Poll.objects.select_related("post__topic"), pk=poll_id)
    _topic, url = _decision_topic(request, poll)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    try:
        decisions.check_close_poll(request.user, poll)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The poll is closed."))
    return _back(request, f"{url}#poll-{poll.pk}")


def respond(request: HttpRequest, round_id: int) -> HttpResponse:
    """The consent response; on a problem the form shows again with the text kept."""
    consent_round = get_object_or_404(
        ConsentRound.objects.select_related("post__topic", "topic"), pk=round_id
    )
    topic, url = _decision_topic(request, consent_round)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    errors: list[str] = []
    choice, reason = request.POST.get("choice", ""), request.POST.get("reason", "")
    if request.method == "POST":
        try:
            decisions.check_respond(request.user, consent_round, choice, reason)
        except (PermissionDenied, ValidationError) as error:
            errors = [_message(error)]
        else:
            messages.success(
                request,
                _("Your response has been saved; you can change it until the round closes."),
            )
            return _back(request, f"{url}#consent-{consent_round.pk}")
    else:
        existing = decisions.my_consent_response(request.user, consent_round)
        if existing:
            choice, reason = existing.choice, existing.reason
    return TemplateResponse(
        request,
        "community/consent_respond.html",
        {
            "round": consent_round,
            "topic": topic,
            "topic_url": url,
            "choice": choice,
            "reason": reason,
            "errors": errors,
            "choices": ConsentResponse.Choice.choices,
        },
        status=400 if errors else 200,
    )


@require_POST
def close_round(request: HttpRequest, round_id: int) -> HttpResponse:
    consent_round = get_object_or_404(
        ConsentRound.objects.select_related("post__topic", "topic"), pk=round_id
    )
    _topic, url = _decision_topic(request, consent_round)
    if not request.user.is_authenticated:
        return redirect_to_login(url)
    try:
        closed = decisions.check_close_consent_round(
            request.user, consent_round, note=request.POST.get("note", "")
        )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _message(error))
    else:
        messages.success(
            request,
            _("The consent round is closed: %(outcome)s.")
            % {"outcome": closed.get_outcome_display()},
        )
    return _back(request, f"{url}#consent-{consent_round.pk}")


def _ints(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def decision_urls(kind: str, pk: int) -> dict[str, str]:
    if kind == "poll":
        return {
            "vote": reverse("community:poll_vote", kwargs={"poll_id": pk}),
            "close": reverse("community:poll_close", kwargs={"poll_id": pk}),
        }
    return {
        "vote": reverse("community:consent_respond", kwargs={"round_id": pk}),
        "close": reverse("community:consent_close", kwargs={"round_id": pk}),
    }
