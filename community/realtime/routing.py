"""Websocket routes of the community app; config/routing.py includes them.

The language prefix picks the language of the HTML and messages sent on the socket, like the
/nl/ and /en/ prefixes of pages.
"""

from django.urls import path

from community import converters  # noqa: F401 - registers <id:...>
from community.realtime import consumers

websocket_urlpatterns = [
    path(
        "ws/<str:language>/community/topic/<id:topic_id>/",
        consumers.TopicConsumer.as_asgi(),
    ),
    path(
        "ws/<str:language>/community/bespreekpunt/<id:page_id>/",
        consumers.BespreekpuntConsumer.as_asgi(),
    ),
    path("ws/<str:language>/community/me/", consumers.MemberConsumer.as_asgi()),
]
