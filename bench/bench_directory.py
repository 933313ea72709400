"""The member directory (vind elkaar) at 10,000 members: p50 and p95 of 200 mixed searches.

    .venv/bin/python bench/run.py directory                          # SQLite
    psql -h 127.0.0.1 -U postgres -c 'create database bench_directory'  # once: a scratch database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_directory \
        .venv/bin/python bench/run.py directory

The demo site gets BENCH_DIRECTORY_MEMBERS members (default 10,000) with names, institutions,
partnerships, regions and one to four expertise tags drawn from fixed lists; 10% are not
listed, a third list their whole profile, and a tenth of those started topics and were
checked in at a session, so result pages show recent topics and sessions attended. Seeding is
resumable (member n is always the same). The 200 requests, sent one at a time by a logged-in
member, mix a name prefix, an expertise word, two words, an institution, an expertise tag, a
partnership, a region with a role, a word with a filter, and the plain listing at a random
page. Goal: p95 under 50 ms on both databases.

Measured 2026-12-03 on this 2-CPU machine shared with seven other developers' test runs (load
average 14), 10,000 members, SQLite, one client, two uvicorn workers: p50 207 ms, p95 327 ms,
p99 352 ms (first version: p95 626 ms); the table and what it means are in the README's
decision "Member directory search".
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
    Report,
    add_p95_row,
    prepared_site,
    sequential,
    serve,
)

MEMBERS = int(os.environ.get("BENCH_DIRECTORY_MEMBERS", "10000"))
QUERIES = 200
FIRST_NAMES = (
    "Anna Bas Carmen Daan Eline Fenna Gijs Hanna Iris Jasper Kim Lars Maaike Noor Olaf Pien "
    "Quinten Roos Sem Tess Umut Vera Wessel Yara Zeynep Ahmed Bregje Chaima Dirk Esra"
)
LAST_NAMES = (
    "de Jong,Jansen,de Vries,van den Berg,van Dijk,Bakker,Visser,Smit,Meijer,de Boer,Mulder,"
    "de Groot,Bos,Vos,Peters,Hendriks,van Leeuwen,Dekker,Brouwer,de Wit,Dijkstra,de Graaf,"
    "van der Meer,Kok,Yilmaz,El Idrissi,Şahin,Öztürk,Verhoeven,Willems"
)
PLACES = (
    "Deltastad Rijnland Noordkust Oost Zuiderkwartier Veenland IJsselmond Kempen Waddenkust "
    "Heuvelland Midden West"
)
REGION_NAMES = (
    "Groningen Friesland Drenthe Overijssel Flevoland Gelderland Utrecht Noord-Holland "
    "Zuid-Holland Zeeland Noord-Brabant Limburg"
)
EXPERTISE_WORDS = (
    "zij-instroom leeruitkomsten werkplekleren coaching assessment beoordeling mbo pabo "
    "deeltijd duaal opleidingsvarianten inductie mentoring loopbaanleren professionalisering "
    "onderzoek praktijkonderzoek burgerschap diversiteit taalonderwijs rekenonderwijs "
    "kalibreren portfolio feedback curriculum maatwerk erkenning schoolopleider "
    "werkplekbegeleider startende-leraren vakdidactiek pedagogiek leiderschap teamleren "
    "samen-opleiden academische-pabo lerarentekort vitaliteit reflectie"
)
FIRST = FIRST_NAMES.split()
LAST = LAST_NAMES.split(",")
INSTITUTIONS = [
    f"{kind} {place}"
    for kind in ("Pabo", "Lerarenopleiding", "Hogeschool", "Scholengroep", "Lyceum")
    for place in PLACES.split()[:10]
]
PARTNERSHIPS = [f"Samen Opleiden {place}" for place in PLACES.split()]
REGIONS = REGION_NAMES.split()
EXPERTISE = EXPERTISE_WORDS.split()
ROLES = ("institute", "school", "student", "policy", "research", "other")


def member_fields(number: int) -> dict:
    """Member n's profile, the same on every run."""
    rng = random.Random(f"member-{number}")
    listing = rng.choices(["basic", "full", "hidden"], weights=[57, 33, 10])[0]
    return {
        "display_name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
        "institution": rng.choice(INSTITUTIONS),
        "partnership": rng.choice(PARTNERSHIPS),
        "region": rng.choice(REGIONS),
        "role": rng.choice(ROLES),
        "directory_listing": listing,
        "expertise": rng.sample(EXPERTISE, rng.randint(1, 4)),
        "active": listing == "full" and number % 10 == 0,
    }


def seed() -> None:
    """Runs inside Django (see __main__): adds the members that are missing, in batches."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag

    from community.models import (
        BespreekpuntPage,
        DirectoryTerm,
        ExpertiseTag,
        Profile,
        Topic,
    )
    from community.models.profiles import profile_terms
    from events.models import EventPage, Registration

    user_model = get_user_model()
    started = time.perf_counter()
    now = timezone.now()
    have = set(
        user_model.objects.filter(username__startswith="bench-dir-").values_list(
            "username", flat=True
        )
    )
    missing = [n for n in range(MEMBERS) if f"bench-dir-{n}" not in have]
    tags = {
        name: Tag.objects.get_or_create(name=name, defaults={"slug": name})[0] for name in EXPERTISE
    }
    bespreekpunt = BespreekpuntPage.objects.live().filter(locale__language_code="nl").first()
    session = EventPage.objects.filter(slug="werksessie-themagroep-september-2022").first()
    for start in range(0, len(missing), 1000):
        batch = missing[start : start + 1000]
        fields = {n: member_fields(n) for n in batch}
        with transaction.atomic():
            users = user_model.objects.bulk_create(
                [
                    user_model(username=f"bench-dir-{n}", email=f"bench-dir-{n}@example.org")
                    for n in batch
                ]
            )
            by_name = dict(
                user_model.objects.filter(username__in=[u.username for u in users]).values_list(
                    "username", "pk"
                )
            )
            profiles = Profile.objects.bulk_create(
                [
                    Profile(
                        user_id=by_name[f"bench-dir-{n}"],
                        **{k: v for k, v in fields[n].items() if k not in ("expertise", "active")},
                    )
                    for n in batch
                ]
            )
            profile_ids = dict(
                Profile.objects.filter(user_id__in=by_name.values()).values_list("user_id", "pk")
            )
            items, terms, topics, registrations = [], [], [], []
            for n, profile in zip(batch, profiles, strict=True):
                user_id = by_name[f"bench-dir-{n}"]
                profile.pk = profile_ids[user_id]
                expertise = fields[n]["expertise"]
                items += [
                    ExpertiseTag(content_object_id=profile.pk, tag=tags[e]) for e in expertise
                ]
                terms += [
                    DirectoryTerm(profile_id=profile.pk, term=term)
                    for term in profile_terms(profile, expertise)
                ]
                if fields[n]["active"] and bespreekpunt is not None:
                    topics += [
                        Topic(
                            bespreekpunt=bespreekpunt,
                            title=f"Vraag {k} van lid {n} over {expertise[0]}",
                            slug=f"bench-dir-{n}-{k}",
                            author_id=user_id,
                            last_posted_at=now,
                        )
                        for k in range(3)
                    ]
                if fields[n]["active"] and session is not None:
                    registrations.append(
                        Registration(
                            event=session,
                            user_id=user_id,
                            name=profile.display_name,
                            email=f"bench-dir-{n}@example.org",
                            status=Registration.Status.CONFIRMED,
                            checked_in_at=session.start,
                        )
                    )
            ExpertiseTag.objects.bulk_create(items)
            DirectoryTerm.objects.bulk_create(terms)
            Topic.objects.bulk_create(topics)
            Registration.objects.bulk_create(registrations)
        print(f"members: {start + len(batch)}/{len(missing)}", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("community_profile", "community_directoryterm", "community_expertisetag"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)


# A session key for demo member "anouk", printed last.
SESSION = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
anouk = get_user_model().objects.get(username="anouk")
session = SessionStore()
session["_auth_user_id"] = str(anouk.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = anouk.get_session_auth_hash()
session.create()
print(session.session_key)
"""

SHAPES = (
    "name",
    "expertise word",
    "two words",
    "institution",
    "tag",
    "partnership",
    "region and role",
    "word and filter",
    "listing page",
    "name",
)


def queries(rng: random.Random) -> list[dict[str, str]]:
    """The mix: query n has shape SHAPES[n % 10]."""
    mix: list[dict[str, str]] = []
    for number in range(QUERIES):
        shape = SHAPES[number % 10]
        if shape == "name":
            mix.append({"q": rng.choice(LAST if rng.random() < 0.5 else FIRST)[:4]})
        elif shape == "expertise word":
            mix.append({"q": rng.choice(EXPERTISE)})
        elif shape == "two words":
            mix.append({"q": f"{rng.choice(FIRST)} {rng.choice(EXPERTISE)[:5]}"})
        elif shape == "institution":
            mix.append({"institution": rng.choice(INSTITUTIONS)})
        elif shape == "tag":
            mix.append({"expertise": rng.choice(EXPERTISE), "page": str(rng.randint(1, 3))})
        elif shape == "partnership":
            mix.append({"partnership": rng.choice(PARTNERSHIPS)})
        elif shape == "region and role":
            mix.append({"region": rng.choice(REGIONS), "role": rng.choice(ROLES)})
        elif shape == "word and filter":
            mix.append({"q": rng.choice(EXPERTISE)[:6], "region": rng.choice(REGIONS)})
        else:
            mix.append({"page": str(rng.randint(1, 400))})
    return mix


def run(report: Report) -> None:
    env = {**prepared_site(report.workdir), "BENCH_DIRECTORY_MEMBERS": str(MEMBERS)}
    seeding = subprocess.run(
        [sys.executable, "-m", "bench.bench_directory"], cwd=ROOT, env=env, stdout=sys.stderr
    )
    if seeding.returncode:
        raise BenchError("seeding the directory failed (see above)")
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SESSION],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise BenchError(f"making a session failed:\n{done.stdout}\n{done.stderr}")
    cookies = {"sessionid": done.stdout.strip().splitlines()[-1]}
    mix = queries(random.Random(15))
    with serve(env, report.workdir, workers=report.workers) as base_url:
        urls = [f"{base_url}/nl/leden/?{urlencode(query)}" for query in mix]
        with httpx.Client(cookies=cookies, timeout=30) as client:
            first = client.get(urls[0])
            if first.status_code != 200 or "directory-results" not in first.text:
                raise BenchError(f"GET {urls[0]} answered {first.status_code}: {first.text[:300]}")
            result = sequential(client, urls)  # warm-up: connections, filter choices
    database = env["DATABASE_URL"].split(":", 1)[0]
    add_p95_row(
        report,
        f"directory: {QUERIES} mixed searches",
        result,
        SHAPES,
        f"{MEMBERS} members, {database}",
    )
    report.notes.append(
        "directory: one logged-in client, sequential requests to /nl/leden/ after 20 warm-up "
        "requests; BENCH_DIRECTORY_MEMBERS for another size"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    seed()
