"""The member directory (vind elkaar): who appears, what each listing shows, filters, search."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from community.actions import check_update_profile, do_create_post, do_create_topic
from community.models import DirectoryTerm, Profile
from community.privacy import do_erase_member
from events.models import EventIndexPage, EventPage, Registration
from tests.factories import make_member

FULL = Profile.Listing.FULL
HIDDEN = Profile.Listing.HIDDEN


def directory_url(**query) -> str:
    with translation.override("nl"):
        url = reverse("member_directory")
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def listed(username: str, *, expertise=(), listing=Profile.Listing.BASIC, **fields):
    user = make_member(username, **fields)
    check_update_profile(user, user.profile, expertise=list(expertise), directory_listing=listing)
    return user


@pytest.fixture
def viewer(client, member):
    client.force_login(member)
    return member


@pytest.fixture
def colleagues(db):
    return {
        "fatima": listed(
            "fatima",
            display_name="Fátima El Amrani",
            institution="Lerarenopleiding Rijnland",
            role="institute",
            partnership="Partnerschap Rijnland Opleidt",
            region="Zuid-Holland",
            expertise=["zij-instroom", "opleidingsvarianten"],
            listing=FULL,
        ),
        "bram": listed(
            "bram",
            display_name="Bram Visser",
            institution="OSG De Brug",
            role="school",
            partnership="Partnerschap Rijnland Opleidt",
            region="Zuid-Holland",
            expertise=["werkplekleren", "zij-instroom"],
        ),
        "nina": listed(
            "nina",
            display_name="Nina Verbeek",
            institution="Lerarenopleiding Rijnland",
            expertise=["zij-instroom"],
            listing=HIDDEN,
        ),
    }


def names(response) -> list[str]:
    return [entry.profile.display_name for entry in response.context["entries"]]


def test_anonymous_visitors_get_the_login_page(client, home_page):
    response = client.get(directory_url(), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("account_login"))
    assert 'name="password"' in response.content.decode()
    assert "Fátima" not in response.content.decode()


@pytest.mark.django_db
def test_lists_listed_members_by_name_and_never_the_unlisted(client, home_page, viewer, colleagues):
    response = client.get(directory_url())
    assert response.status_code == 200
    assert names(response) == ["Bram Visser", "Fátima El Amrani", "Marieke de Vries"]
    html = response.content.decode()
    assert "Nina Verbeek" not in html
    assert "@example.org" not in html  # never an email address


@pytest.mark.parametrize(
    "query",
    [
        {"q": "nina"},
        {"q": "zij-instroom"},
        {"institution": "Lerarenopleiding Rijnland"},
        {"expertise": "zij-instroom"},
    ],
)
@pytest.mark.django_db
def test_an_unlisted_member_never_appears_whatever_the_search(
    client, home_page, viewer, colleagues, query
):
    response = client.get(directory_url(**query))
    assert "Nina Verbeek" not in response.content.decode()


@pytest.mark.django_db
def test_erased_and_deactivated_members_are_not_listed(client, home_page, viewer, colleagues):
    do_erase_member(colleagues["bram"])
    colleagues["fatima"].is_active = False
    colleagues["fatima"].save()
    response = client.get(directory_url())
    assert names(response) == ["Marieke de Vries"]
    assert not DirectoryTerm.objects.filter(profile__user=colleagues["bram"]).exists()


@pytest.mark.django_db
def test_basic_listing_shows_name_institution_and_expertise_only(
    client, home_page, viewer, colleagues
):
    page = client.get(directory_url(q="bram")).content.decode()
    results = page.split('id="directory-results"')[1]
    assert "Bram Visser" in results and "OSG De Brug" in results and "werkplekleren" in results
    for hidden in ("Zuid-Holland", "Partnerschap Rijnland Opleidt", "school", "@example.org"):
        assert hidden not in results


def test_the_profile_page_keeps_role_and_partnership_to_a_whole_listing(
    client, home_page, viewer, colleagues, moderator
):
    def shown(username: str) -> bool:
        html = client.get(reverse("community:profile", args=[username])).content.decode()
        return "Partnerschap Rijnland Opleidt" in html

    assert shown("fatima") and not shown("bram")
    client.logout()
    assert shown("fatima") and not shown("bram")
    for who in (colleagues["bram"], moderator):  # the member themself and a moderator
        client.force_login(who)
        assert shown("bram")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "fatima"}, ["Fátima El Amrani"]),  # accents folded
        ({"q": "vis"}, ["Bram Visser"]),  # a prefix
        ({"q": "zij-instroom"}, ["Bram Visser", "Fátima El Amrani"]),
        ({"q": "zijinstroom"}, ["Bram Visser", "Fátima El Amrani"]),
        ({"q": "instroom"}, ["Bram Visser", "Fátima El Amrani"]),
        ({"q": "zij instroom amrani"}, ["Fátima El Amrani"]),  # every word must match
        ({"q": "werkplek"}, ["Bram Visser"]),
        ({"q": "onbekend"}, []),
        ({"institution": "Lerarenopleiding Rijnland"}, ["Fátima El Amrani"]),
        ({"expertise": "werkplekleren"}, ["Bram Visser"]),
        ({"expertise": "zij-instroom", "q": "bram"}, ["Bram Visser"]),
        # Role, partnership and region find only members who list their whole profile.
        ({"partnership": "Partnerschap Rijnland Opleidt"}, ["Fátima El Amrani"]),
        ({"region": "Zuid-Holland"}, ["Fátima El Amrani"]),
        ({"role": "institute"}, ["Fátima El Amrani"]),
        ({"role": "school"}, []),
    ],
)
@pytest.mark.django_db
def test_filters_and_search(client, home_page, viewer, colleagues, query, expected):
    response = client.get(directory_url(**query))
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.django_db
def test_filter_choices_come_from_listed_members_and_follow_changes(
    client, home_page, viewer, colleagues
):
    form = client.get(directory_url()).context["form"]
    assert [value for value, _ in form.fields["institution"].choices] == [
        "",
        "Hogeschool Utrecht",
        "Lerarenopleiding Rijnland",
        "OSG De Brug",
    ]
    # Bram's partnership is not shown, so it is no choice either; only Fátima's full profile's.
    assert [v for v, _ in form.fields["partnership"].choices] == [
        "",
        "Partnerschap Rijnland Opleidt",
    ]
    assert "werkplekleren" in [v for v, _ in form.fields["expertise"].choices]
    check_update_profile(
        colleagues["bram"], colleagues["bram"].profile, region="Utrecht", directory_listing=FULL
    )
    form = client.get(directory_url()).context["form"]
    assert [v for v, _ in form.fields["region"].choices] == ["", "Utrecht", "Zuid-Holland"]


@pytest.mark.django_db
def test_an_unknown_filter_value_says_so_and_lists_nobody(client, home_page, viewer, colleagues):
    response = client.get(directory_url(region="Atlantis"))
    assert response.status_code == 200
    assert names(response) == []
    assert "Atlantis" in response.content.decode()  # the error names the choice


@pytest.mark.django_db
def test_renaming_updates_the_search_words(client, home_page, viewer, colleagues):
    bram = colleagues["bram"]
    check_update_profile(bram, bram.profile, display_name="Abraham Visser", expertise=["mbo"])
    assert names(client.get(directory_url(q="abraham"))) == ["Abraham Visser"]
    assert names(client.get(directory_url(q="werkplekleren"))) == []
    assert names(client.get(directory_url(q="mbo"))) == ["Abraham Visser"]


@pytest.mark.django_db
def test_whole_profile_shows_recent_topics_and_sessions_attended(
    client, home_page, bespreekpunt, viewer, colleagues
):
    fatima = colleagues["fatima"]
    for n in range(4):
        do_create_topic(fatima, bespreekpunt, title=f"Vraag {n} over zij-instroom", body="Wie?")
    do_create_topic(colleagues["bram"], bespreekpunt, title="Bram zijn vraag", body="Hoe?")
    agenda = home_page.add_child(instance=EventIndexPage(title="Agenda", slug="agenda"))
    start = timezone.now() - timedelta(days=30)
    studiedag = agenda.add_child(
        instance=EventPage(
            title="Studiedag opleidingsvarianten",
            slug="studiedag",
            kind=EventPage.Kind.STUDIEDAG,
            start=start,
            end=start + timedelta(hours=6),
        )
    )
    registered = agenda.add_child(
        instance=EventPage(
            title="Werksessie zonder check-in",
            slug="werksessie",
            kind=EventPage.Kind.WERKSESSIE,
            start=start,
            end=start + timedelta(hours=2),
        )
    )
    for event, checked_in in ((studiedag, start), (registered, None)):
        for user in (fatima, colleagues["bram"]):
            Registration.objects.create(
                event=event,
                user=user,
                name=user.profile.display_name,
                email=user.email,
                status=Registration.Status.CONFIRMED,
                checked_in_at=checked_in,
            )
    html = client.get(directory_url(q="fatima")).content.decode()
    assert "Vraag 3 over zij-instroom" in html and "Vraag 1 over zij-instroom" in html
    assert "Vraag 0 over zij-instroom" not in html  # the three newest
    assert "Studiedag opleidingsvarianten" in html
    assert "Werksessie zonder check-in" not in html  # registered is not attended
    html = client.get(directory_url(q="bram")).content.decode()
    assert "Bram zijn vraag" not in html and "Studiedag" not in html  # basic listing


@pytest.mark.django_db
def test_pages_of_twenty_in_a_fixed_number_of_queries(
    client, home_page, bespreekpunt, viewer, colleagues
):
    for n in range(45):
        user = listed(
            f"lid{n:02d}",
            display_name=f"Collega {n:02d}",
            expertise=["coaching", f"thema{n}"],
            listing=FULL if n % 2 else Profile.Listing.BASIC,
        )
        if n % 5 == 0:
            do_create_post(
                user, do_create_topic(user, bespreekpunt, title=f"T{n}", body="x"), body="y"
            )
    client.get(directory_url(expertise="coaching"))  # filter choices cached from here on
    with CaptureQueriesContext(connection) as first:
        response = client.get(directory_url(expertise="coaching"))
    assert response.context["page_obj"].paginator.count == 45
    assert len(response.context["entries"]) == 20
    with CaptureQueriesContext(connection) as last:
        response = client.get(directory_url(expertise="coaching", page=3))
    assert names(response) == [f"Collega {n}" for n in range(40, 45)]
    assert len(first) == len(last) <= 10
    assert 'rel="prev"' in response.content.decode()
    assert "expertise=coaching&amp;page=2" in response.content.decode()


@pytest.mark.django_db
def test_the_profile_form_sets_the_listing(client, home_page, viewer):
    with translation.override("nl"):
        url = reverse("community:profile_edit")
    page = client.get(url).content.decode()
    assert "Listed with my name, institution and expertise" in page or "vermeld" in page
    response = client.post(
        url,
        {"display_name": "Marieke de Vries", "region": "Utrecht", "directory_listing": "hidden"},
    )
    assert response.status_code == 302
    viewer.profile.refresh_from_db()
    assert viewer.profile.directory_listing == HIDDEN
    assert viewer.profile.region == "Utrecht"
    assert names(client.get(directory_url())) == []
