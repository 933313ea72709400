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
        fields = [
            *("display_name", "institution", "role", "partnership", "region", "expertise"),
            *("bio", "directory_listing", "email_frequency", "language"),
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "directory_listing": _(
                "Who may find you in the member directory, which only logged-in members see. "
                "It never shows your email address."
            ),
            "expertise": _("Separate topics with commas."),
            "email_frequency": _(
                "Whether and when notifications (replies, mentions, …) reach you by email."
            ),
            "language": _("The language of the emails you get from the site."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Left out of a post, these settings keep their current value.
        for name in ("email_frequency", "language", "directory_listing"):
            self.fields[name].required = False

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Fill in the name other members will see."))
        return name

    def clean_email_frequency(self) -> str:
        return self.cleaned_data["email_frequency"] or self.instance.email_frequency

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.instance.language

    def clean_directory_listing(self) -> str:
        return self.cleaned_data["directory_listing"] or self.instance.directory_listing


class TopicForm(forms.Form):
    """Starting a topic. Limits are checked again by the actions; the form keeps the text."""

    title = forms.CharField(label=_("Title"), max_length=400, strip=False)
    body = forms.CharField(
        label=_("Your post"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "data-mentions": "", "data-draft": ""}),
        help_text=_("Markdown works: **bold**, _italic_, > quote, lists, tables. @name mentions."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=300,
        help_text=_("Optional; separate with commas."),
    )

    def clean_tags(self) -> list[str]:
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()][:8]


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8, "data-mentions": "", "data-draft": ""}),
        help_text=_("Markdown works: **bold**, _italic_, > quote, lists, tables. @name mentions."),
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


def apply_errors(form: forms.Form, error) -> None:
    """Shows an action's ValidationError on the form fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class PollForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=300)
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option per line; at least two."),
    )
    multiple = forms.BooleanField(label=_("Members may choose several options"), required=False)
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        help_text=_("Optional; without it the poll stays open until you close it."),
    )
    results = forms.ChoiceField(
        label=_("Results"),
        choices=[
            ("public", _("Visible while members vote")),
            ("after", _("Visible only after the poll has closed")),
        ],
        initial="public",
    )

    def option_lines(self) -> list[str]:
        return self.cleaned_data["options"].splitlines()


class ConsentRoundForm(forms.Form):
    proposal = forms.CharField(
        label=_("Proposal"),
        max_length=300,
        help_text=_("What the members are asked to consent to, in one sentence."),
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        min_value=1,
        max_value=500,
        initial=3,
        help_text=_("How many members must consent; any objection that stands blocks."),
    )
