"""The site shell (navigation, language links, settings, userbar) is cached, never stale."""

from community.models import BespreekpuntIndexPage
from home.models import SiteSettings


def _html(client, url: str) -> str:
    return client.get(url).content.decode()


def test_navigation_follows_publishing(client, home_page):
    assert "/nl/bespreekpunten/" not in _html(client, "/nl/")
    index = home_page.add_child(
        instance=BespreekpuntIndexPage(title="Bespreekpunten", slug="bespreekpunten")
    )
    assert 'href="/nl/bespreekpunten/"' in _html(client, "/nl/")
    index.unpublish()
    assert 'href="/nl/bespreekpunten/"' not in _html(client, "/nl/")


def test_language_links_follow_translation(client, home_page, locales):
    index = home_page.add_child(
        instance=BespreekpuntIndexPage(title="Bespreekpunten", slug="bespreekpunten")
    )
    # No English translation yet: the English link falls back to the English home page.
    assert 'href="/en/"' in _html(client, "/nl/bespreekpunten/")
    english = index.copy_for_translation(locales["en"])
    english.title, english.slug = "Discussion points", "discussion-points"
    english.save_revision().publish()
    assert 'href="/en/discussion-points/"' in _html(client, "/nl/bespreekpunten/")


def test_site_settings_changes_show_at_once(client, home_page):
    _html(client, "/nl/")
    settings = SiteSettings.for_site(home_page.get_site())
    settings.footer_text = "Samen opleiden, samen leren"
    settings.save()
    assert "Samen opleiden, samen leren" in _html(client, "/nl/")


def test_userbar_only_for_who_can_use_the_admin(client, home_page, member, editor):
    client.force_login(member)
    assert "wagtail-userbar" not in _html(client, "/nl/")
    client.force_login(editor)
    assert "wagtail-userbar" in _html(client, "/nl/")
