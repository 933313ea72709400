"""Websocket routes of every app, gathered in one list for config.asgi."""

from django.urls import URLPattern, URLResolver, re_path

from community.realtime.consumers import NotFoundConsumer
from community.realtime.routing import websocket_urlpatterns as community_websockets

websocket_urlpatterns: list[URLPattern | URLResolver] = [
    *community_websockets,
    # Last: every other path is refused with a reason (no route would be a server error).
    re_path(r"", NotFoundConsumer.as_asgi()),
]
