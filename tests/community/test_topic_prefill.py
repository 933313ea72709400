from urllib.parse import urlencode

from community import actions


def new_topic_url(bespreekpunt, **query) -> str:
    url = bespreekpunt.url + bespreekpunt.reverse_subpage("new_topic")
    return f"{url}?{urlencode(query)}" if query else url


def test_a_link_can_suggest_title_and_body(client, bespreekpunt, member):
    client.force_login(member)
    html = client.get(
        new_topic_url(bespreekpunt, title="Visie", body="Over [Visie](https://x.example/#visie)")
    ).content.decode()
    assert 'value="Visie"' in html
    assert "Over [Visie](https://x.example/#visie)" in html


def test_a_saved_draft_wins_over_the_suggestion(client, bespreekpunt, member):
    actions.save_draft(member, f"topic:{bespreekpunt.pk}", title="Mijn concept", body="Half af")
    client.force_login(member)
    html = client.get(new_topic_url(bespreekpunt, title="Visie", body="Voorstel")).content.decode()
    assert 'value="Mijn concept"' in html
    assert "Voorstel" not in html
