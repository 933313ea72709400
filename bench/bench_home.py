"""The Dutch home page beside a bare Django view, on one production-shaped server in one run.

Both go through the full middleware stack; the difference is what Wagtail's page serving,
the templates and the home page's sections cost.
"""

from bench.common import Report, load, prepared_site, serve


def run(report: Report) -> None:
    env = prepared_site(report.workdir)
    with serve(env, report.workdir, workers=report.workers) as base_url:
        bare = load(f"{base_url}/bench/bare", report.requests, report.clients)
        home = load(f"{base_url}/nl/", report.requests, report.clients)
    ratio = bare.requests_per_second / home.requests_per_second
    report.add("bare view /bench/bare", bare, "middleware only")
    report.add("home page /nl/", home, f"demo content; bare/home requests/s = {ratio:.1f}")
    database = env["DATABASE_URL"].split(":", 1)[0]
    cache = "redis" if env.get("REDIS_URL") else "locmem"
    report.notes.append(
        f"home: uvicorn with {report.workers} workers, production settings, {database}, "
        f"{cache} cache; {report.requests} requests after a warm-up, {report.clients} clients"
    )
