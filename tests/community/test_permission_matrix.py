"""Who may do what: every role against every community action, each cell asserted.

The table below is the specification. Y: allowed, N: denied (PermissionDenied). Level 0 may post,
but its posts wait for approval: "allowed (pending)", asserted separately. "own" means the
actor's own post; an anonymous visitor has none, so it tries someone else's.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from community import actions, moderation, trust
from community.models import BespreekpuntPage
from tests.factories import ProfileFactory, UserFactory, make_member

TABLE = """
action              anonymous tl0 tl1 tl2 tl3 tl4 moderator editor admin
create_topic        N         Y   Y   Y   Y   Y   Y         Y      Y
create_post         N         Y   Y   Y   Y   Y   Y         Y      Y
edit_own_post       N         Y   Y   Y   Y   Y   Y         Y      Y
edit_other_post     N         N   N   N   N   N   Y         N      Y
delete_own_post     N         Y   Y   Y   Y   Y   Y         Y      Y
delete_other_post   N         N   N   N   N   N   N         N      N
react               N         Y   Y   Y   Y   Y   Y         Y      Y
bookmark            N         Y   Y   Y   Y   Y   Y         Y      Y
mark_key_insight    N         N   N   N   N   N   Y         N      Y
hide                N         N   N   N   N   N   Y         N      Y
set_trust_level     N         N   N   N   N   N   Y         N      Y
flag_post           N         Y   Y   Y   Y   Y   Y         Y      Y
review_post         N         N   N   N   N   N   Y         N      Y
warn_member         N         N   N   N   N   N   Y         N      Y
pin_topic           N         N   N   N   N   N   Y         N      Y
close_topic         N         N   N   N   N   N   Y         N      Y
move_topic          N         N   N   N   N   N   Y         N      Y
split_topic         N         N   N   N   N   N   Y         N      Y
"""
_HEADER, *_ROWS = [line.split() for line in TABLE.strip().splitlines()]
ROLES = _HEADER[1:]
EXPECTED = {
    row[0]: dict(zip(ROLES, (cell == "Y" for cell in row[1:]), strict=True)) for row in _ROWS
}


def _own_post(actor, ctx):
    # Anonymous visitors own nothing: they try the other member's post.
    if not actor.is_authenticated:
        return ctx["other_post"]
    return actions.do_create_post(actor, ctx["topic"], body="Mijn eigen bericht")


ACTIONS = {
    "create_topic": lambda a, c: actions.check_create_topic(
        a, c["bespreekpunt"], title="Nieuw onderwerp", body="Tekst"
    ),
    "create_post": lambda a, c: actions.check_create_post(a, c["topic"], body="Een reactie"),
    "edit_own_post": lambda a, c: actions.check_edit_post(a, _own_post(a, c), body="Bewerkt"),
    "edit_other_post": lambda a, c: actions.check_edit_post(a, c["other_post"], body="Bewerkt"),
    "delete_own_post": lambda a, c: actions.check_delete_post(a, _own_post(a, c)),
    "delete_other_post": lambda a, c: actions.check_delete_post(a, c["other_post"]),
    "react": lambda a, c: actions.check_react(a, c["other_post"], "heart"),
    "bookmark": lambda a, c: actions.check_toggle_bookmark(a, c["other_post"]),
    "mark_key_insight": lambda a, c: actions.check_mark_key_insight(a, c["other_post"]),
    "hide": lambda a, c: actions.check_hide_post(a, c["other_post"]),
    "set_trust_level": lambda a, c: trust.check_set_trust_level(a, c["other"], 2),
    "flag_post": lambda a, c: moderation.check_flag_post(a, c["other_post"], reason="spam"),
    "review_post": lambda a, c: moderation.check_review_post(
        a, c["other_post"], decision="approve"
    ),
    "warn_member": lambda a, c: moderation.check_warn_member(
        a, c["other"], reason="Let op je toon", post=c["other_post"]
    ),
    "pin_topic": lambda a, c: moderation.check_pin_topic(a, c["topic"], pinned=True),
    "close_topic": lambda a, c: moderation.check_close_topic(a, c["topic"], closed=True),
    "move_topic": lambda a, c: moderation.check_move_topic(a, c["topic"], c["target"]),
    "split_topic": lambda a, c: moderation.check_split_topic(
        a, c["topic"], numbers=[2], title="Afgesplitst"
    ),
}


def test_the_table_covers_every_action():
    assert set(EXPECTED) == set(ACTIONS)


def _actor(role: str):
    if role == "anonymous":
        return AnonymousUser()
    if role.startswith("tl"):
        return make_member(f"lid-{role}", trust_level=int(role[2:]))
    if role == "moderator":
        return make_member("mod", group="Moderators", trust_level=1)
    if role == "editor":
        return make_member("redactie", group="Editors", trust_level=1)
    admin = UserFactory(username="beheer", is_superuser=True, is_staff=True)
    ProfileFactory(user=admin)
    return admin


class _Rollback(Exception):
    pass


@pytest.mark.parametrize("role", ROLES)
def test_every_action_for_role(role, bespreekpunt, other_member):
    actor = _actor(role)
    target = bespreekpunt.get_parent().add_child(
        instance=BespreekpuntPage(
            title="Elders", slug="elders", number=2, intro="<p>Elders.</p>", questions="<p>?</p>"
        )
    )
    outcome = {}
    for name, run in ACTIONS.items():
        # Each action starts from the same fresh topic; its writes are rolled back after.
        try:
            with transaction.atomic():
                topic = actions.do_create_topic(
                    other_member, bespreekpunt, title="Onderwerp van een ander", body="Eerste"
                )
                other_post = actions.do_create_post(other_member, topic, body="Tweede")
                ctx = {
                    "bespreekpunt": bespreekpunt,
                    "topic": topic,
                    "other_post": other_post,
                    "other": other_member,
                    "target": target,
                }
                try:
                    result = run(actor, ctx)
                except PermissionDenied:
                    outcome[name] = False
                else:
                    outcome[name] = True
                    if name in ("create_topic", "create_post"):
                        # Level 0 is "allowed (pending)": the post waits for a moderator.
                        post = result.posts.get() if name == "create_topic" else result
                        assert post.is_pending == (role == "tl0"), (name, role)
                        assert result.is_pending == (role == "tl0"), (name, role)
                raise _Rollback
        except _Rollback:
            pass
    expected = {name: EXPECTED[name][role] for name in ACTIONS}
    unexpected = {
        name: ("allowed" if outcome[name] else "denied")
        for name in ACTIONS
        if outcome[name] != expected[name]
    }
    assert not unexpected, f"{role}: {unexpected}"
