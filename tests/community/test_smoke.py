from community import actions


def test_topic_page_renders(client, topic, other_member):
    actions.check_create_post(other_member, topic, body="Een antwoord aan @marieke", reply_to=1)
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200, response.content[:3000]
    html = response.content.decode()
    assert "Een antwoord" in html
    assert 'href="/nl/leden/marieke/"' in html or "/nl/members/marieke/" in html
    client.force_login(other_member)
    response = client.get(topic.bespreekpunt.url)
    assert response.status_code == 200
    assert "Leeruitkomsten in de pabo" in response.content.decode()
