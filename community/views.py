from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from community.actions import check_update_profile, get_or_create_profile
from community.forms import ProfileForm
from community.models import Profile


def profile(request: HttpRequest, username: str) -> HttpResponse:
    member = get_object_or_404(
        Profile.objects.select_related("user").prefetch_related("expertise"),
        user__username=username,
        user__is_active=True,
    )
    return render(request, "community/profile.html", {"member": member})


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    own = get_or_create_profile(request.user)
    form = ProfileForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_update_profile(request.user, own, **data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("community:profile_edit")
    return render(request, "community/profile_edit.html", {"form": form, "member": own})
