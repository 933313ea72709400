"""Pages of manifest amendments: proposing, the list, adopting and withdrawing, and the panel
the amendment's topic shows (registered with community.topic_panels).

Every action is a form that posts and redirects, so all of it works without JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from community.cache import cached_fragment
from community.forms import apply_errors
from knowledge import amendments
from knowledge.diff import word_diff
from knowledge.models import Amendment, ManifestPage
from knowledge.permissions import can_withdraw_amendment, is_editor


class AmendmentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("New text of the paragraph"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=amendments.TEXT_MAX_LENGTH,
    )
    reason = forms.CharField(
        label=gettext_lazy("Why this change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=amendments.REASON_MAX_LENGTH,
    )


def _manifest_url(page: ManifestPage, request: HttpRequest, name: str, **kwargs) -> str:
    return (page.get_url(request) or "") + page.reverse_subpage(name, kwargs=kwargs or None)


def amendment_new(page: ManifestPage, request: HttpRequest) -> HttpResponse:
    """`voorstellen/nieuw/?sectie=<anchor>`: pick a paragraph; `&alinea=<n>`: write its new text."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    anchor = request.GET.get("sectie", "")
    section = next((b.value for b in page.sections if b.value["anchor"] == anchor), None)
    if section is None:
        raise Http404(_("The manifest has no such section."))
    paragraphs = amendments.section_paragraphs(page, anchor)
    number = request.GET.get("alinea", "")
    index = int(number) - 1 if number.isdigit() and 1 <= int(number) <= len(paragraphs) else None
    form = None
    status = 200
    if index is not None:
        if request.method == "POST":
            form = AmendmentForm(request.POST)
            if form.is_valid():
                try:
                    amendment = amendments.check_propose_amendment(
                        request.user,
                        page,
                        anchor=anchor,
                        paragraph=index,
                        text=form.cleaned_data["text"],
                        reason=form.cleaned_data["reason"],
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                except PermissionDenied as error:
                    form.add_error(None, str(error))
                else:
                    messages.success(
                        request,
                        _("Your proposal is open for discussion and a consent round."),
                    )
                    return HttpResponseRedirect(amendment.topic.get_absolute_url())
            status = 400
        else:
            form = AmendmentForm(initial={"text": paragraphs[index]})
    base = _manifest_url(page, request, "amendment_new")
    return TemplateResponse(
        request,
        "knowledge/amendment_new.html",
        {
            "page": page,
            "section": section,
            "anchor": anchor,
            "paragraphs": [
                {"number": n, "text": text, "url": f"{base}?sectie={anchor}&alinea={n}"}
                for n, text in enumerate(paragraphs, start=1)
            ],
            "index": index,
            "number": index + 1 if index is not None else None,
            "current": paragraphs[index] if index is not None else "",
            "form": form,
            "list_url": _manifest_url(page, request, "amendments"),
        },
        status=status,
    )


def amendment_list(page: ManifestPage, request: HttpRequest) -> HttpResponse:
    rows = [
        _row(amendment, page)
        for amendment in page.amendments.select_related(
            "proposer__profile", "topic__bespreekpunt", "consent_round", "adopted_version"
        ).order_by("-created_at")
    ]
    return TemplateResponse(request, "knowledge/amendment_list.html", {"page": page, "rows": rows})


def _row(amendment: Amendment, page: ManifestPage) -> dict:
    amendment.page = page
    return {
        "amendment": amendment,
        "outdated": amendments.is_outdated(amendment, page),
        "url": amendment.topic.get_absolute_url(),
    }


def _get(page: ManifestPage, amendment_id: int) -> Amendment:
    amendment = (
        page.amendments.select_related("consent_round", "topic__bespreekpunt")
        .filter(pk=amendment_id)
        .first()
    )
    if amendment is None:
        raise Http404(_("There is no such proposal."))
    amendment.page = page
    return amendment


# require_POST reads its first argument as the request.
@require_POST
def amendment_adopt(request: HttpRequest, page: ManifestPage, amendment_id: int) -> HttpResponse:
    amendment = _get(page, amendment_id)
    if not request.user.is_authenticated:
        return redirect_to_login(amendment.topic.get_absolute_url())
    try:
        version = amendments.check_adopt_amendment(request.user, amendment)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return HttpResponseRedirect(amendment.topic.get_absolute_url())
    messages.success(
        request,
        _("The proposal is adopted: version %(number)s of the manifest is published.")
        % {"number": version.number},
    )
    return HttpResponseRedirect(version.get_url(request))


@require_POST
def amendment_withdraw(request: HttpRequest, page: ManifestPage, amendment_id: int) -> HttpResponse:
    amendment = _get(page, amendment_id)
    if not request.user.is_authenticated:
        return redirect_to_login(amendment.topic.get_absolute_url())
    try:
        amendments.check_withdraw_amendment(request.user, amendment)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Your proposal has been withdrawn."))
    return HttpResponseRedirect(amendment.topic.get_absolute_url())


def amendment_panel(request: HttpRequest, topic) -> str:
    """The amendment's diff, state and actions at the top of its topic ("" for other topics).

    Whether a topic holds an amendment is kept with the bespreekpunt's fragments: an amendment
    is made together with its topic, a write that renews them. Other topics cost no query."""
    amendment_id = cached_fragment(
        topic.bespreekpunt_id,
        f"amendment:{topic.pk}",
        lambda: (
            Amendment.objects.filter(topic_id=topic.pk).values_list("pk", flat=True).first() or 0
        ),
        guards="decisions",
    )
    if not amendment_id:
        return ""
    amendment = (
        Amendment.objects.select_related(
            "page", "consent_round", "adopted_version", "proposer__profile"
        )
        .filter(pk=amendment_id, topic_id=topic.pk)
        .first()
    )
    if amendment is None:
        return ""
    page = amendment.page.specific
    amendment.page = page
    current = amendments.current_text(amendment, page)
    outdated = amendments.is_outdated(amendment, page)
    editor = is_editor(request.user)
    return render_to_string(
        "knowledge/includes/amendment_panel.html",
        {
            "amendment": amendment,
            "section_url": f"{page.get_url(request)}#{amendment.section_anchor}",
            "diff": word_diff(amendment.original_text, amendment.proposed_text),
            "outdated": outdated,
            "current_diff": word_diff(current or "", amendment.proposed_text) if outdated else "",
            "can_adopt": editor and amendment.status == Amendment.Status.OPEN,
            "adoption_problem": amendments.adoption_problem(amendment) if editor else None,
            "can_withdraw": amendment.status == Amendment.Status.OPEN
            and can_withdraw_amendment(request.user, amendment),
            "adopt_url": _manifest_url(page, request, "amendment_adopt", amendment_id=amendment.pk),
            "withdraw_url": _manifest_url(
                page, request, "amendment_withdraw", amendment_id=amendment.pk
            ),
            "list_url": _manifest_url(page, request, "amendments"),
        },
        request=request,
    )
