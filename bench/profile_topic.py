"""Where a member's topic page request spends its time: cProfile over the full Django stack.

    .venv/bin/python bench/profile_topic.py [requests]

Prepares the bench's site (bench.common.prepared_site, the demo topic grown to 100 posts by
bench_topic's PREPARE), then, in one process with the production settings, sends a member's
GET of page 1 through Django's test client: first repeat views, then each view after another
member's reaction (a first view of a changed page). Prints the functions with the most
cumulative time for each. In-process, so no server or client share the CPU with it.

Where the time went, 2026-12-03 16:08 UTC (load average 3-5 from other work, SQLite, the local
memory cache; cProfile roughly doubles ORM time, so read the shares, not the totals):

    repeat view                   131 ms per request, 13 queries
      Wagtail routing              19 ms  route_for_request: locale, 4 page rows, .specific
      session and user              4 ms  two queries
      topic_detail                 80 ms
        topic_decisions            20 ms  the demo topic's poll and consent round (4-5 queries)
        reader_posts               20 ms  the member's bookmarks and pending posts (1 query)
        _load_topic                16 ms  topic, tags, read marker, draft, has-decisions (1 query)
        topic_panels               11 ms  other apps' panels (the manifest amendment provider)
        overlay                     9 ms  ~800 slots of 50 posts
        shared_page                 2 ms  the post list from the cache
      the rest                    ~28 ms  site shell template, middleware, response
    first view of a changed page  137 ms per request
        shared_page                34 ms  the 50 posts' query (~21 ms) and rendering (~13 ms, 49
                                          of 50 posts from the per-process renderings)

So after the shared rendering the post list is no longer where a member's time goes: the ORM
is (query building and row loading in topic, decisions, reader rows and Wagtail's routing).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_topic import PREPARE, TOPIC  # noqa: E402
from bench.common import prepared_site  # noqa: E402

PROFILE = """
import cProfile, pstats, time
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from community import actions
from community.models import Post
User = get_user_model()
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="anouk"))
bram = User.objects.get(username="bram")
posts = list(Post.objects.filter(topic__slug="hoe-formuleer-je-een-goede-leeruitkomst",
                                 number__lte=50).order_by("number"))
for _ in range(5):
    client.get("TOPIC_URL")
def changed(i):
    actions.check_react(bram, posts[1 + i % 49], "heart")
for name, before in (("repeat view", None), ("first view of a changed page", changed)):
    profile = cProfile.Profile()
    spent = 0.0
    for i in range(REQUESTS):
        if before:
            before(i)
        started = time.perf_counter()
        profile.enable()
        response = client.get("TOPIC_URL")
        profile.disable()
        spent += time.perf_counter() - started
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get("TOPIC_URL")
    print(f"== {name}: {spent / REQUESTS * 1000:.1f} ms per request, {len(captured)} queries")
    stats = pstats.Stats(profile).sort_stats("cumulative")
    ours = r"/(community|home|config)/|wagtail/(views|models|query)|sessions|auth/"
    stats.print_stats(ours, 40)
"""


def main() -> None:
    requests = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as workdir:
        env = prepared_site(Path(workdir))
        for script in (
            PREPARE,
            PROFILE.replace("TOPIC_URL", TOPIC).replace("REQUESTS", str(requests)),
        ):
            done = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, text=True
            )
            if done.returncode:
                sys.exit(done.returncode)


if __name__ == "__main__":
    main()
