import re

import pytest
from django.urls import reverse
from django.utils import translation

from community.models import BespreekpuntIndexPage


def switcher_links(html: str) -> dict[str, str]:
    """Language code -> link of the language switcher (the current language has no link)."""
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {lang: href for href, lang in re.findall(r'href="([^"]+)" hreflang="(\w+)"', nav)}


@pytest.fixture
def translated_index(home_page, locales):
    index = home_page.add_child(
        instance=BespreekpuntIndexPage(title="Bespreekpunten", slug="bespreekpunten")
    )
    english = index.copy_for_translation(locales["en"])
    english.title = "Discussion points"
    english.slug = "discussion-points"
    english.save_revision().publish()
    return index


def test_switcher_keeps_the_page_when_it_is_translated(client, translated_index):
    html = client.get("/nl/bespreekpunten/").content.decode()
    assert switcher_links(html) == {"en": "/en/discussion-points/"}
    html = client.get("/en/discussion-points/").content.decode()
    assert switcher_links(html) == {"nl": "/nl/bespreekpunten/"}


def test_switcher_falls_back_to_the_home_page_without_translation(client, home_page):
    home_page.add_child(instance=BespreekpuntIndexPage(title="Alleen NL", slug="alleen-nl"))
    html = client.get("/nl/alleen-nl/").content.decode()
    assert switcher_links(html) == {"en": "/en/"}


def test_switcher_on_a_view_keeps_the_view_with_translated_url(client, home_page):
    with translation.override("nl"):
        dutch = reverse("search:search")
    with translation.override("en"):
        english = reverse("search:search")
    assert (dutch, english) == ("/nl/zoeken/", "/en/search/")
    html = client.get(dutch).content.decode()
    assert switcher_links(html) == {"en": english}


@pytest.mark.parametrize(
    ("path", "title"),
    [("/nl/", "Flexibel Opleiden"), ("/en/", "Flexible Teacher Education")],
)
def test_each_language_has_its_own_home_page(client, home_page, path, title):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<h1 id="home-title">{title}</h1>' in response.content.decode()


def test_an_address_in_the_other_languages_words_redirects_to_this_ones(client, home_page):
    # A Dutch browser that follows an English link to the login page ends on the Dutch one.
    response = client.get("/accounts/login/?next=/nl/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302 and response["Location"] == "/nl/accounts/login/?next=/nl/"
    response = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 301 and response["Location"] == "/nl/account/login/?next=/nl/"
    assert client.get(response["Location"]).status_code == 200
    response = client.get("/en/leden/")
    assert response.status_code == 301 and response["Location"] == "/en/members/"


def test_an_unknown_address_stays_not_found(client, home_page):
    for path in ("/nl/accounts/bestaat-niet/", "/nl/bestaat-niet/", "/en/account/nope/"):
        assert client.get(path).status_code == 404, path
    # A form sent to the other language's words is not redirected (a redirect loses the body).
    assert client.post("/nl/accounts/login/").status_code == 404
