import pytest


@pytest.mark.parametrize("language", ["nl", "en"])
def test_home_page_answers_in_both_languages(client, home_page, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_root_redirects_to_dutch(client, home_page):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_empty_home_page_shows_friendly_empty_states(client, home_page):
    html = client.get("/nl/").content.decode()
    assert "empty-state" in html
