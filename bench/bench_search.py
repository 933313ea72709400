"""Search at scale: 100,000 posts and 2,000 pages; p50 and p95 of 200 mixed queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/run.py search

The demo site gets BENCH_SEARCH_PAGES knowledge articles and BENCH_SEARCH_POSTS posts (in topics
of 50) written from a field vocabulary, `rebuild_search_index` indexes them, and the 200 queries
(words, pairs, phrases, exclusions, type/year/bespreekpunt filters, filters alone) are sent one
at a time to the running server, so each latency is one member's wait. Goal: p95 under 50 ms.
"""

import os
import random
import subprocess
import sys
import time
from urllib.parse import urlencode

import httpx

from bench.common import (
    ROOT,
    BenchError,
    LoadResult,
    Report,
    manage,
    percentile,
    prepared_site,
    serve,
)

POSTS = int(os.environ.get("BENCH_SEARCH_POSTS", "100000"))
PAGES = int(os.environ.get("BENCH_SEARCH_PAGES", "2000"))
POSTS_PER_TOPIC = 50
QUERIES = 200
FIELD_WORDS = (
    "leeruitkomsten opleidingsvarianten werkplek partnerschap zij-instromers pabo deeltijd "
    "voltijd loopbaan vitaliteit coaching biografie schoolpraktijk beoordeling toetsing rubric "
    "kalibreren begeleiding werkplekbegeleider instituut lerarenopleider mentor stage duaal "
    "getuigschrift mbo academici professionalisering onderzoek praktijkgericht feedback "
    "portfolio reflectie leerroute maatwerk erkenning ervaring competenties curriculum "
    "samenwerking netwerk studiedag werksessie opbrengst inzicht vraagstuk bespreekpunt "
    "diversiteit talent leiderschap ondernemerschap creativiteit zelfregulering burgerschap "
    "didactiek pedagogiek vakkennis inductie startende leraren schoolleider bestuur beleid"
)
FILLER_WORDS = "de het een en van in op met voor over bij als dat die wij ook nog"
WORDS = FIELD_WORDS.split()
FILLER = FILLER_WORDS.split()


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS if rng.random() < 0.4 else FILLER) for _ in range(length))


def seed() -> None:
    """Runs inside Django (see __main__): adds the pages, topics and posts once."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.rich_text import RichText

    from community.models import BespreekpuntPage, Post, Topic
    from knowledge.models import ArticlePage, KnowledgeIndexPage

    rng = random.Random(8)
    index = KnowledgeIndexPage.objects.filter(locale__language_code="nl").first()
    bespreekpunten = list(BespreekpuntPage.objects.live().filter(locale__language_code="nl"))
    author = get_user_model().objects.filter(is_superuser=False).first()
    if index is None or not bespreekpunten or author is None:
        raise SystemExit("the demo content has no knowledge base, bespreekpunt or member")
    now = timezone.now()
    for number in range(ArticlePage.objects.count(), PAGES):
        title = f"{sentence(rng, 4).capitalize()} {number}"
        index.add_child(
            instance=ArticlePage(
                title=title,
                slug=f"bench-{number}",
                summary=sentence(rng, 30),
                body=[("paragraph", RichText(f"<p>{sentence(rng, 120)}</p>"))],
                first_published_at=now,
                live=True,
            )
        )
        index.refresh_from_db()
    topics_needed = POSTS // POSTS_PER_TOPIC - Topic.objects.count()
    Topic.objects.bulk_create(
        Topic(
            bespreekpunt=bespreekpunten[number % len(bespreekpunten)],
            title=sentence(rng, 6).capitalize(),
            slug=f"bench-{number}",
            author=author,
            last_posted_at=now,
            post_count=POSTS_PER_TOPIC,
        )
        for number in range(max(topics_needed, 0))
    )
    topic_ids = list(Topic.objects.values_list("pk", flat=True))
    batch = []
    for number in range(Post.objects.count(), POSTS):
        body = sentence(rng, rng.randint(20, 90))
        batch.append(
            Post(
                topic_id=topic_ids[number % len(topic_ids)],
                number=POSTS_PER_TOPIC + 1 + number // len(topic_ids),
                author=author,
                body=body,
                html=f"<p>{body}</p>",
            )
        )
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)


def queries(rng: random.Random) -> list[dict[str, str]]:
    mix = []
    for number in range(QUERIES):
        word, other = rng.sample(WORDS, 2)
        shape = number % 10
        if shape < 3:
            mix.append({"q": word})
        elif shape < 5:
            mix.append({"q": f"{word} {other}"})
        elif shape == 5:
            mix.append({"q": f'"{word} {other}"'})
        elif shape == 6:
            mix.append({"q": f"{word} -{other}"})
        elif shape == 7:
            mix.append({"q": word, "type": rng.choice(["post", "article", "topic"])})
        elif shape == 8:
            mix.append({"q": f"{word} year:{rng.choice([2024, 2025, 2026])}"})
        else:
            mix.append({"q": "", "type": "article", "page": str(rng.randint(1, 20))})
    return mix


def run(report: Report) -> None:
    env = {**prepared_site(report.workdir), "BENCH_SEARCH_POSTS": str(POSTS)}
    env["BENCH_SEARCH_PAGES"] = str(PAGES)
    seeding = subprocess.run(
        [sys.executable, "-m", "bench.bench_search"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if seeding.returncode:
        raise BenchError(f"seeding failed:\n{seeding.stdout}\n{seeding.stderr}")
    manage(env, "rebuild_search_index")
    latencies: list[float] = []
    errors = 0
    with serve(env, report.workdir, workers=report.workers) as base_url, httpx.Client() as client:
        urls = [
            f"{base_url}/nl/zoeken/?{urlencode(params)}" for params in queries(random.Random(1))
        ]
        first = client.get(urls[0], timeout=30)
        if first.status_code != 200:
            raise BenchError(f"GET {urls[0]} answered {first.status_code}: {first.text[:500]}")
        for url in urls[:20]:  # warm-up: connections, caches, stemmer
            client.get(url, timeout=30)
        started = time.perf_counter()
        for url in urls:
            began = time.perf_counter()
            status = client.get(url, timeout=30).status_code
            latencies.append(time.perf_counter() - began)
            errors += status != 200
        elapsed = time.perf_counter() - started
    result = LoadResult(latencies=latencies, elapsed=elapsed, errors=errors)
    p95 = percentile(latencies, 95) * 1000
    verdict = "meets" if p95 < 50 else "MISSES"
    database = env["DATABASE_URL"].split(":", 1)[0]
    report.add(
        f"search: {QUERIES} mixed queries",
        result,
        f"p95 {p95:.1f} ms ({verdict} the 50 ms goal); {POSTS} posts, {PAGES} pages, {database}",
    )
    report.notes.append(
        "search: one client, sequential requests to /nl/zoeken/ after 20 warm-up queries; "
        "set BENCH_SEARCH_POSTS / BENCH_SEARCH_PAGES for a smaller run"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    seed()
