from datetime import time

from community.links import links_for


def test_bespreekpunt_page_links_to_its_events(client, make_event, bespreekpunt):
    event = make_event(
        title="Werksessie leeruitkomsten",
        programme=[
            ("slot", {"start": time(13), "title": "Ervaringen delen", "bespreekpunt": bespreekpunt})
        ],
    )
    links = links_for(bespreekpunt)
    assert [(link.kind, link.url) for link in links] == [("event", event.url)]
    assert "Bijeenkomst: Werksessie leeruitkomsten" in client.get(bespreekpunt.url).content.decode()


def test_bespreekpunt_without_events_has_no_event_links(make_event, bespreekpunt):
    make_event(title="Iets anders")
    assert [link for link in links_for(bespreekpunt) if link.kind == "event"] == []
