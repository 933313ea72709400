"""Template tags other apps' templates may use without importing the events app in Python."""

from django import template

from events.selectors import outcomes_for_bespreekpunt

register = template.Library()


@register.inclusion_tag("events/includes/bespreekpunt_outcomes.html")
def bespreekpunt_outcomes(page):
    """The outcomes of sessions about this bespreekpunt: `{% bespreekpunt_outcomes page %}`."""
    return {"outcomes": outcomes_for_bespreekpunt(page)}
