"""Elasticsearch unreachable, then back (search's own tests: tests/search/test_elasticsearch.py).

The site (uvicorn, production settings) is told to use an Elasticsearch on a port where nothing
listens. Members post; search answers from the database and says so; every update waits in
the database. Then a stand-in answers on that port as Elasticsearch would (none can be
installed here), and the next update sends everything that waited.
"""

import httpx
import pytest

from search.models import SearchDocument
from tests.faults.load import TOKEN
from tests.faults.servers import (
    ElasticsearchStandIn,
    free_port,
    run_in_site,
    site_env,
    start_site,
)

pytestmark = pytest.mark.faults

ROWS = SearchDocument._meta.db_table


def test_search_answers_from_the_database_and_missed_updates_follow(
    fault_postgres, fault_database, workdir, fault_report
):
    port = free_port()
    data = run_in_site(site_env(workdir, fault_database), "site.members_and_topic(2)")
    env = site_env(
        workdir,
        fault_database,
        ELASTICSEARCH_URL=f"http://127.0.0.1:{port}",
        # Index updates run in the web process after each commit (no worker needed here).
        TASKS_BACKEND="immediate",
    )
    site, base_url = start_site(env, workdir)
    stand_in = ElasticsearchStandIn(port)
    db_name = fault_database.rsplit("/", 1)[1]
    member = httpx.Client(
        base_url=base_url,
        cookies={"sessionid": data["sessions"][0], "csrftoken": TOKEN},
        headers={"Origin": base_url},
        timeout=30,
    )

    def post(body: str) -> None:
        response = member.post(data["reply"], data={"body": body, "csrfmiddlewaretoken": TOKEN})
        assert response.status_code == 302, response.text[:300]

    try:
        words = ["kwaliteitskader", "werkplekleren", "inductiefase"]
        for word in words:
            post(f"Een bericht over het {word} tijdens de storing")
        answers = [httpx.get(f"{base_url}/nl/zoeken/", params={"q": w}, timeout=30) for w in words]
        pending = set(
            fault_postgres.column(
                db_name, f"SELECT key FROM {ROWS} WHERE es_pending AND key LIKE 'post:%%'"
            )
        )
        stand_in.start()
        post("Een bericht nadat de zoekdienst terug is")
        left = fault_postgres.scalar(db_name, f"SELECT COUNT(*) FROM {ROWS} WHERE es_pending")
    finally:
        member.close()
        site.stop()
        stand_in.stop()

    found = [w for w, a in zip(words, answers, strict=True) if a.status_code == 200 and w in a.text]
    said_so = [a for a in answers if "zoekdienst is niet bereikbaar" in a.text]
    fault_report.add("Elasticsearch", "unreachable (connection refused), then back")
    fault_report.add("posts written while it was away", len(words))
    fault_report.add("searches answered from the database", f"{len(found)} of {len(words)}")
    fault_report.add("  saying so", f"{len(said_so)} of {len(words)}")
    fault_report.add("post rows waiting for Elasticsearch", len(pending))
    fault_report.add("sent when it was back", len(pending & set(stand_in.indexed)))
    fault_report.add("still waiting afterwards", left)
    fault_report.add("lost", len(pending - set(stand_in.indexed)))

    assert found == words
    assert len(said_so) == len(words)
    assert len(pending) >= len(words)
    assert pending <= set(stand_in.indexed)
    assert left == 0
