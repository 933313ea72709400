"""Where a member's topic page request spends its time: cProfile over the full Django stack.

    .venv/bin/python bench/profile_topic.py [requests]

Prepares the bench's site (bench.common.prepared_site, the demo topic grown to 100 posts by
bench_topic's PREPARE), then, in one process with the production settings, sends a member's
GET of page 1 through Django's test client: first repeat views, then each view after another
member's reaction (a first view of a changed page). Prints the functions with the most
cumulative time for each. In-process, so no server or client share the CPU with it.

Where the time goes, 2026-12-04 (SQLite, Redis, a quiet machine): a member's repeat view of
page 1 takes 8 ms in-process (it took 32 ms before the changes of this date), with 3 queries
(session, user, the reader's own state); a first view after another member's reaction 19 ms.
Shares of a repeat view, sampled with py-spy at 1000 Hz over the same loop of views (cProfile, what
this script prints, inflates the ORM and the template engine alike):

    template rendering            55%  the site shell and topic_detail.html; of the whole
                                       request: the reply form's widgets 10%, {% translate %}
                                       8%, the watch form 3%, {% static %} 3%
    user and session loading      16%  two queries and the session's decoding
    cache round trips             13%  9 per request: tokens, the member's groups, watches,
                                       unread count, admin access, daily visit
    topic_detail without template 19%  the reader's state (one plain query) 4%, the overlay 1%
                                       (from kept parts), polls 2%, shared posts 1%
    routing                        2%  kept per process (home.routing)

A first view of a changed page adds the post list's rebuild: the query of 50 posts with
authors and replied-to authors (~4 ms), their rendering from kept single posts (~2-3 ms), and
storing the page in Redis (~1 ms). The topic row, polls and amendment check stay kept after a
reaction (community.cache.REACTIONS_ONLY).
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
mine = [post for post in posts if post.author_id == bram.pk]
def reacted(i):
    actions.check_react(bram, posts[1 + i % 49], "heart")
def edited(i):
    actions.check_edit_post(bram, mine[i % len(mine)], body=f"Bewerkt ({i}).")
def replied(i):
    actions.check_create_post(bram, posts[0].topic, body=f"Een nieuwe bijdrage ({i}).")
for name, before in (
    ("repeat view", None),
    ("first view after a reaction", reacted),
    ("first view after an edit", edited),
    ("first view after a new post", replied),
):
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
