"""Websocket routes of every app, gathered in one list for config.asgi."""

from django.urls import URLPattern, URLResolver

from community.realtime.routing import websocket_urlpatterns as community_websockets

websocket_urlpatterns: list[URLPattern | URLResolver] = [*community_websockets]
