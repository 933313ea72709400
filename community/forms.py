from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from community.models import Profile


class SignupProfileForm(forms.Form):
    """Extra sign-up fields; allauth calls `signup` once the account exists."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("The name other members see, for example your first and last name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Fill in the name other members will see."))
        return name

    def signup(self, request: HttpRequest, user) -> None:
        from community.actions import do_create_profile

        do_create_profile(
            user,
            display_name=self.cleaned_data["display_name"],
            institution=self.cleaned_data.get("institution", ""),
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "institution", "role", "partnership", "expertise", "bio"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"expertise": _("Separate topics with commas.")}

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Fill in the name other members will see."))
        return name
