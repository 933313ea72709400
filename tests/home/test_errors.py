import pytest
from django.test import Client


@pytest.mark.parametrize(
    ("path", "lang", "text"),
    [
        ("/nl/bestaat-niet/", "nl", "Pagina niet gevonden"),
        ("/en/does-not-exist/", "en", "Page not found"),
    ],
)
def test_unknown_url_gets_friendly_404_in_the_visitors_language(
    client, home_page, path, lang, text
):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{text}</h1>" in html
    assert 'class="main-nav"' in html


def test_server_error_gets_friendly_500_page(home_page, settings, monkeypatch):
    import home.models

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(home.models.HomePage, "get_context", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/nl/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "boom" not in html


@pytest.mark.parametrize("error", ["OperationalError", "InterfaceError"])
def test_an_unreachable_database_gets_a_friendly_503_page(home_page, monkeypatch, error):
    import django.db

    import home.models

    def unreachable(*args, **kwargs):
        raise getattr(django.db, error)("connection refused")

    monkeypatch.setattr(home.models.HomePage, "get_context", unreachable)
    client = Client(raise_request_exception=False)
    response = client.get("/nl/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "<h1>Even niet bereikbaar</h1>" in html
    assert "database nu niet bereiken" in html
    assert "connection refused" not in html
