"""Channel-layer group names. Other apps send to these; keep them stable.

Group names allow only ASCII letters, digits, hyphens, underscores and periods.
"""


def topic_group(topic_id: int, language: str) -> str:
    # Per language: the post HTML carries the language's URLs and interface words.
    return f"community.topic.{topic_id}.{language}"


def bespreekpunt_group(bespreekpunt_id: int, language: str) -> str:
    return f"community.bespreekpunt.{bespreekpunt_id}.{language}"


def member_group(user_id: int) -> str:
    """Every open socket of one member (all tabs, all server processes).

    Send {"type": "notification.count", "count": n} or {"type": "notification.new", "text",
    "url", "count"} through `community.realtime.broadcast.send_to_member`.
    """
    return f"community.member.{user_id}"
