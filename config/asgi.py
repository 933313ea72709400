"""One ASGI application for HTTP and websockets.

Django is set up before the routing imports, because consumers import models.
"""

import gc
import os
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup(set_prefix=False)


class SyncChainASGIHandler(ASGIHandler):
    """Django's ASGI handler running each request's middleware, view and rendering in one go
    on one thread.

    All our middleware is synchronous, and Django's async handler hands each request back and
    forth between the event loop and a thread several times (into the middleware, out for the
    innermost handler, in for the view, out, in for the rendering). Each handover waits for the
    loop, which is busy with other requests, and for the GIL. Here the synchronous chain runs in
    one call; the loop only reads requests and sends responses.
    """

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


class ReadWriteThreadsASGIHandler(SyncChainASGIHandler):
    """`SyncChainASGIHandler` with two long-lived threads per process instead of one per
    request, for SQLite.

    Django runs each request's synchronous code in a thread of its own, so every request opens
    a new database connection. On SQLite that (opening the file and its write-ahead log,
    registering Django's SQL functions) was a third of a logged-in page's time. Here reads (GET,
    HEAD, OPTIONS) run in one thread of the process and everything else in another, each
    keeping its connection (CONN_MAX_AGE). Two, not one: a write that waits for SQLite's write
    lock (held by another process) sleeps in its thread, and the process's readers go on beside
    it instead of queueing behind it. SQLite writes one at a time anyway, and the server runs
    several processes. PostgreSQL keeps a thread per request and shares a connection pool
    between them (config.settings.production).
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self) -> None:
        super().__init__()
        self._readers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="http-reads")
        self._writers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="http-writes")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self._readers if scope.get("method") in self.SAFE_METHODS else self._writers
        async with ThreadSensitiveContext(executor=executor):
            await self.handle(scope, receive, send)


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    django_asgi_app: ASGIHandler = ReadWriteThreadsASGIHandler()
else:
    django_asgi_app = SyncChainASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from config.websocket import same_site_origin_validator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": same_site_origin_validator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# What is loaded by now (Django, Wagtail, every app's models, the URLs) lives as long as the
# process. Left to the garbage collector, each full collection walks all of it: ~260,000
# objects, a pause of 130 ms measured in a topic page's worker, once in a few hundred requests
# (their p99). Frozen, a full collection walks only what requests made: 7 ms.
get_resolver().url_patterns  # noqa: B018 - imported now, to be frozen with the rest
gc.freeze()
