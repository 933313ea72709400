"""One ASGI application for HTTP and websockets.

Django is set up before the routing imports, because consumers import models.
"""

import os

import django
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
django.setup(set_prefix=False)


class OneThreadASGIHandler(ASGIHandler):
    """Django's handler without a thread per request, for SQLite.

    Django runs each request's synchronous code in a thread of its own, so every request opens
    a new database connection. On SQLite that (opening the file and its write-ahead log,
    registering Django's SQL functions) was a third of a logged-in page's time. Here every
    request of a process runs in one thread that keeps its connection (CONN_MAX_AGE); SQLite
    writes one at a time anyway, and the server runs several processes. PostgreSQL keeps
    Django's handler and shares a pool between the threads (config.settings.production).
    """

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        await self.handle(scope, receive, send)


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    django_asgi_app: ASGIHandler = OneThreadASGIHandler()
else:
    django_asgi_app = ASGIHandler()

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
