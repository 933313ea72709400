"""Wagtail's routes kept per process (home.routing) follow every page change at once."""

from django.test import Client


def test_a_renamed_or_unpublished_page_is_routed_anew(bespreekpunt, member):
    reader = Client()
    reader.force_login(member)
    old_url = bespreekpunt.url
    assert reader.get(old_url).status_code == 200
    bespreekpunt.slug = "flexibele-leerroutes"
    bespreekpunt.save_revision().publish()
    assert reader.get(old_url).status_code == 404
    new_url = type(bespreekpunt).objects.get(pk=bespreekpunt.pk).url
    assert new_url != old_url and reader.get(new_url).status_code == 200
    bespreekpunt.unpublish()
    assert reader.get(new_url).status_code == 404


def test_a_page_saved_by_code_is_routed_anew(bespreekpunt, member):
    reader = Client()
    reader.force_login(member)  # past the anonymous page cache, which keys on publishing
    assert reader.get(bespreekpunt.url).status_code == 200
    old_url = bespreekpunt.url
    bespreekpunt.slug = "hernoemd"
    bespreekpunt.save()  # no publish signal: the page save itself renews the shell's version
    assert reader.get(old_url).status_code == 404
    moved = type(bespreekpunt).objects.get(pk=bespreekpunt.pk).url
    assert reader.get(moved).status_code == 200
