"""Registration forms: the optional questions of an event, plus name and email for guests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from events.selectors import event_bespreekpunten


class RegistrationForm(forms.Form):
    """Only the questions the event asks are present; guests also give who they are."""

    name = forms.CharField(label=_("Name"), max_length=160)
    email = forms.EmailField(label=_("Email address"), max_length=254)
    institution = forms.CharField(label=_("Institution"), max_length=160, required=False)
    dietary_needs = forms.CharField(
        label=_("Dietary needs"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    bespreekpunt = forms.TypedChoiceField(
        label=_("Which bespreekpunt do you want to work on?"), coerce=int, required=False
    )

    def __init__(self, *args, event: EventPage, guest: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not guest:
            for name in ("name", "email", "institution"):
                del self.fields[name]
        if not event.ask_dietary_needs:
            del self.fields["dietary_needs"]
        if not event.ask_accessibility_needs:
            del self.fields["accessibility_needs"]
        if event.ask_bespreekpunt:
            self.bespreekpunten = {page.pk: page.title for page in event_bespreekpunten(event)}
            field = self.fields["bespreekpunt"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [
                ("", _("No preference")),
                *self.bespreekpunten.items(),
            ]
        else:
            del self.fields["bespreekpunt"]

    def answers(self) -> dict:
        """The answers as stored on the registration: readable without the pages."""
        data = self.cleaned_data
        answers = {}
        for name in ("dietary_needs", "accessibility_needs"):
            if data.get(name):
                answers[name] = data[name].strip()
        if data.get("bespreekpunt"):
            answers["bespreekpunt"] = self.bespreekpunten[data["bespreekpunt"]]
        return answers
