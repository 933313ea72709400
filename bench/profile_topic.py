"""Where a member's topic page request spends its time: cProfile over the full Django stack.

    .venv/bin/python bench/profile_topic.py [requests]

Prepares the bench's site (bench.common.prepared_site, the demo topic grown to 100 posts by
bench_topic's PREPARE), then, in one process with the production settings, sends a member's
GET of page 1 through Django's test client: first repeat views, then each view after another
member's reaction, edit of a post on the page, or new post (first views of a changed page).
Prints the functions with the most cumulative time for each. In-process, so no server or
client share the CPU with it.

Where the time goes, 2026-12-04 19:20 UTC (SQLite, Redis): without the profiler a member's
view of page 1 takes 7 ms when nothing changed (32 ms that morning), 13 ms after a reaction,
24 ms after an edit and 22 ms after a new post; cProfile, what this script prints, inflates
them to 17, 27, 46 and 24 ms alike. Shares of a repeat view, sampled with py-spy at 1000 Hz
over the same loop of views:

    template rendering            46%  the site shell and topic_detail.html; of the whole
                                       request: the watch form and the language switcher
                                       9%, {% translate %} 6%, {% static %} 3% (the blank
                                       reply form is rendered once per language)
    user and session loading      13%  two queries and the session's decoding
    cache round trips             13%  tokens (one round trip for all five), the member's
                                       groups, watches, unread count, admin access, visit
    topic_detail without template 22%  the reader's state (one plain query) 3%, the
                                       overlay 8% (from kept parts), polls, shared posts
    routing                        0%  kept per process (home.routing)

After a reaction a view reads the page's reactions (one query of two columns), renders the
liked post's reactions and lays the page together again from its kept frame (~1 ms); after an
edit it loads the page's 50 posts with their authors and replied-to authors (~4 ms), renders
the edited post and keeps the new frame in Redis (~0.5 ms); after a new post on a later page
it reads the topic's row again and keeps page 1's frame. Polls and consent rounds are read
again only after the writes that can change them (community.cache.GUARDS).
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
