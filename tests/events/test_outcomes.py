"""Session outcomes: shown on the event, collected per bespreekpunt, announced to participants."""

from django.core import mail

from events import actions
from events.models import OutcomePage
from events.selectors import outcomes_for_bespreekpunt


def make_outcome(event, bespreekpunt, **fields):
    outcome = OutcomePage(
        title="Opbrengsten",
        slug="opbrengsten",
        body=[
            (
                "bespreekpunt",
                {
                    "bespreekpunt": bespreekpunt,
                    "insights": ["Leeruitkomsten geven ruimte"],
                    "open_questions": ["Wie toetst?"],
                    "agreements": [],
                    "advice": [],
                    "quotes": [{"text": "Begin klein", "speaker": "Anouk"}],
                },
            )
        ],
        scribes="Lotte",
        **fields,
    )
    event.add_child(instance=outcome)
    outcome.save_revision().publish()
    return outcome


def test_outcome_is_shown_on_the_event_and_its_bespreekpunt(client, event, bespreekpunt):
    outcome = make_outcome(event, bespreekpunt)
    html = client.get(event.url).content.decode()
    assert "Opbrengsten" in html and outcome.url in html
    page = client.get(outcome.url).content.decode()
    assert "Leeruitkomsten geven ruimte" in page and "Anouk" in page and "Lotte" in page
    assert [o.pk for o in outcomes_for_bespreekpunt(bespreekpunt)] == [outcome.pk]


def test_no_names_mode_hides_speakers_and_scribes(client, event, bespreekpunt):
    outcome = make_outcome(event, bespreekpunt, no_names=True)
    html = client.get(outcome.url).content.decode()
    assert "Begin klein" in html
    assert "Anouk" not in html and "Lotte" not in html


def test_outcomes_selector_query_count(event, bespreekpunt, django_assert_num_queries):
    make_outcome(event, bespreekpunt)
    with django_assert_num_queries(3):
        outcomes = outcomes_for_bespreekpunt(bespreekpunt)
    assert outcomes[0].event.pk == event.pk


def test_participants_hear_once_when_outcomes_are_published(event, bespreekpunt, member):
    actions.check_register_member(member, event)
    mail.outbox.clear()
    outcome = make_outcome(event, bespreekpunt)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "opbrengsten" in mail.outbox[0].subject.lower()
    outcome.save_revision().publish()
    assert len(mail.outbox) == 1


def test_bespreekpunt_outcomes_template_tag(event, bespreekpunt):
    from django.template import Context, Template

    make_outcome(event, bespreekpunt)
    html = Template("{% load events_tags %}{% bespreekpunt_outcomes page %}").render(
        Context({"page": bespreekpunt})
    )
    assert "Opbrengsten van bijeenkomsten" in html or "Outcomes of sessions" in html
    assert event.title in html
