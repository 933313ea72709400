"""A member's own data: download it as JSON, or delete the account (community/privacy.py)."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from community.privacy import check_erase_member, export_member_data


class EraseForm(forms.Form):
    confirmation = forms.CharField(
        label=gettext_lazy("Your email address or password"),
        help_text=gettext_lazy("Type it to confirm that you want to delete your account."),
        max_length=256,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "community/privacy/my_data.html")


@login_required
@require_GET
def export_data(request: HttpRequest) -> HttpResponse:
    data = export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"flexibel-opleiden-{request.user.pk}-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation; only a confirmed POST erases (and logs out)."""
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_erase_member(
                request.user, request.user, confirmation=form.cleaned_data["confirmation"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            return redirect("community:account_erased")
    if form.errors:
        messages.error(request, _("Your account has not been deleted."))
    return render(request, "community/privacy/erase.html", {"form": form})


@require_GET
def account_erased(request: HttpRequest) -> HttpResponse:
    return render(request, "community/privacy/erased.html")
