"""Helpers of the hostile-input tests: what the database holds, to assert a refusal changed
nothing, and the check that an answer is a clear refusal in Dutch."""

from django.apps import apps

# Rows a refused request must leave alone. Reading a page may still count a visit or a read
# (Profile.days_visited, ReadState, Topic.view_count), which is not a change of the member's
# data, so those fields are left out.
_WATCHED = {
    "community.Post": None,
    "community.PostRevision": None,
    "community.Topic": ("view_count",),
    "community.Draft": ("updated_at",),
    "community.Notification": None,
    "community.Reaction": None,
    "community.Bookmark": None,
    "community.Flag": None,
    "community.TopicWatch": None,
    "community.BespreekpuntWatch": None,
    "community.Profile": ("days_visited", "last_visit_on", "posts_read", "trust_level"),
    "events.Registration": None,
    "account.EmailAddress": None,
    "auth.User": ("last_login",),
}


def snapshot() -> dict[str, list[tuple]]:
    """Every watched row as a tuple of its values, per model."""
    state = {}
    for label, skipped in _WATCHED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.name not in (skipped or ()) and field.attname not in (skipped or ())
        ]
        state[label] = sorted(model.objects.values_list(*fields), key=repr)
    return state


def assert_refused(response, *statuses: int, text: str | None = None) -> str:
    """A 4xx (one of `statuses` when given) whose page or JSON says why; returns the body."""
    status = response.status_code
    body = response.content.decode("utf-8", "replace")
    assert 400 <= status < 500, (status, body[:500])
    if statuses:
        assert status in statuses, (status, body[:500])
    if response.get("Content-Type", "").startswith("application/json"):
        assert str(response.json().get("detail", "")).strip(), body[:500]
    else:
        assert "<h1>" in body and 'lang="nl"' in body, body[:500]
    if text is not None:
        assert text in body, body[:2000]
    return body
